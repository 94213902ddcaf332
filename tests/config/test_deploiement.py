"""docs/DEPLOIEMENT.md matches docker-compose.yml: every service is described, none is described that
the file lacks, and the application is configured as the document says (through PgBouncer in
transaction mode, the replica as an optional profile, migrations straight to PostgreSQL)."""

import re
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((RACINE / "docker-compose.yml").read_text())
DOC = (RACINE / "docs/DEPLOIEMENT.md").read_text()


def test_chaque_service_du_fichier_est_decrit_et_reciproquement():
    services = set(COMPOSE["services"])
    tableau = DOC.split("## The pieces and how to start each")[1].split("\n## ")[0]
    decrits = set(re.findall(r"^\|[^|]*\| `([a-z-]+)`", tableau, re.M))
    assert decrits == services


def test_l_application_passe_par_pgbouncer_en_mode_transaction():
    web = COMPOSE["services"]["web"]["environment"]
    assert "@pgbouncer:6432/" in web["DATABASE_URL"] and web["DB_POOLER"] == "transaction"
    assert "pool_mode = transaction" in (RACINE / "deploiement/pgbouncer/entrypoint.sh").read_text()
    migration = COMPOSE["services"]["migrate"]["environment"]
    assert "@db:5432/" in migration["DATABASE_URL"]  # DDL straight to PostgreSQL


def test_la_replique_est_un_profil_optionnel():
    assert COMPOSE["services"]["db-replica"]["profiles"] == ["replique"]
    assert "DATABASE_REPLICA_URL" in COMPOSE["services"]["web"]["environment"]
    assert "--profile replique" in DOC
