"""Eligibility (5 CLS communes, adults) and the bad input of issue 8: each a 400 in French naming
the field, nothing half-saved."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from comptes.roles import Role
from emas.models import Intervention, Signalement, SuiviEMAS
from tests.comptes.factories import agent
from tests.emas.factories import OUI, intervention, jours, membre, signalement, suivi
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/emas/signalements/"
AHUY = "21003"
QUETIGNY = "21515"
TOUTES = ("21003", "21166", "21231", "21355", "21515", "21617")


def _payload(personne, **champs) -> dict:
    return {
        "usager": personne.pk,
        "date": str(jours(10)),
        "origine": "orvitis",
        "motifs": ["danger_soi"],
        "contact": "M. Gardien",
        **OUI,
        **champs,
    }


def _compter():
    return (Signalement.objects.count(), SuiviEMAS.objects.count(), Intervention.objects.count())


def test_une_commune_hors_du_contrat_local_de_sante_est_refusee_en_nommant_le_perimetre(client_de):
    equipe = membre(*TOUTES)  # even with a grant there, Ahuy is outside the team's territory
    usager = UsagerFactory(code_commune=AHUY, date_naissance=datetime.date(1970, 1, 1))

    reponse = client_de(equipe).post(URL, _payload(usager), format="json")

    assert reponse.status_code == 400
    message = reponse.json()["usager"][0]
    assert "Ahuy" in message
    for commune in ("Chenôve", "Dijon", "Longvic", "Quetigny", "Talant"):
        assert commune in message
    assert _compter() == (0, 0, 0)


@pytest.mark.parametrize("code", [CHENOVE, DIJON, QUETIGNY])
def test_les_communes_du_contrat_local_de_sante_sont_acceptees(client_de, code):
    equipe = membre(code)
    usager = UsagerFactory(code_commune=code, date_naissance=datetime.date(1970, 1, 1))

    reponse = client_de(equipe).post(URL, _payload(usager), format="json")

    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["commune"] == code
    assert reponse.json()["decision"] == "en_attente"


def test_un_mineur_a_la_date_du_signalement_est_refuse(client_de):
    equipe = membre()
    date = jours(10)
    mineur = UsagerFactory(
        code_commune=DIJON, date_naissance=date - relativedelta(years=18) + relativedelta(days=1)
    )
    majeur_ce_jour = UsagerFactory(code_commune=DIJON, date_naissance=date - relativedelta(years=18))

    refus = client_de(equipe).post(URL, _payload(mineur, date=str(date)), format="json")
    assert refus.status_code == 400
    assert "majeures" in refus.json()["usager"][0]
    assert _compter() == (0, 0, 0)

    ok = client_de(equipe).post(URL, _payload(majeur_ce_jour, date=str(date)), format="json")
    assert ok.status_code == 201, ok.json()


@pytest.mark.parametrize(
    ("champ", "valeur"),
    [
        ("origine", "voisin"),
        ("motifs", []),
        ("motifs", ["inconnu"]),
        ("motifs", ["incurie", "incurie"]),
        ("motifs", "incurie"),
        ("date", "demain"),
        ("usager", 999_999),
        ("usager", "x"),
    ],
)
def test_saisie_invalide_d_un_signalement(client_de, champ, valeur):
    equipe = membre()
    usager = UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))

    reponse = client_de(equipe).post(URL, _payload(usager, **{champ: valeur}), format="json")

    assert reponse.status_code == 400
    assert champ in reponse.json()
    assert _compter() == (0, 0, 0)


def test_date_de_signalement_future_refusee(client_de):
    equipe = membre()
    usager = UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))

    reponse = client_de(equipe).post(URL, _payload(usager, date=str(jours(-1))), format="json")

    assert reponse.status_code == 400
    assert "futur" in reponse.json()["date"][0]


def test_accepter_deux_fois_est_refuse(client_de):
    equipe = membre()
    s = signalement(equipe)
    client = client_de(equipe)

    assert client.post(f"{URL}{s.pk}/accepter/", {}, format="json").status_code == 200
    deuxieme = client.post(f"{URL}{s.pk}/accepter/", {}, format="json")

    assert deuxieme.status_code == 400
    assert "décision" in deuxieme.json()["decision"][0]
    assert SuiviEMAS.objects.count() == 1


def test_refuser_apres_acceptation_est_refuse(client_de):
    equipe = membre()
    s = suivi(equipe).signalement

    reponse = client_de(equipe).post(f"{URL}{s.pk}/refuser/", {"motif_refus": "hors critères"}, format="json")

    assert reponse.status_code == 400
    assert "decision" in reponse.json()


def test_accepter_exige_les_criteres_de_la_fiche(client_de):
    equipe = membre()
    s = signalement(equipe, non_suivi_psychiatrie=False)

    reponse = client_de(equipe).post(f"{URL}{s.pk}/accepter/", {}, format="json")

    assert reponse.status_code == 400
    assert "psychiatrie" in reponse.json()["non_suivi_psychiatrie"][0]
    assert SuiviEMAS.objects.count() == 0
    s.refresh_from_db()
    assert s.decision == "en_attente"


def test_refus_sans_motif_et_reorientation_sans_destinataire(client_de):
    equipe = membre()
    s = signalement(equipe)
    client = client_de(equipe)

    assert "motif_refus" in client.post(f"{URL}{s.pk}/refuser/", {"motif_refus": " "}, format="json").json()
    assert "reoriente_vers" in client.post(f"{URL}{s.pk}/reorienter/", {}, format="json").json()
    s.refresh_from_db()
    assert s.decision == "en_attente"


# --- interventions -------------------------------------------------------------------------------

URL_INTERVENTIONS = "/api/v1/emas/interventions/"


@pytest.fixture
def dossier():
    equipe = membre()
    return equipe, suivi(equipe, date=jours(30), date_decision=jours(25))


def _intervention(le_suivi, equipe, **champs) -> dict:
    return {
        "suivi": le_suivi.pk,
        "date": str(jours(20)),
        "type": "visite_domicile",
        "intervenants": [equipe.pk],
        "duree_minutes": 60,
        **champs,
    }


@pytest.mark.parametrize(
    ("champ", "valeur", "extrait"),
    [
        ("date", lambda: str(jours(31)), "précéder"),
        ("date", lambda: str(jours(-1)), "futur"),
        ("intervenants", lambda: [], "vide"),
        ("duree_minutes", lambda: 0, "1"),
        ("duree_minutes", lambda: -5, "1"),
        ("duree_minutes", lambda: 24 * 60 + 1, "1440"),
        ("type", lambda: "dejeuner", "valide"),
        ("suivi", lambda: 999_999, "introuvable"),
    ],
)
def test_saisie_invalide_d_une_intervention(client_de, dossier, champ, valeur, extrait):
    equipe, s = dossier

    reponse = client_de(equipe).post(
        URL_INTERVENTIONS, _intervention(s, equipe, **{champ: valeur()}), format="json"
    )

    assert reponse.status_code == 400
    assert extrait in " ".join(reponse.json()[champ])
    assert Intervention.objects.count() == 0


def test_une_intervention_avant_la_date_du_signalement_est_refusee(client_de, dossier):
    equipe, s = dossier  # referral 30 days ago, accepted 25 days ago: 27 days ago is fine, 31 is not

    assert (
        client_de(equipe)
        .post(URL_INTERVENTIONS, _intervention(s, equipe, date=str(jours(27))), format="json")
        .status_code
        == 201
    )
    assert (
        client_de(equipe)
        .post(URL_INTERVENTIONS, _intervention(s, equipe, date=str(jours(31))), format="json")
        .status_code
        == 400
    )


def test_une_intervention_apres_la_fin_du_suivi_est_refusee(client_de, dossier):
    equipe, s = dossier
    client = client_de(equipe)
    cloture = client.post(
        f"/api/v1/emas/suivis/{s.pk}/cloturer/",
        {"date_fin": str(jours(10)), "motif_fin": "relais_soins"},
        format="json",
    )
    assert cloture.status_code == 200, cloture.json()

    reponse = client.post(URL_INTERVENTIONS, _intervention(s, equipe, date=str(jours(5))), format="json")

    assert reponse.status_code == 400
    assert "suivre" in reponse.json()["date"][0]
    assert Intervention.objects.count() == 0


@pytest.mark.parametrize(
    "hors_equipe",
    [
        lambda: agent("acces_droits", DIJON),
        lambda: agent(Role.ENCADRANT, DIJON),
        lambda: membre(CHENOVE),  # the team, but not on the person's commune
    ],
)
def test_un_intervenant_hors_de_l_equipe_est_refuse(client_de, dossier, hors_equipe):
    equipe, s = dossier
    autre = hors_equipe()

    reponse = client_de(equipe).post(
        URL_INTERVENTIONS, _intervention(s, equipe, intervenants=[equipe.pk, autre.pk]), format="json"
    )

    assert reponse.status_code == 400
    assert "équipe" in reponse.json()["intervenants"][0]
    assert Intervention.objects.count() == 0


def test_un_administrateur_n_est_pas_intervenant(client_de, dossier):
    from tests.comptes.factories import UserFactory

    equipe, s = dossier
    admin = UserFactory(administrateur=True)

    reponse = client_de(equipe).post(
        URL_INTERVENTIONS, _intervention(s, equipe, intervenants=[admin.pk]), format="json"
    )

    assert reponse.status_code == 400
    assert "intervenants" in reponse.json()


def test_cloturer_avant_la_derniere_intervention_est_refuse(client_de, dossier):
    equipe, s = dossier
    intervention(equipe, s, date=jours(5))

    reponse = client_de(equipe).post(
        f"/api/v1/emas/suivis/{s.pk}/cloturer/",
        {"date_fin": str(jours(10)), "motif_fin": "autre"},
        format="json",
    )

    assert reponse.status_code == 400
    assert "date_fin" in reponse.json()
    s.refresh_from_db()
    assert s.statut == "en_cours"


def test_un_seul_suivi_par_signalement_par_contrainte():
    from django.db import IntegrityError, transaction

    equipe = membre()
    premier = suivi(equipe)

    with pytest.raises(IntegrityError), transaction.atomic():
        SuiviEMAS.objects.create(
            signalement=premier.signalement,
            usager=premier.usager,
            commune=premier.commune,
            referent=equipe,
            date_debut=premier.date_debut,
        )
    assert SuiviEMAS.objects.count() == 1
