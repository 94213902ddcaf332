"""The whole flow with the real model: the API of this (web) process, the real Redis, and a real
Celery worker consuming the `openfisca` queue in a process of its own, on the test database.

Three reference households go through `POST /foyers/` and `POST /accompagnements/{id}/estimer-droits/`;
the amounts the worker stored are compared with OpenFisca-France called directly here, on a
situation written out below independently of `estimations.moteur`, for the stated month; the
benefits > 0 not claimed become `identifie` rights. This process imports OpenFisca only after the
web flow, and checks first that the flow did not.

Run by `make test-estimation` (.ci/run), in .venv-estimation, with DATABASE_URL and REDIS_URL.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accompagnements.models import Droit, StatutDroit
from estimations.models import Estimation, StatutEstimation
from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import agent
from tests.usagers.factories import DIJON

pytestmark = [
    pytest.mark.estimation,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MOIS = "2026-10"  # the stated month: legislation of 1 October 2026
RACINE = Path(__file__).resolve().parents[2]
ATTENTE_MAX = 240  # seconds: the worker loads the tax-benefit system once (~10 s on 2 shared cores)

FOYERS = {
    "adulte_seul_sans_revenu_locataire_a_dijon": {
        "situation_couple": "seul",
        "statut_occupation": "locataire_vide",
        "loyer": "450.00",
        "membres": [{"role": "demandeur", "date_naissance": "1990-05-01"}],
        "deja_recourus": [],
    },
    "parent_isole_deux_enfants_bas_salaire": {
        "situation_couple": "seul",
        "statut_occupation": "locataire_hlm",
        "loyer": "500.00",
        "membres": [
            {"role": "demandeur", "date_naissance": "1988-03-01", "salaire_brut": "1100.00"},
            {"role": "enfant", "date_naissance": "2015-06-01"},
            {"role": "enfant", "date_naissance": "2019-09-01"},
        ],
        "deja_recourus": ["allocations_familiales"],  # already paid: not flagged
    },
    "couple_de_retraites_petites_pensions": {
        "situation_couple": "marie",
        "statut_occupation": "locataire_vide",
        "loyer": "550.00",
        "membres": [
            {"role": "demandeur", "date_naissance": "1950-01-01", "retraite_brute": "500.00"},
            {"role": "conjoint", "date_naissance": "1952-01-01", "retraite_brute": "300.00"},
        ],
        "deja_recourus": [],
    },
}

# Catalogue code → OpenFisca-France variable, written here again on purpose (not imported).
VARIABLES = {
    "rsa": "rsa",
    "prime_activite": "ppa",
    "apl": "apl",
    "als": "als",
    "alf": "alf",
    "allocations_familiales": "af",
    "asf": "asf",
    "complement_familial": "cf",
    "aspa": "aspa",
}


def _url_de_la_base_de_test() -> str:
    from django.db import connection

    reglages = connection.settings_dict
    mot_de_passe = f":{reglages['PASSWORD']}" if reglages.get("PASSWORD") else ""
    return (
        f"postgres://{reglages['USER']}{mot_de_passe}@{reglages['HOST'] or '127.0.0.1'}:"
        f"{reglages['PORT'] or 5432}/{reglages['NAME']}"
    )


@pytest.fixture
def worker_openfisca(django_db_setup, settings):
    """A real Celery worker on the `openfisca` queue, started from this virtualenv on the test
    database; stopped (SIGTERM, then SIGKILL) at the end. The web side stops running tasks eagerly."""
    from config.celery import app
    from tests.conftest import redis_url_joignable

    redis_url_joignable()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _url_de_la_base_de_test(),
    }
    journal = open(RACINE / ".worker-estimation.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            "openfisca",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "-n",
            f"estimation-test-{os.getpid()}@%h",
        ],
        cwd=RACINE,
        env=env,
        stdout=journal,
        stderr=subprocess.STDOUT,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        journal.close()


def _attendre(ids: list[int], worker) -> list[Estimation]:
    limite = time.monotonic() + ATTENTE_MAX
    while time.monotonic() < limite:
        estimations = list(Estimation.objects.filter(pk__in=ids).order_by("pk"))
        if all(e.statut != StatutEstimation.EN_ATTENTE for e in estimations):
            return estimations
        assert worker.poll() is None, "le worker OpenFisca s'est arrêté (voir .worker-estimation.log)"
        time.sleep(1)
    pytest.fail(f"estimations encore en attente après {ATTENTE_MAX} s (voir .worker-estimation.log)")


def _situation_directe(foyer: dict, mois: str) -> dict:
    """The household in OpenFisca's own JSON, resources stable from January of N-2 to `mois`."""
    annee, numero = (int(x) for x in mois.split("-"))
    mois_lus = [
        f"{a}-{m:02d}" for a in range(annee - 2, annee + 1) for m in range(1, 13) if (a, m) <= (annee, numero)
    ]
    individus, parents, enfants = {}, [], []
    for rang, membre in enumerate(foyer["membres"]):
        nom = f"p{rang}"
        statut = {"marie": "marie", "pacse": "pacse"}.get(foyer["situation_couple"], "celibataire")
        individus[nom] = {
            "date_naissance": {"ETERNITY": membre["date_naissance"]},
            "statut_marital": {mois: "celibataire" if membre["role"] == "enfant" else statut},
            "salaire_de_base": dict.fromkeys(mois_lus, float(membre.get("salaire_brut", 0))),
            "retraite_brute": dict.fromkeys(mois_lus, float(membre.get("retraite_brute", 0))),
        }
        (enfants if membre["role"] == "enfant" else parents).append(nom)
    return {
        "individus": individus,
        "familles": {"f": {"parents": parents, "enfants": enfants}},
        "foyers_fiscaux": {"f": {"declarants": parents, "personnes_a_charge": enfants}},
        "menages": {
            "f": {
                "personne_de_reference": parents[:1],
                "conjoint": parents[1:],
                "enfants": enfants,
                "depcom": {mois: DIJON},
                "statut_occupation_logement": {mois: foyer["statut_occupation"]},
                "loyer": {mois: float(foyer["loyer"])},
            }
        },
    }


def test_trois_foyers_de_reference_par_l_api_et_un_vrai_worker(client_de, worker_openfisca):
    agent_dijon = agent("acces_droits", DIJON)
    client = client_de(agent_dijon)
    demandes = {}
    for nom, foyer in FOYERS.items():
        accompagnement = AccompagnementFactory(usager__code_commune=DIJON, referent=agent_dijon)
        for code in foyer["deja_recourus"]:
            DroitFactory(usager=accompagnement.usager, code_type=code, ouvert=True)
        corps = {k: v for k, v in foyer.items() if k != "deja_recourus"}
        reponse = client.post(
            "/api/v1/foyers/", {**corps, "accompagnement": accompagnement.pk, "commune": DIJON}, format="json"
        )
        assert reponse.status_code == 201, reponse.json()
        reponse = client.post(
            f"/api/v1/accompagnements/{accompagnement.pk}/estimer-droits/", {"periode": MOIS}, format="json"
        )
        assert reponse.status_code == 202, reponse.json()
        demandes[nom] = (reponse.json()["id"], accompagnement)

    estimations = _attendre([i for i, _ in demandes.values()], worker_openfisca)

    # The web side of the flow (this process: API, services, enqueue) never imported OpenFisca.
    assert "openfisca_core" not in sys.modules
    assert "openfisca_france" not in sys.modules
    assert all(e.statut == StatutEstimation.TERMINEE for e in estimations), [
        e.message_erreur for e in estimations
    ]

    from openfisca_core.simulation_builder import SimulationBuilder
    from openfisca_france import FranceTaxBenefitSystem

    systeme = FranceTaxBenefitSystem()
    for nom, (estimation_id, accompagnement) in demandes.items():
        lue = client.get(f"/api/v1/estimations/{estimation_id}/").json()
        simulation = SimulationBuilder().build_from_entities(systeme, _situation_directe(FOYERS[nom], MOIS))
        attendu = {code: round(float(simulation.calculate(v, MOIS)[0]), 2) for code, v in VARIABLES.items()}
        attendu["aah"] = round(float(simulation.calculate("aah", MOIS).sum()), 2)
        obtenu = {p["code"]: p["montant_mensuel"] for p in lue["prestations"]}

        assert obtenu == pytest.approx(attendu, abs=0.01), nom
        assert any(m > 0 for m in attendu.values()), f"{nom} : le modèle ne donne aucun droit"
        assert lue["versions"] == {"openfisca_france": "176.1.8", "openfisca_core": "44.7.1"}
        assert lue["date_legislation"] == f"{MOIS}-01"
        identifies = set(
            Droit.objects.filter(accompagnement=accompagnement, statut=StatutDroit.IDENTIFIE).values_list(
                "type__code", flat=True
            )
        )
        assert identifies == {c for c, m in attendu.items() if m > 0} - set(FOYERS[nom]["deja_recourus"]), nom
        assert {d["type"] for d in lue["droits_identifies"]} == identifies
