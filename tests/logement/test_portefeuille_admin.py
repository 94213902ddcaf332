"""The ASLL caseload in the admin: mine by default, next checkpoint and late, holding a checkpoint,
the lifecycle actions through the services, the ACOR waiting list and places left."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.periodes import aujourdhui
from logement.models import MesureASLL, PointEtape, StatutMesure
from tests.comptes.factories import agent
from tests.logement.factories import CapaciteACORFactory, MesureASLLFactory, SituationACORFactory
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def travailleur(client):
    user = agent("asll", DIJON, username="ts-portefeuille")
    client.force_login(user)
    return user


def _mesure_en_retard(referent, nom="RETARD"):
    # Started 3 months ago: the checkpoint at 2 months is a month late.
    return MesureASLLFactory(
        usager=UsagerFactory(nom=nom),
        referent=referent,
        date_debut=aujourdhui() - relativedelta(months=3),
    )


def test_le_portefeuille_montre_mes_mesures_et_marque_le_retard(client, travailleur):
    _mesure_en_retard(travailleur)
    MesureASLLFactory(usager=UsagerFactory(nom="COLLEGUE"), referent=agent("asll", DIJON))

    page = client.get("/admin/logement/mesureasll/").content.decode()

    assert "RETARD" in page and "COLLEGUE" not in page
    assert "en retard de" in page
    toutes = client.get("/admin/logement/mesureasll/", {"mesures": "toutes"}).content.decode()
    assert "COLLEGUE" in toutes


def test_le_filtre_en_retard(client, travailleur):
    _mesure_en_retard(travailleur)
    MesureASLLFactory(usager=UsagerFactory(nom="A_JOUR"), referent=travailleur)

    page = client.get("/admin/logement/mesureasll/", {"echeance": "en_retard"}).content.decode()

    assert "RETARD" in page and "A_JOUR" not in page


def test_le_portefeuille_coute_autant_de_requetes_pour_une_mesure_que_pour_dix(client, travailleur):
    _mesure_en_retard(travailleur, "UN")
    with CaptureQueriesContext(connection) as une:
        client.get("/admin/logement/mesureasll/")
    for i in range(9):
        _mesure_en_retard(travailleur, f"AUTRE{i}")
    with CaptureQueriesContext(connection) as dix:
        page = client.get("/admin/logement/mesureasll/").content.decode()

    assert page.count("en retard de") == 10
    assert len(dix) == len(une)


def test_tenir_un_point_d_etape_en_retard(client, travailleur):
    mesure = _mesure_en_retard(travailleur)
    point = mesure.points_etape.order_by("rang").first()
    url = f"/admin/logement/pointetape/{point.pk}/change/"

    assert client.get(url).status_code == 200
    futur = client.post(url, {"date_realisee": (aujourdhui() + datetime.timedelta(days=3)).isoformat()})
    assert futur.status_code == 200 and "errornote" in futur.content.decode()

    reponse = client.post(
        url,
        {
            "date_realisee": aujourdhui().isoformat(),
            "compte_rendu": "Budget revu avec Mme.",
            "avancement_budget": "en_cours",
            "avancement_droits": "",
        },
    )

    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    point.refresh_from_db()
    assert point.date_realisee == aujourdhui() and point.realise_par == travailleur
    assert [(p.objectif, p.avancement) for p in point.progressions.all()] == [("budget", "en_cours")]
    assert not MesureASLL.objects.avec_prochain_point_etape().get(pk=mesure.pk).en_retard


def test_cloturer_sans_issue_ou_trop_tot_est_une_erreur_de_formulaire(client, travailleur):
    mesure = _mesure_en_retard(travailleur)
    base = {"action": "cloturer", "_selected_action": [mesure.pk], "appliquer": "1"}

    refus = client.post(
        "/admin/logement/mesureasll/",
        {**base, "date_fin": (mesure.date_debut - datetime.timedelta(days=1)).isoformat(), "issue": "autre"},
    )
    assert refus.status_code == 200
    assert "ne peut pas précéder" in refus.content.decode()

    client.post(
        "/admin/logement/mesureasll/", {**base, "date_fin": aujourdhui().isoformat(), "issue": "autre"}
    )
    mesure.refresh_from_db()
    assert mesure.statut == StatutMesure.TERMINEE


def test_suspendre_reprendre_renouveler(client, travailleur):
    mesure = _mesure_en_retard(travailleur)
    actions = "/admin/logement/mesureasll/"
    selection = {"_selected_action": [mesure.pk], "appliquer": "1"}

    client.post(actions, {**selection, "action": "suspendre", "date_suspension": aujourdhui().isoformat()})
    mesure.refresh_from_db()
    assert mesure.statut == StatutMesure.SUSPENDUE
    client.post(actions, {**selection, "action": "reprendre", "date_reprise": aujourdhui().isoformat()})
    mesure.refresh_from_db()
    assert mesure.statut == StatutMesure.EN_COURS
    trop = client.post(actions, {**selection, "action": "renouveler", "duree_mois": 24})
    assert "24 mois" in trop.content.decode()
    client.post(actions, {**selection, "action": "renouveler", "duree_mois": 6})
    mesure.refresh_from_db()
    assert mesure.duree_mois == 12
    assert PointEtape.objects.filter(mesure=mesure).count() == 6


def test_ouvrir_une_mesure_dans_l_admin(client, travailleur):
    usager = UsagerFactory()
    reponse = client.post(
        "/admin/logement/mesureasll/add/",
        {
            "usager": usager.pk,
            "type": "acces",
            "prescripteur": "autre",
            "financement": "pacte",  # the form's initial value, sent by the browser
            "date_debut": aujourdhui().isoformat(),
            "duree_mois": 6,
            "objectifs": ["budget"],
            "referent": "",
            "nb_adultes": 1,
            "nb_enfants": 0,
        },
    )

    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    mesure = MesureASLL.objects.get(usager=usager)
    assert mesure.referent == travailleur and mesure.points_etape.count() == 3


def test_acor_liste_d_attente_et_places_restantes(client):
    intervenant = agent("acor", DIJON)
    client.force_login(intervenant)
    CapaciteACORFactory(
        date_debut=aujourdhui() - datetime.timedelta(days=30),
        date_fin=aujourdhui() + datetime.timedelta(days=30),
        places=8,
    )
    SituationACORFactory(usager=UsagerFactory(nom="ATTEND", date_naissance=datetime.date(1990, 1, 1)))

    page = client.get("/admin/logement/situationacor/").content.decode()

    assert "Liste d&#x27;attente (1)" in page or "Liste d'attente (1)" in page
    assert "ATTEND" in page
    assert "<strong>8</strong> place(s) restante(s) sur 8" in page
