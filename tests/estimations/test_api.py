"""The estimation of rights through the API, without OpenFisca (the computation is faked, the rest
is real): households and their validation, 202 and the estimation's id, results and versions, the
`identifie` rights, errors, and the commune grants (404 elsewhere)."""

import datetime

import pytest

from accompagnements.models import Droit, StatutDroit
from estimations.models import DroitDetecte, Estimation, Foyer, StatutEstimation
from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import agent
from tests.estimations.factories import FoyerFactory
from tests.usagers.factories import CHENOVE, DIJON

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_dijon():
    return agent("acces_droits", DIJON)


@pytest.fixture
def accompagnement():
    return AccompagnementFactory(usager__code_commune=DIJON)


def _foyer(accompagnement, **autres) -> dict:
    return {
        "accompagnement": accompagnement.pk,
        "situation_couple": "seul",
        "statut_occupation": "locataire_hlm",
        "loyer": "500.00",
        "commune": DIJON,
        "membres": [
            {"role": "demandeur", "date_naissance": "1988-03-01", "salaire_brut": "1100.00"},
            {"role": "enfant", "date_naissance": "2015-06-01"},
            {"role": "enfant", "date_naissance": "2019-09-01"},
        ],
        **autres,
    }


def test_un_foyer_se_declare_et_remplace_le_precedent(client_de, agent_dijon, accompagnement):
    client = client_de(agent_dijon)

    premier = client.post("/api/v1/foyers/", _foyer(accompagnement, valide_du="2026-01-05"), format="json")
    second = client.post("/api/v1/foyers/", _foyer(accompagnement, valide_du="2026-03-01"), format="json")

    assert premier.status_code == 201, premier.json()
    assert second.status_code == 201, second.json()
    assert len(second.json()["membres"]) == 3
    anciens = Foyer.objects.filter(usager=accompagnement.usager).order_by("valide_du")
    assert [(f.valide_du, f.valide_au) for f in anciens] == [
        (datetime.date(2026, 1, 5), datetime.date(2026, 3, 1)),
        (datetime.date(2026, 3, 1), None),
    ]


def test_les_champs_du_foyer_disent_pourquoi_ils_sont_demandes(client_de, agent_dijon):
    description = client_de(agent_dijon).options("/api/v1/foyers/").json()["actions"]["POST"]

    for champ in ("situation_couple", "statut_occupation", "loyer", "commune"):
        assert description[champ]["help_text"], champ
    membres = description["membres"]["child"]["children"]
    for champ in ("role", "date_naissance", "salaire_brut", "retraite_brute", "chomage_brut"):
        assert membres[champ]["help_text"], champ


@pytest.mark.parametrize(
    ("changement", "champ"),
    [
        (
            {
                "membres": [
                    {"role": "demandeur", "date_naissance": "2001-01-01"},
                    {"role": "enfant", "date_naissance": "1995-01-01"},
                ]
            },
            "membres[1].date_naissance",
        ),  # noqa: E501
        (
            {"membres": [{"role": "demandeur", "date_naissance": "1990-01-01", "salaire_brut": "-10"}]},
            "membres",
        ),
        ({"commune": "75056"}, "commune"),
        ({"loyer": "-1"}, "loyer"),
        ({"situation_couple": "marie"}, "situation_couple"),
        ({"statut_occupation": "proprietaire"}, "loyer"),
        ({"membres": []}, "membres"),
    ],
)
def test_un_foyer_impossible_est_un_400_qui_nomme_le_champ(
    client_de, agent_dijon, accompagnement, changement, champ
):
    reponse = client_de(agent_dijon).post(
        "/api/v1/foyers/", _foyer(accompagnement, **changement), format="json"
    )

    assert reponse.status_code == 400
    assert champ in reponse.json(), reponse.json()
    assert not Foyer.objects.exists()


def test_estimer_repond_202_puis_le_worker_identifie_les_droits_non_recourus(
    client_de, agent_dijon, accompagnement, moteur_factice, django_capture_on_commit_callbacks
):
    FoyerFactory(accompagnement=accompagnement)
    DroitFactory(usager=accompagnement.usager, code_type="rsa", demande=True)  # already applied for
    client = client_de(agent_dijon)

    with django_capture_on_commit_callbacks(execute=False) as rappels:
        reponse = client.post(
            f"/api/v1/accompagnements/{accompagnement.pk}/estimer-droits/",
            {"periode": "2026-10"},
            format="json",
        )
    assert reponse.status_code == 202, reponse.json()
    corps = reponse.json()
    assert corps["statut"] == "en_attente"
    assert len(corps["empreinte"]) == 64
    assert "pas une décision" in corps["avertissement"]
    assert moteur_factice.appels == []  # nothing computed in the request

    for rappel in rappels:  # the commit: the task runs (eagerly here, on the worker in production)
        rappel()
    estimation = client.get(f"/api/v1/estimations/{corps['id']}/").json()

    assert estimation["statut"] == "terminee"
    assert estimation["periode"] == "2026-10"
    assert estimation["date_legislation"] == "2026-10-01"
    assert estimation["versions"] == {"openfisca_france": "176.1.8", "openfisca_core": "44.7.1"}
    assert {p["code"]: p["montant_mensuel"] for p in estimation["prestations"]} == moteur_factice.montants
    assert [(d["type"], d["statut"], d["montant_estime"]) for d in estimation["droits_identifies"]] == [
        ("als", "identifie", "308.00")
    ]
    droit = Droit.objects.get(type__code="als")
    assert droit.statut == StatutDroit.IDENTIFIE
    assert droit.detection.estimation_id == corps["id"]
    assert droit.accompagnement == accompagnement


def test_sans_foyer_ou_avec_un_mois_invalide_400_et_aucune_tache(
    client_de, agent_dijon, accompagnement, moteur_factice, django_capture_on_commit_callbacks
):
    url = f"/api/v1/accompagnements/{accompagnement.pk}/estimer-droits/"
    client = client_de(agent_dijon)

    with django_capture_on_commit_callbacks(execute=True) as rappels:
        sans_foyer = client.post(url, {}, format="json")
        FoyerFactory(accompagnement=accompagnement)
        mauvais_mois = client.post(url, {"periode": "2026-13"}, format="json")
        trop_tot = client.post(url, {"periode": "2012-01"}, format="json")

    assert sans_foyer.status_code == 400 and "foyer" in sans_foyer.json()
    assert mauvais_mois.status_code == 400 and "periode" in mauvais_mois.json()
    assert trop_tot.status_code == 400 and "periode" in trop_tot.json()
    assert not Estimation.objects.exists()
    assert rappels == [] and moteur_factice.appels == []


def test_une_erreur_du_modele_finit_en_erreur_sans_droit(
    client_de, agent_dijon, accompagnement, moteur_factice, django_capture_on_commit_callbacks
):
    FoyerFactory(accompagnement=accompagnement)
    moteur_factice.erreur = "Unexpected value for depcom"
    client = client_de(agent_dijon)

    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            f"/api/v1/accompagnements/{accompagnement.pk}/estimer-droits/", {}, format="json"
        )
    estimation = client.get(f"/api/v1/estimations/{reponse.json()['id']}/")

    assert estimation.status_code == 200
    assert estimation.json()["statut"] == "erreur"
    assert estimation.json()["message_erreur"].startswith("Le modèle OpenFisca n'a pas pu calculer")
    assert not Droit.objects.exists() and not DroitDetecte.objects.exists()


def test_un_agent_d_une_autre_commune_recoit_404(
    client_de, agent_dijon, accompagnement, moteur_factice, django_capture_on_commit_callbacks
):
    FoyerFactory(accompagnement=accompagnement)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_de(agent_dijon).post(
            f"/api/v1/accompagnements/{accompagnement.pk}/estimer-droits/", {}, format="json"
        )
    estimation_id = reponse.json()["id"]
    detection = DroitDetecte.objects.first()
    chenove = client_de(agent("acces_droits", CHENOVE))
    asll_dijon = client_de(agent("asll", DIJON))

    for client in (chenove, asll_dijon):
        assert client.get(f"/api/v1/estimations/{estimation_id}/").status_code == 404
        assert client.get(f"/api/v1/foyers/{accompagnement.usager.foyers.get().pk}/").status_code == 404
        assert client.get(f"/api/v1/droits-detectes/{detection.pk}/").status_code == 404
        assert (
            client.post(
                f"/api/v1/accompagnements/{accompagnement.pk}/estimer-droits/", {}, format="json"
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/api/v1/droits-detectes/{detection.pk}/ecarter/", {"motif": "x"}, format="json"
            ).status_code
            == 404
        )
        assert client.get("/api/v1/estimations/").json()["count"] == 0
    assert Estimation.objects.count() == 1


def test_l_agent_confirme_ou_ecarte_un_droit_detecte(
    client_de, agent_dijon, accompagnement, moteur_factice, django_capture_on_commit_callbacks
):
    FoyerFactory(accompagnement=accompagnement)
    client = client_de(agent_dijon)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/accompagnements/{accompagnement.pk}/estimer-droits/", {}, format="json")
    rsa, als = DroitDetecte.objects.order_by("type__code")[1], DroitDetecte.objects.order_by("type__code")[0]
    assert (rsa.type.code, als.type.code) == ("rsa", "als")

    confirme = client.post(
        f"/api/v1/droits-detectes/{rsa.pk}/confirmer/",
        {"date_demande": str(datetime.date.today())},
        format="json",
    )
    sans_motif = client.post(f"/api/v1/droits-detectes/{als.pk}/ecarter/", {"motif": " "}, format="json")
    ecarte = client.post(
        f"/api/v1/droits-detectes/{als.pk}/ecarter/",
        {"motif": "Hébergée par sa sœur, pas de bail."},
        format="json",
    )
    encore = client.post(f"/api/v1/droits-detectes/{als.pk}/ecarter/", {"motif": "encore"}, format="json")

    assert confirme.status_code == 200 and confirme.json()["statut"] == "demande"
    assert sans_motif.status_code == 400
    assert ecarte.status_code == 200, ecarte.json()
    assert ecarte.json()["statut"] == "abandonne"
    assert ecarte.json()["motif_ecart"] == "Hébergée par sa sœur, pas de bail."
    assert encore.status_code == 400 and "statut" in encore.json()
    assert Estimation.objects.get().statut == StatutEstimation.TERMINEE
