"""Redis down while a measure is saved: the save succeeds, the failure is logged, the next scan catches up."""

import datetime
import logging

import pytest

from config.celery import app
from logement.models import MesureASLL
from logement.rappels import POINT_ETAPE_EN_RETARD
from notifications.models import Notification
from notifications.services import rappels_envoyer
from tests.notifications.factories import mesure, referent
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PORT_FERME = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.fixture
def courtier_injoignable():
    """The project's Celery app, not eager, pointed at a closed port (its connection pools reset)."""
    avant = {cle: app.conf[cle] for cle in ("broker_url", "broker_write_url", "task_always_eager")}
    app.conf.update(broker_url=PORT_FERME, broker_write_url=PORT_FERME, task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(avant)
    app._pool = None
    app.amqp._producer_pool = None


def test_une_mesure_enregistree_pendant_la_panne_par_le_service(
    courtier_injoignable, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.ERROR, logger="notifications.services"),
        django_capture_on_commit_callbacks(execute=True) as rappels_apres_commit,
    ):
        m = mesure(D(2026, 1, 10))

    assert len(rappels_apres_commit) == 1
    assert MesureASLL.objects.filter(pk=m.pk).exists()
    assert "Mise en file de notifications.tasks.creer_rappels impossible" in caplog.text
    assert not Notification.objects.exists()  # nothing was computed during the outage

    rappels_envoyer(jour=D(2026, 3, 11))  # the next scan catches up
    assert Notification.objects.filter(destinataire=m.referent, type=POINT_ETAPE_EN_RETARD.code).exists()


def test_une_mesure_creee_par_l_api_pendant_la_panne(
    courtier_injoignable, client_de, django_capture_on_commit_callbacks, caplog
):
    travailleur = referent(DIJON)
    usager = UsagerFactory(code_commune=DIJON)
    with (
        caplog.at_level(logging.ERROR, logger="notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reponse = client_de(travailleur).post(
            "/api/v1/asll/mesures/",
            {
                "usager": usager.pk,
                "type": "acces",
                "date_debut": "2026-01-10",
                "duree_mois": 6,
                "objectifs": ["budget"],
            },
            format="json",
        )

    assert reponse.status_code == 201, reponse.json()
    assert MesureASLL.objects.filter(pk=reponse.json()["id"]).exists()
    assert "impossible" in caplog.text
    rappels_envoyer(jour=D(2026, 3, 11))
    assert Notification.objects.filter(destinataire=travailleur).count() == 1


def test_hors_panne_la_mise_en_file_rafraichit_les_rappels_sans_attendre(django_capture_on_commit_callbacks):
    """Eager in tests (as in `make run`): the enqueued task runs and the late reminder exists at once."""
    with django_capture_on_commit_callbacks(execute=True):
        m = mesure(D(2025, 12, 1))  # first checkpoint 1 Feb 2026: late today
    assert Notification.objects.filter(destinataire=m.referent).exists()
