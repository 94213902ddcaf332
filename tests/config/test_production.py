"""Production settings: `check --deploy` clean, weak keys and a missing database refused, and the
demo loader refusing to run there (docs/SECURITY.md)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

RACINE = Path(__file__).resolve().parents[2]
CLE_FORTE = "k3Q9-vXw2_pLm7RtZ8yBn4Hc6JdF1sGa0eUoIiYqWzXcVbNmLkJhGf"
ENV_PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": CLE_FORTE,
    "DATABASE_URL": "postgres://pacte:secret@db.example.org:5432/pacte",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "ALLOWED_HOSTS": "pacte.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environnement = {k: v for k, v in os.environ.items() if k not in ENV_PRODUCTION and k != "DEBUG"}
    environnement.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_est_propre_en_production():
    resultat = manage("check", "--deploy", "--fail-level", "WARNING", **ENV_PRODUCTION)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


@pytest.mark.parametrize(
    "cle",
    [
        None,
        "",
        "courte",
        "a" * 60,
        "django-insecure-" + CLE_FORTE,
        "dev-insecure-secret-key-ne-pas-utiliser-en-production",
    ],
)
def test_une_cle_secrete_faible_est_refusee(cle):
    resultat = manage("check", **{**ENV_PRODUCTION, "SECRET_KEY": cle})
    assert resultat.returncode != 0
    assert "SECRET_KEY doit être fourni" in resultat.stderr


def test_sans_database_url_la_production_refuse_de_demarrer():
    resultat = manage("check", **{**ENV_PRODUCTION, "DATABASE_URL": None})
    assert resultat.returncode != 0
    assert "DATABASE_URL doit être fourni" in resultat.stderr


def test_debug_ne_s_allume_pas_en_production():
    resultat = manage("diffsettings", "--all", **{**ENV_PRODUCTION, "DEBUG": "true"})
    assert resultat.returncode == 0, resultat.stderr
    assert "DEBUG = False" in resultat.stdout


@pytest.mark.django_db
@override_settings(ENVIRONNEMENT="production")
def test_charger_demo_refuse_les_reglages_de_production():
    from comptes.models import User

    with pytest.raises(CommandError, match="réglages de production"):
        call_command("charger_demo")
    assert not User.objects.filter(username="admin").exists()
