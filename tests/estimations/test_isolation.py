"""OpenFisca stays out of the web process and of its environment.

In a fresh interpreter (so that nothing imported by the tests counts), the web process's modules
are loaded — settings, every app, the URLconf and its views, the admin, the Celery app and the
estimation tasks used to enqueue — and `openfisca_core` must not be in `sys.modules`. In the
default environment OpenFisca is not even installed (checked too); in .venv-estimation, where it
is, the same test proves the imports never reach it (the estimation suite also checks it after a
real API flow)."""

import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]

PROGRAMME = """
import sys
import django
django.setup()
import config.urls, config.celery
import estimations.tasks, estimations.services, estimations.api.views, estimations.admin
from django.urls import resolve
resolve("/api/v1/accompagnements/1/estimer-droits/")
estimations.tasks.mettre_en_file  # the enqueue side
print(sorted(m for m in sys.modules if m.startswith(("openfisca", "numpy"))))
"""


def test_le_processus_web_n_importe_pas_openfisca():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    sortie = subprocess.run(
        [sys.executable, "-c", PROGRAMME], cwd=RACINE, env=env, capture_output=True, text=True, timeout=120
    )

    assert sortie.returncode == 0, sortie.stderr
    assert sortie.stdout.strip() == "[]"


def test_openfisca_n_est_pas_installe_dans_l_environnement_web():
    if "estimation" in Path(sys.prefix).name:
        return  # the estimation virtualenv is the one place where it is
    assert find_spec("openfisca_core") is None
    assert find_spec("openfisca_france") is None


def test_sans_openfisca_une_estimation_reste_en_attente(db):
    """The eager mode of `make run` (no broker) runs the task in the web process, where OpenFisca is
    not installed: the estimation waits for the worker instead of failing the request."""
    if find_spec("openfisca_core") is not None:
        return
    from estimations.models import StatutEstimation
    from estimations.services import _estimation_creer
    from estimations.tasks import estimer
    from tests.estimations.factories import FoyerFactory

    estimation = _estimation_creer(foyer=FoyerFactory(), periode="2026-10", par=None)

    assert estimer.run([estimation.pk]) == {"terminees": 0, "erreurs": 0}
    estimation.refresh_from_db()
    assert estimation.statut == StatutEstimation.EN_ATTENTE
