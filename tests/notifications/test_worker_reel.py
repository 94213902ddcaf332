"""The daily scan run by REAL Celery workers (subprocesses) on the real Redis and PostgreSQL.

- two workers run the scan at the same time: every reminder exists once, every recipient gets one digest;
- a worker is killed (SIGKILL) in the middle of the digests, another one starts: the message, never
  acknowledged (acks_late), is redelivered; every reminder exists once, none is lost, every
  recipient gets its digest (the one being sent at the instant of the kill may be sent twice:
  e-mail is effectively once).

The workers use the test database (its name in their DATABASE_URL), the Redis of REDIS_URL (db 9 on
a workstation, db 0 in CI) and a queue of their own, so nothing else consumes their messages.
Every subprocess is killed at the end, whatever happens; every wait is bounded.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from notifications.echeances import regles
from notifications.models import Notification
from tests.logement.factories import SituationACORFactory
from tests.notifications.factories import encadrant, mesure, referent
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    # Real transactions: the workers must see the committed data. serialized_rollback restores the
    # communes and roles of the data migrations after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JOUR = datetime.date(2026, 3, 30)
TACHE = "notifications.tasks.envoyer_rappels"
DEMARRAGE_MAX = 90  # seconds for a worker to be ready on a busy machine


def url_base_de_test() -> str:
    """The URL of the database this test runs on (pytest-django's `test_…` database)."""
    reglages = connection.settings_dict
    auth = quote(reglages["USER"] or "")
    if reglages["PASSWORD"]:
        auth += ":" + quote(reglages["PASSWORD"])
    hote = reglages["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{hote}:{reglages['PORT'] or 5432}/{reglages['NAME']}"


class Worker:
    def __init__(self, dossier: Path, file: str, nom: str, **env: str):
        self.journal = dossier / f"{nom}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": url_base_de_test(),
            "DB_CONN_MAX_AGE": "0",
            "EMAIL_BACKEND": "tests.notifications.courriel_lent.EmailBackend",
            "EMAIL_FILE_PATH": str(dossier / "courriels"),
            "DEBUG": "false",
            **env,
        }
        self.commande = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
            "-Q", file, "-n", f"{nom}-{uuid.uuid4().hex[:6]}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
        ]  # fmt: skip
        self.processus: subprocess.Popen | None = None

    def demarrer(self) -> "Worker":
        sortie = self.journal.open("ab")
        self.processus = subprocess.Popen(
            self.commande,
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as a whole
        )
        sortie.close()
        limite = time.monotonic() + DEMARRAGE_MAX
        while time.monotonic() < limite:
            if "ready." in self.lire_journal():
                return self
            if self.processus.poll() is not None:
                break
            time.sleep(0.2)
        self.arreter()
        pytest.fail(f"le worker n'a pas démarré :\n{self.lire_journal()[-3000:]}")

    def lire_journal(self) -> str:
        return self.journal.read_text(errors="replace") if self.journal.exists() else ""

    def tuer(self) -> None:
        """SIGKILL: no clean shutdown, no acknowledgement, no restore of the message."""
        if self.processus and self.processus.poll() is None:
            os.killpg(self.processus.pid, signal.SIGKILL)
            self.processus.wait(timeout=10)

    def arreter(self) -> None:
        if self.processus and self.processus.poll() is None:
            os.killpg(self.processus.pid, signal.SIGTERM)
            try:
                self.processus.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.tuer()


@pytest.fixture
def file_redis():
    """A queue name of our own on the Redis of REDIS_URL; its keys are deleted afterwards."""
    import redis

    from tests.conftest import redis_url_joignable

    url = redis_url_joignable()
    file = f"test-rappels-{uuid.uuid4().hex}"
    yield url, file
    client = redis.Redis.from_url(url)
    client.delete(file, f"_kombu.binding.{file}", f"_kombu.binding_permanent.{file}")
    client.close()


@pytest.fixture
def workers(tmp_path):
    lances: list[Worker] = []

    def lancer(file: str, nom: str, **env: str) -> Worker:
        worker = Worker(tmp_path, file, nom, **env)
        lances.append(worker)
        return worker.demarrer()

    yield lancer
    for worker in lances:
        worker.arreter()


def producteur(url: str) -> Celery:
    """A Celery app that only sends (the project's is eager in tests)."""
    app = Celery("pacte-test-producteur")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    return app


def jeu_de_donnees(referents: int) -> set[tuple]:
    """`referents` social workers with two late measures each, a supervisor, an old ACOR referral;
    returns the reminders the scan must create."""
    # The after-save refresh would create the reminders at today's date in this process: the point
    # here is what the workers do.
    with mock.patch("notifications.signaux.enqueue_on_commit"):
        for _ in range(referents):
            travailleur = referent(DIJON)
            mesure(datetime.date(2026, 1, 10), par=travailleur)
            mesure(datetime.date(2025, 12, 31), duree_mois=2, par=travailleur)  # ended 28 Feb
        encadrant(DIJON)
        SituationACORFactory(
            usager=UsagerFactory(code_commune=DIJON), date_orientation=datetime.date(2025, 12, 1)
        )
    return {(r.type, r.objet_type, r.objet_id, r.destinataire_id) for regle in regles() for r in regle(JOUR)}


def en_base() -> list[tuple]:
    return list(Notification.objects.values_list("type", "objet_type", "objet_id", "destinataire_id"))


def courriels_par_destinataire(dossier: Path) -> dict[str, int]:
    compte: dict[str, int] = {}
    for fichier in (dossier / "courriels").glob("*"):
        for ligne in fichier.read_text(errors="replace").splitlines():
            if ligne.startswith("To: "):
                compte[ligne[4:].strip()] = compte.get(ligne[4:].strip(), 0) + 1
    return compte


def adresses_attendues() -> set[str]:
    ids = Notification.objects.values("destinataire_id")
    from comptes.models import User

    return set(User.objects.filter(pk__in=ids).values_list("email", flat=True))


def test_deux_scans_simultanes_dans_deux_workers(file_redis, workers, tmp_path):
    url, file = file_redis
    attendus = jeu_de_donnees(referents=4)
    premier = workers(file, "premier", COURRIEL_LENT_SECONDES="0.3")
    second = workers(file, "second", COURRIEL_LENT_SECONDES="0.3")

    app = producteur(url)
    resultats = [app.send_task(TACHE, args=[JOUR.isoformat()], queue=file) for _ in range(2)]
    sorties = [r.get(timeout=120) for r in resultats]
    for r in resultats:
        r.forget()

    lignes = en_base()
    assert len(lignes) == len(set(lignes)) == len(attendus)
    assert set(lignes) == attendus
    assert sum(s["crees"] for s in sorties) == len(attendus)  # each created by one scan only
    assert sum(s["courriels"] for s in sorties) == len(adresses_attendues())
    assert courriels_par_destinataire(tmp_path) == dict.fromkeys(adresses_attendues(), 1)
    assert not Notification.objects.filter(envoyee_le__isnull=True).exists()
    for worker in (premier, second):  # each worker ran one of the two scans
        assert f"Task {TACHE}[" in worker.lire_journal() and "succeeded" in worker.lire_journal()


def test_un_worker_tue_pendant_le_scan_puis_un_autre_reprend(file_redis, workers, tmp_path):
    url, file = file_redis
    attendus = jeu_de_donnees(referents=5)
    # A short visibility timeout so that the restarted worker takes the unacknowledged message back
    # at once (production: one hour, above any countdown).
    env = {"COURRIEL_LENT_SECONDES": "1.5", "CELERY_VISIBILITY_TIMEOUT": "3"}
    premier = workers(file, "tue", **env)

    resultat = producteur(url).send_task(TACHE, args=[JOUR.isoformat()], queue=file)
    limite = time.monotonic() + 90
    while not Notification.objects.filter(envoyee_le__isnull=False).exists():
        assert time.monotonic() < limite, premier.lire_journal()[-3000:]
        time.sleep(0.1)
    premier.tuer()

    envoyees = Notification.objects.filter(envoyee_le__isnull=False).count()
    assert 0 < envoyees < len(attendus), "le worker devait être tué au milieu des envois"
    assert set(en_base()) == attendus  # the reminders were committed before the digests

    time.sleep(4)  # past the visibility timeout: the message is visible again
    workers(file, "relance", **env)
    sortie = resultat.get(timeout=150)
    resultat.forget()

    lignes = en_base()
    assert len(lignes) == len(set(lignes)) == len(attendus)
    assert set(lignes) == attendus
    assert sortie["crees"] == 0  # all committed before the kill: the re-run found nothing to create
    assert not Notification.objects.filter(envoyee_le__isnull=True).exists()
    recus = courriels_par_destinataire(tmp_path)
    assert set(recus) == adresses_attendues()  # nobody lost
    assert sum(recus.values()) <= len(recus) + 1  # at most the digest in flight at the kill, twice
