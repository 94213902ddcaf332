"""Behind PgBouncer in transaction mode (.ci/run runs the whole suite through it): a server connection
serves another client after each transaction, so nothing may outlive one — no session `SET`, no
session advisory lock, no server-side cursor, no prepared statement (docs/DEPLOIEMENT.md)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from journal.services import journal_purger
from tests.comptes.factories import agent
from tests.usagers.factories import DIJON, UsagerFactory
from usagers.models import Usager

RACINE = Path(__file__).resolve().parent.parent.parent
# SQL that leaves state on the server connection after its transaction.
ETAT_DE_SESSION = {
    "SET de session": re.compile(r"""["']\s*SET\s+(?!LOCAL\b)(SESSION\s+)?\w+(\.\w+)?\s*(=|TO\b)""", re.I),
    "set_config de session": re.compile(r"set_config\([^)]*,\s*false\s*\)", re.I),
    "verrou consultatif de session": re.compile(r"pg_(try_)?advisory_lock(_shared)?\s*\(", re.I),
    "LISTEN": re.compile(r"""["']\s*LISTEN\s""", re.I),
    "table temporaire": re.compile(r"CREATE\s+TEMP(ORARY)?\s+TABLE", re.I),
    "PREPARE": re.compile(r"""["']\s*PREPARE\s""", re.I),
}


def fichiers_de_l_application():
    for chemin in RACINE.rglob("*.py"):
        relatif = chemin.relative_to(RACINE)
        if relatif.parts[0].startswith((".", "build", "tests", "node_modules")):
            continue
        yield relatif, chemin.read_text(encoding="utf-8")


def test_le_code_ne_laisse_aucun_etat_sur_la_connexion_serveur():
    trouves = [
        f"{relatif}: {nom}"
        for relatif, texte in fichiers_de_l_application()
        for nom, motif in ETAT_DE_SESSION.items()
        if motif.search(texte)
    ]
    assert trouves == []


def test_le_motif_reconnait_ce_qu_il_refuse():
    """The scan above cannot pass by a pattern that matches nothing."""
    refuses = [
        '"SET statement_timeout = 0"',
        "'SET search_path TO x'",
        "set_config('journal.purge_avant', %s, false)",
        "pg_advisory_lock(42)",
        "'LISTEN canal'",
        "CREATE TEMP TABLE t",
        '"PREPARE p AS SELECT 1"',
    ]
    admis = [
        '"SET LOCAL statement_timeout = 0"',
        "UPDATE t SET a = 1",
        "set_config('journal.purge_avant', %s, true)",
        "pg_advisory_xact_lock(42)",
    ]
    assert all(any(m.search(t) for m in ETAT_DE_SESSION.values()) for t in refuses)
    assert not any(m.search(t) for t in admis for m in ETAT_DE_SESSION.values())


def reglages_de(env: dict) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        cwd=RACINE,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def test_les_reglages_derriere_pgbouncer_n_utilisent_rien_de_la_session():
    url = {"DATABASE_URL": "postgres://pacte@127.0.0.1:6432/pacte"}
    derriere = reglages_de({**url, "DB_POOLER": "transaction"})
    assert derriere["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert derriere["OPTIONS"]["prepare_threshold"] is None
    assert "options" not in derriere["OPTIONS"]  # PgBouncer refuses the startup parameter
    direct = reglages_de({**url, "DB_POOLER": ""})
    # Directly: the statement timeout and the search's similarity threshold as startup options
    # (behind PgBouncer, its `connect_query` sets both: .ci/pgbouncer.sh, deploiement/pgbouncer).
    assert direct["OPTIONS"]["options"] == (
        "-c statement_timeout=30000 -c pg_trgm.word_similarity_threshold=0.4"
    )
    assert not direct.get("DISABLE_SERVER_SIDE_CURSORS")
    # Directly, what `config.sql.curseur_prepare` runs is prepared at its first run; behind a
    # PgBouncer that carries prepared statements (≥ 1.21), when the deployment says so.
    assert direct["OPTIONS"]["prepare_threshold"] == 0
    recent = reglages_de({**url, "DB_POOLER": "transaction", "DB_POOLER_PREPARE": "1"})
    assert recent["OPTIONS"]["prepare_threshold"] == 0 and recent["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_en_developpement_un_processus_ne_garde_pas_ses_connexions():
    """The development server answers each request in a new thread: kept connections piled up
    past PostgreSQL's 100 (« too many clients »). Production's gunicorn workers keep one each."""
    developpement = reglages_de({"DATABASE_URL": "postgres://pacte@127.0.0.1/pacte"})
    assert developpement["CONN_MAX_AGE"] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rien_ne_reste_de_la_requete_ni_de_la_purge_sur_la_connexion(client_de):
    """pghistory's context and the purge's limit are `set_config(…, true)`: gone at the end of
    their transaction, so the next client of the same server connection never inherits them."""
    usager = UsagerFactory(code_commune=DIJON)
    reponse = client_de(agent("acces_droits", DIJON)).patch(
        f"/api/v1/usagers/{usager.pk}/", {"adresse": "3 rue Neuve"}, format="json"
    )
    assert reponse.status_code == 200, reponse.content
    journal_purger()
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT current_setting('pghistory.context_id', true), "
            "current_setting('journal.purge_avant', true), current_setting('statement_timeout'), "
            "current_setting('pg_trgm.word_similarity_threshold', true)"
        )
        contexte, purge, delai, seuil = curseur.fetchone()
    assert contexte in (None, "") and purge in (None, "")
    # Set on every connection: by the startup options, or behind PgBouncer by its connect_query.
    assert delai == f"{settings.DB_STATEMENT_TIMEOUT_MS // 1000}s"
    assert float(seuil) == float(settings.RECHERCHE_SEUIL_SIMILARITE)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_iterator_et_requetes_repetees_hors_transaction():
    """`.iterator()` outside a transaction (a server-side cursor would be lost with its
    transaction) and one statement run many times (psycopg prepares it after 5 runs by default)."""
    pks = {UsagerFactory(code_commune=DIJON).pk for _ in range(3)}
    assert {u.pk for u in Usager.objects.filter(pk__in=pks).iterator(chunk_size=1)} == pks
    for _ in range(12):
        assert Usager.objects.filter(pk__in=pks, commune_id=DIJON).count() == 3
