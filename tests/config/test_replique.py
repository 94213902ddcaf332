"""Reads from a real PostgreSQL streaming replica (config.replique; CI starts one with pg_basebackup):
the indicators read there, and replica lag never makes a user miss their own write — shown by
pausing the replica's replay while a user writes, then reads."""

import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from comptes.roles import Role
from config.replique import lire_sur_la_replique
from tests.comptes.factories import agent
from tests.usagers.factories import DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = [
    pytest.mark.replique,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"]),
]


def attendre_la_replique(delai: float = 20) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as curseur:
        curseur.execute("SELECT pg_current_wal_insert_lsn()::text")
        position = curseur.fetchone()[0]
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        with connections["replica"].cursor() as curseur:
            curseur.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            if curseur.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("la réplique n'a pas rattrapé le primaire")


class ReplayEnPause:
    """The replica stops applying the primary's WAL: as much lag as the test wants."""

    def __enter__(self):
        with connections["replica"].cursor() as curseur:
            curseur.execute("SELECT pg_wal_replay_pause()")
        return self

    def __exit__(self, *exc):
        with connections["replica"].cursor() as curseur:
            curseur.execute("SELECT pg_wal_replay_resume()")


def test_la_replique_est_une_vraie_replique_en_lecture_seule():
    with connections["replica"].cursor() as curseur:
        curseur.execute("SELECT pg_is_in_recovery()")
        assert curseur.fetchone()[0] is True


def test_les_indicateurs_se_lisent_sur_la_replique(client_de):
    encadrant = agent(Role.ENCADRANT, DIJON)
    UsagerFactory(code_commune=DIJON)
    attendre_la_replique()

    with CaptureQueriesContext(connections["replica"]) as sur_la_replique:
        reponse = client_de(encadrant).get(
            "/api/v1/indicateurs/valeurs/",
            {"indicateur": "1.1.personnes_recues", "du": "2025-01-01", "au": "2025-12-31"},
        )

    assert reponse.status_code == 200, reponse.content
    assert len(sur_la_replique) >= 1


def test_apres_une_ecriture_la_requete_relit_le_primaire():
    UsagerFactory(code_commune=DIJON)
    attendre_la_replique()
    with lire_sur_la_replique():
        with CaptureQueriesContext(connections["replica"]) as sur_la_replique:
            avant = Usager.objects.count()
        assert len(sur_la_replique) == 1
        UsagerFactory(code_commune=DIJON)  # a write: the rest of the block reads the primary
        with CaptureQueriesContext(connections["replica"]) as sur_la_replique:
            assert Usager.objects.count() == avant + 1
        assert len(sur_la_replique) == 0


def test_le_retard_de_la_replique_ne_cache_jamais_sa_propre_ecriture(client_de, settings):
    settings.REPLICA_CHEMINS = [*settings.REPLICA_CHEMINS, "/api/v1/usagers/"]
    auteur, collegue = agent("acces_droits", DIJON), agent("acces_droits", DIJON)
    usager = UsagerFactory(code_commune=DIJON, adresse="1 rue Avant")
    client_auteur, client_collegue = client_de(auteur), client_de(collegue)
    url = f"/api/v1/usagers/{usager.pk}/"
    attendre_la_replique()
    for client in (client_auteur, client_collegue):  # token activity written now, not during the test
        assert client.get(url).status_code == 200
    attendre_la_replique()

    with ReplayEnPause():
        ecrit = client_auteur.patch(url, {"adresse": "2 rue Après"}, format="json")
        assert ecrit.status_code == 200, ecrit.content
        # The author reads their own write (from the primary), though the replica lags behind it…
        assert client_auteur.get(url).json()["adresse"] == "2 rue Après"
        # …while a colleague who wrote nothing is served by the lagging replica: the lag is real.
        assert client_collegue.get(url).json()["adresse"] == "1 rue Avant"
    attendre_la_replique()
    assert client_collegue.get(url).json()["adresse"] == "2 rue Après"
