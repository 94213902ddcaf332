"""Fiche 2.1 asks for more: the operator carrying a measure, whether it is the pacte's reinforced support
or an ordinary ASLL measure, the meetings between checkpoints (« rapprocher la fréquence des
rencontres ») and a checkpoint recorded as not held — through the API, the services, the workspace and
the reminders."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.test import Client

from config import dispositifs as registre
from config.errors import RegleMetierError
from config.periodes import aujourdhui
from indicateurs.calcul import compter
from logement.models import (
    EtatPointEtape,
    FinancementMesure,
    MesureASLL,
    MotifAnnulation,
    PointEtape,
    RencontreASLL,
)
from logement.rappels import POINT_ETAPE_EN_RETARD, POINT_ETAPE_ESCALADE
from logement.services import (
    mesure_cloturer,
    mesure_suspendre,
    point_etape_non_tenu,
    point_etape_realiser,
    rencontre_creer,
)
from notifications.models import Notification
from notifications.services import rappels_creer
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from tests.comptes.factories import agent
from tests.logement.factories import MesureASLLFactory
from tests.outils import champs_en_erreur, requetes_de_liste
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

MESURES = "/api/v1/asll/mesures/"
POINTS = "/api/v1/asll/points-etape/"
RENCONTRES = "/api/v1/asll/rencontres/"
D = datetime.date


def _il_y_a(mois: int = 0, jours: int = 0) -> datetime.date:
    return aujourdhui() - relativedelta(months=mois, days=jours)


@pytest.fixture
def travailleur():
    return agent("asll", DIJON)


@pytest.fixture
def client(client_de, travailleur):
    return client_de(travailleur)


@pytest.fixture
def operateur():
    return Partenaire.objects.create(nom="Opérateur ASLL (essai)", type=TypePartenaire.OPERATEUR)


def _point_en_retard(travailleur) -> PointEtape:
    mesure = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=3))
    return mesure.points_etape.get(rang=1)


# --- the operator and the financing -------------------------------------------------------------


def test_une_mesure_nomme_son_operateur_et_son_financement(client, operateur):
    usager = UsagerFactory(code_commune=DIJON)
    corps = {
        "usager": usager.id,
        "type": "acces",
        "date_debut": _il_y_a(mois=1).isoformat(),
        "duree_mois": 6,
        "objectifs": ["budget"],
    }

    par_defaut = client.post(MESURES, corps, format="json")
    assert par_defaut.status_code == 201, par_defaut.json()
    assert (par_defaut.json()["financement"], par_defaut.json()["operateur"]) == ("pacte", None)

    autre = UsagerFactory(code_commune=DIJON)
    ordinaire = client.post(
        MESURES,
        {**corps, "usager": autre.id, "operateur": operateur.id, "financement": "droit_commun"},
        format="json",
    )
    assert ordinaire.status_code == 201, ordinaire.json()
    assert (ordinaire.json()["financement"], ordinaire.json()["operateur"]) == ("droit_commun", operateur.id)


def test_un_operateur_desactive_ou_qui_n_en_est_pas_un_est_refuse_en_nommant_le_champ(client, operateur):
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))
    caf = Partenaire.objects.create(nom="CAF (essai)", type=TypePartenaire.CAF)
    operateur.actif = False
    operateur.save()

    for partenaire in (operateur, caf):
        reponse = client.patch(
            f"{MESURES}{mesure.pk}/", {"operateur": partenaire.id, "version": mesure.version}, format="json"
        )
        assert reponse.status_code == 400
        assert champs_en_erreur(reponse.json()) == {"operateur"}
    assert "n'est pas un opérateur" in str(
        client.patch(
            f"{MESURES}{mesure.pk}/", {"operateur": caf.id, "version": mesure.version}, format="json"
        ).json()
    )
    inconnu = client.patch(
        f"{MESURES}{mesure.pk}/", {"financement": "fsl", "version": mesure.version}, format="json"
    )
    assert champs_en_erreur(inconnu.json()) == {"financement"}


# --- a checkpoint not held ----------------------------------------------------------------------


def test_un_point_en_retard_note_non_tenu_n_est_plus_attendu(client, travailleur):
    point = _point_en_retard(travailleur)
    assert client.get(f"{MESURES}{point.mesure_id}/").json()["en_retard"] is True

    reponse = client.post(
        f"{POINTS}{point.pk}/non-tenu/",
        {"date_non_tenu": _il_y_a(jours=2).isoformat(), "raison": "Personne absente au rendez-vous."},
        format="json",
    )

    assert reponse.status_code == 200, reponse.json()
    corps = reponse.json()
    assert corps["etat"] == "non_tenu" and corps["motif_annulation"] == MotifAnnulation.NON_TENU
    assert (corps["date_non_tenu"], corps["raison_non_tenu"]) == (
        _il_y_a(jours=2).isoformat(),
        "Personne absente au rendez-vous.",
    )
    mesure = client.get(f"{MESURES}{point.mesure_id}/").json()
    assert mesure["en_retard"] is False
    assert mesure["prochain_point_etape"] == point.mesure.points_etape.get(rang=2).date_prevue.isoformat()
    assert client.get(POINTS, {"etat": "non_tenu"}).json()["count"] == 1


def test_non_tenu_les_regles(client, client_de, travailleur):
    point = _point_en_retard(travailleur)

    futur = client.post(
        f"{POINTS}{point.pk}/non-tenu/", {"date_non_tenu": (aujourdhui() + relativedelta(days=1)).isoformat()}
    )
    assert futur.status_code == 400 and champs_en_erreur(futur.json()) == {"date_non_tenu"}
    avant = client.post(
        f"{POINTS}{point.pk}/non-tenu/",
        {"date_non_tenu": (point.mesure.date_debut - relativedelta(days=1)).isoformat()},
    )
    assert avant.status_code == 400 and champs_en_erreur(avant.json()) == {"date_non_tenu"}
    # Outside the grants, the checkpoint does not exist.
    assert client_de(agent("asll", CHENOVE)).post(f"{POINTS}{point.pk}/non-tenu/", {}).status_code == 404

    assert client.post(f"{POINTS}{point.pk}/non-tenu/", {}).status_code == 200  # today by default
    deux_fois = client.post(f"{POINTS}{point.pk}/non-tenu/", {})
    assert deux_fois.status_code == 400 and "déjà noté non tenu" in str(deux_fois.json())

    tenu = point.mesure.points_etape.get(rang=2)
    point_etape_realiser(point=tenu, date_realisee=aujourdhui(), par=travailleur)
    refus = client.post(f"{POINTS}{tenu.pk}/non-tenu/", {})
    assert refus.status_code == 400 and champs_en_erreur(refus.json()) == {"date_non_tenu"}


def test_une_mesure_suspendue_ou_terminee_ne_doit_pas_ses_points(travailleur):
    suspendue = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=3))
    mesure_suspendre(mesure=suspendue, par=travailleur)
    with pytest.raises(RegleMetierError) as refus:
        point_etape_non_tenu(point=suspendue.points_etape.get(rang=1), par=travailleur)
    assert refus.value.champ == "mesure"

    terminee = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=3))
    mesure_cloturer(mesure=terminee, date_fin=aujourdhui(), issue="non_collaboration", par=travailleur)
    with pytest.raises(RegleMetierError):
        point_etape_non_tenu(point=terminee.points_etape.get(rang=1), par=travailleur)


def test_un_point_note_non_tenu_par_erreur_se_corrige_en_le_tenant(travailleur):
    point = _point_en_retard(travailleur)
    point_etape_non_tenu(point=point, raison="Erreur de saisie", par=travailleur)

    point_etape_realiser(point=point, date_realisee=_il_y_a(jours=1), par=travailleur)

    point = PointEtape.objects.avec_etat().get(pk=point.pk)
    assert point.etat == EtatPointEtape.REALISE
    assert (point.annule, point.motif_annulation, point.date_non_tenu, point.raison_non_tenu) == (
        False,
        "",
        None,
        "",
    )


def test_une_cloture_garde_le_constat_du_point_non_tenu(travailleur):
    point = _point_en_retard(travailleur)
    point_etape_non_tenu(point=point, date_non_tenu=_il_y_a(jours=3), par=travailleur)

    mesure_cloturer(mesure=point.mesure, date_fin=aujourdhui(), issue="demenagement", par=travailleur)

    point = PointEtape.objects.avec_etat().get(pk=point.pk)
    assert (point.etat, point.date_non_tenu) == (EtatPointEtape.NON_TENU, _il_y_a(jours=3))


def test_les_rappels_d_un_point_non_tenu_cessent():
    referent = agent("asll", DIJON)
    mesure = MesureASLLFactory(referent=referent, date_debut=D(2026, 1, 10))
    point = mesure.points_etape.get(rang=1)  # planned on 10 March 2026
    rappels_creer(jour=D(2026, 3, 11))
    assert Notification.objects.filter(type=POINT_ETAPE_EN_RETARD.code, objet_id=point.pk).exists()

    point_etape_non_tenu(point=point, date_non_tenu=D(2026, 3, 12), par=referent)
    rappels_creer(jour=D(2026, 3, 20))  # a week late: the escalation would go now

    assert not Notification.objects.filter(type=POINT_ETAPE_ESCALADE.code, objet_id=point.pk).exists()
    # The next checkpoint (10 May) is still reminded: only the one not held stops.
    rappels_creer(jour=D(2026, 5, 11))
    suivant = mesure.points_etape.get(rang=2)
    assert Notification.objects.filter(type=POINT_ETAPE_EN_RETARD.code, objet_id=suivant.pk).exists()


# --- meetings between checkpoints --------------------------------------------------------------


def test_une_rencontre_se_saisit_et_se_lit_par_mesure(client, travailleur):
    mesure = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=3))

    creee = client.post(
        RENCONTRES,
        {
            "mesure": mesure.pk,
            "date": _il_y_a(mois=1).isoformat(),
            "type": "visite_domicile",
            "note": "Budget",
        },
        format="json",
    )

    assert creee.status_code == 201, creee.json()
    assert (creee.json()["type"], creee.json()["cree_par"]) == ("visite_domicile", travailleur.pk)
    lues = client.get(RENCONTRES, {"mesure": mesure.pk}).json()
    assert [r["id"] for r in lues["results"]] == [creee.json()["id"]]
    assert client.get(RENCONTRES, {"type": "telephone"}).json()["count"] == 0


def test_une_rencontre_hors_de_ses_communes_est_introuvable(client, client_de, travailleur):
    mesure = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=3))
    rencontre = client.post(
        RENCONTRES,
        {"mesure": mesure.pk, "date": _il_y_a(mois=1).isoformat(), "type": "telephone"},
        format="json",
    ).json()
    ailleurs = client_de(agent("asll", CHENOVE))

    assert ailleurs.get(f"{RENCONTRES}{rencontre['id']}/").status_code == 404
    assert ailleurs.get(RENCONTRES).json()["count"] == 0


def test_la_date_d_une_rencontre_est_dans_la_mesure_et_jamais_dans_le_futur(client, client_de, travailleur):
    mesure = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=3))

    def saisir(jour, pour=client, mesure_id=mesure.pk):
        return pour.post(
            RENCONTRES, {"mesure": mesure_id, "date": jour.isoformat(), "type": "telephone"}, format="json"
        )

    for jour in (mesure.date_debut - relativedelta(days=1), aujourdhui() + relativedelta(days=1)):
        refus = saisir(jour)
        assert refus.status_code == 400 and champs_en_erreur(refus.json()) == {"date"}, jour
    inconnu = client.post(
        RENCONTRES, {"mesure": mesure.pk, "date": "2026-01-01", "type": "visio"}, format="json"
    )
    assert champs_en_erreur(inconnu.json()) == {"type"}
    # A measure outside the grants is an unknown measure, named.
    ailleurs = saisir(_il_y_a(mois=1), pour=client_de(agent("asll", CHENOVE)))
    assert ailleurs.status_code == 400 and champs_en_erreur(ailleurs.json()) == {"mesure"}

    mesure_cloturer(mesure=mesure, date_fin=_il_y_a(mois=1), issue="objectifs_atteints", par=travailleur)
    apres = saisir(_il_y_a(jours=10))
    assert apres.status_code == 400 and "terminée" in str(apres.json())
    assert saisir(_il_y_a(mois=2)).status_code == 201  # recorded afterwards, within the measure


@pytest.mark.parametrize("nombre", [1, 25])
def test_liste_des_rencontres_en_nombre_constant_de_requetes(
    client, travailleur, django_assert_num_queries, nombre
):
    mesure = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=6))
    for i in range(nombre):
        rencontre_creer(mesure=mesure, date=_il_y_a(mois=5, jours=-i), type="telephone", par=travailleur)

    # a list's statements (outside PostgreSQL, the journal reads the persons of the page)
    with django_assert_num_queries(requetes_de_liste(personnes_relues=True)):
        reponse = client.get(RENCONTRES, {"page_size": 50})

    assert len(reponse.json()["results"]) == nombre


def test_rencontres_par_mois_de_mesure_pacte_et_ordinaire(travailleur):
    """The indicator's engine counts no ratio: meetings and measures running share the financing
    breakdown, so that meetings per measure-month is read from the two (docs/INDICATEURS.md)."""
    debut = D(2026, 1, 5)
    renforcee = MesureASLLFactory(referent=travailleur, date_debut=debut)
    ordinaire = MesureASLLFactory(referent=travailleur, date_debut=debut)
    MesureASLL.objects.filter(pk=ordinaire.pk).update(financement=FinancementMesure.DROIT_COMMUN)
    for jour in (D(2026, 1, 20), D(2026, 2, 3), D(2026, 2, 24)):
        rencontre_creer(mesure=renforcee, date=jour, type="visite_domicile", par=travailleur)
    rencontre_creer(mesure=ordinaire, date=D(2026, 2, 10), type="entretien_bureau", par=travailleur)
    indicateurs = {i.id: i for _, i in registre.indicateurs()}
    fevrier = {"du": D(2026, 2, 1), "au": D(2026, 2, 28), "filtre": Q()}

    rencontres = compter(indicateurs["2.1.rencontres"], dims=["financement"], **fevrier)
    mesures = compter(indicateurs["2.1.mesures_exercees"], dims=["financement"], **fevrier)

    assert rencontres == {("pacte",): 2, ("droit_commun",): 1}
    assert mesures == {("pacte",): 1, ("droit_commun",): 1}
    assert compter(indicateurs["2.1.rencontres"], dims=["commune"], **fevrier) == {(DIJON,): 3}


def test_une_rencontre_est_un_dossier_de_l_asll():
    """Journal, history, retention and the person's rights read it from the declaration."""
    trouve = registre.declaration_du_modele(RencontreASLL)
    assert trouve is not None and trouve[0].code == "asll"
    assert trouve[1].usager == "mesure__usager" and trouve[1].historise


def test_dans_l_admin_une_mesure_garde_son_operateur_desactive_depuis(operateur):
    travailleur = agent("asll", DIJON)
    mesure = MesureASLLFactory(
        usager=UsagerFactory(code_commune=DIJON), referent=travailleur, operateur=operateur
    )
    operateur.actif = False
    operateur.save()
    navigateur = Client()  # the admin, in a browser's session
    navigateur.force_login(travailleur)
    formulaire = {
        "type": "maintien",
        "prescripteur": "bailleur",
        "financement": "pacte",
        "operateur": operateur.pk,
        "nb_adultes": 1,
        "nb_enfants": 0,
        "referent": travailleur.pk,
        "objectifs": ["budget"],
        "points_etape-TOTAL_FORMS": 0,
        "points_etape-INITIAL_FORMS": 0,
        "rencontres-TOTAL_FORMS": 0,
        "rencontres-INITIAL_FORMS": 0,
        "version_lue": mesure.version,
    }

    reponse = navigateur.post(f"/admin/logement/mesureasll/{mesure.pk}/change/", formulaire)

    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    mesure.refresh_from_db()
    assert (mesure.type, mesure.operateur_id) == ("maintien", operateur.pk)
