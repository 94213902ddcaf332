"""The ASLL section of the person's file in the workspace: a checkpoint held or not held, a meeting
between checkpoints, the operator and the financing of a new measure — each through the API's
service, back to the file with a French message."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.periodes import aujourdhui
from logement.models import EtatPointEtape, FinancementMesure, MesureASLL, PointEtape, RencontreASLL
from logement.services import rencontre_creer
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from tests.comptes.factories import agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


def _il_y_a(mois: int = 0, jours: int = 0) -> datetime.date:
    return aujourdhui() - relativedelta(months=mois, days=jours)


def _fiche(client, usager) -> str:
    reponse = client.get(f"/espace/usagers/{usager.pk}/")
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_un_point_en_retard_se_note_non_tenu_depuis_la_fiche(client):
    mesure = MesureASLLFactory(date_debut=_il_y_a(mois=3))
    point = mesure.points_etape.get(rang=1)
    client.force_login(mesure.referent)
    fiche = _fiche(client, mesure.usager)
    assert f"/espace/asll/points-etape/{point.pk}/non-tenu/" in fiche
    assert f"/espace/asll/points-etape/{point.pk}/tenu/" in fiche

    formulaire = client.get(f"/espace/asll/points-etape/{point.pk}/non-tenu/").content.decode()
    assert "Constaté le" in formulaire and "Raison" in formulaire
    futur = client.post(
        f"/espace/asll/points-etape/{point.pk}/non-tenu/",
        {"date_non_tenu": (aujourdhui() + relativedelta(days=2)).isoformat()},
    )
    assert futur.status_code == 200 and "ne peut pas être dans le futur" in futur.content.decode()

    reponse = client.post(
        f"/espace/asll/points-etape/{point.pk}/non-tenu/",
        {"date_non_tenu": _il_y_a(jours=1).isoformat(), "raison": "Personne absente"},
        follow=True,
    )

    assert reponse.redirect_chain[-1][0].startswith(f"/espace/usagers/{mesure.usager_id}/")
    page = reponse.content.decode()
    assert "noté non tenu" in page and "Personne absente" in page
    assert PointEtape.objects.avec_etat().get(pk=point.pk).etat == EtatPointEtape.NON_TENU
    assert MesureASLL.objects.avec_prochain_point_etape().get(pk=mesure.pk).en_retard is False
    # Held after all: offered in place of the « non tenu ».
    assert "Finalement tenu" in page


def test_une_rencontre_se_saisit_depuis_la_fiche_et_s_y_lit(client):
    mesure = MesureASLLFactory(date_debut=_il_y_a(mois=2))
    client.force_login(mesure.referent)
    assert f"/espace/asll/mesures/{mesure.pk}/rencontre/" in _fiche(client, mesure.usager)

    formulaire = client.get(f"/espace/asll/mesures/{mesure.pk}/rencontre/").content.decode()
    assert "Visite à domicile" in formulaire and "Accompagnement physique" in formulaire
    assert not re.search(r"<option[^>]*selected[^>]*>Visite", formulaire)
    reponse = client.post(
        f"/espace/asll/mesures/{mesure.pk}/rencontre/",
        {"date": _il_y_a(mois=1).isoformat(), "type": "visite_domicile", "note": "Point sur les factures"},
        follow=True,
    )

    page = reponse.content.decode()
    assert "La rencontre est enregistrée." in page
    assert "Point sur les factures" in page and "Visite à domicile" in page
    assert RencontreASLL.objects.get().cree_par == mesure.referent
    avant = client.post(
        f"/espace/asll/mesures/{mesure.pk}/rencontre/",
        {"date": (mesure.date_debut - relativedelta(days=1)).isoformat(), "type": "telephone"},
    )
    assert avant.status_code == 200 and "ne peut pas précéder" in avant.content.decode()
    # Outside the grants, the measure does not exist.
    client.force_login(agent("asll", CHENOVE))
    assert client.get(f"/espace/asll/mesures/{mesure.pk}/rencontre/").status_code == 404


def test_une_mesure_s_ouvre_avec_son_financement_et_son_operateur(client):
    operateur = Partenaire.objects.create(nom="Opérateur ASLL (essai)", type=TypePartenaire.OPERATEUR)
    Partenaire.objects.create(nom="CAF (essai)", type=TypePartenaire.CAF)
    travailleur = agent("asll", DIJON)
    usager = UsagerFactory(code_commune=DIJON)
    client.force_login(travailleur)
    formulaire = client.get(f"/espace/usagers/{usager.pk}/asll/ouvrir/").content.decode()
    assert "Opérateur ASLL (essai)" in formulaire and "CAF (essai)" not in formulaire

    client.post(
        f"/espace/usagers/{usager.pk}/asll/ouvrir/",
        {
            "type": "maintien",
            "financement": FinancementMesure.DROIT_COMMUN,
            "operateur": operateur.pk,
            "date_debut": _il_y_a(mois=1).isoformat(),
            "duree_mois": "6",
            "objectifs": ["budget"],
        },
    )

    mesure = MesureASLL.objects.get(usager=usager)
    assert (mesure.financement, mesure.operateur) == (FinancementMesure.DROIT_COMMUN, operateur)
    assert "Mesure ASLL ordinaire (FSL)" in _fiche(client, usager)


def test_la_partie_asll_coute_autant_de_requetes_avec_une_rencontre_qu_avec_dix(client):
    referent = agent("asll", DIJON)
    une, dix = UsagerFactory(code_commune=DIJON), UsagerFactory(code_commune=DIJON)
    for usager, nombre in ((une, 1), (dix, 10)):
        mesure = MesureASLLFactory(usager=usager, referent=referent, date_debut=_il_y_a(mois=6))
        for i in range(nombre):
            rencontre_creer(mesure=mesure, date=_il_y_a(mois=5, jours=-i), type="telephone", par=referent)
    MesureASLLFactory(usager=dix, referent=referent, date_debut=_il_y_a(mois=6), type="maintien")
    client.force_login(referent)

    def requetes(usager) -> int:
        with CaptureQueriesContext(connection) as capture:
            _fiche(client, usager)
        return len(capture)

    assert requetes(une) == requetes(dix)


def test_chaque_point_d_etape_dit_son_etat_en_mots(client):
    mesure = MesureASLLFactory(date_debut=_il_y_a(mois=5), duree_mois=12)
    client.force_login(mesure.referent)
    points = list(mesure.points_etape.order_by("date_prevue"))
    client.post(f"/espace/asll/points-etape/{points[0].pk}/tenu/", {"date_realisee": points[0].date_prevue})
    client.post(
        f"/espace/asll/mesures/{mesure.pk}/cloturer/",
        {"date_fin": aujourdhui().isoformat(), "issue": "objectifs_atteints"},
    )

    page = _fiche(client, mesure.usager)
    etats = re.findall(r"<tr><td>\d\d/\d\d/\d{4}</td>\s*<td>(.*?)</td>", page, flags=re.S)

    assert etats[0] == "Réalisé"
    assert etats[1] == "Annulé (non tenu)"  # due before the end, never held: closed as not held
    assert etats[-1] == "Annulé (mesure terminée avant cette date)"
    assert all(etats)
