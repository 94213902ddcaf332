"""Each reminder exists once per (object, kind, recipient), and each digest goes out once."""

import datetime

import psycopg
import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from notifications.models import Notification
from notifications.services import _VERROU_DES_DIGESTS, digests_envoyer, rappels_creer, rappels_envoyer
from tests.notifications.factories import NotificationFactory, encadrant, mesure
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db
D = datetime.date


def test_deux_passages_le_meme_jour_ne_dupliquent_rien():
    for _ in range(3):
        mesure(D(2026, 1, 10))
    encadrant(DIJON)
    premier = rappels_envoyer(jour=D(2026, 3, 30))
    lignes = sorted(Notification.objects.values_list("type", "objet_id", "destinataire_id"))
    courriels = len(mail.outbox)

    second = rappels_envoyer(jour=D(2026, 3, 30))
    assert (premier["crees"], second["crees"]) == (9, 0)
    assert sorted(Notification.objects.values_list("type", "objet_id", "destinataire_id")) == lignes
    # per measure: late (référent), escalation (référent and the supervisor)
    assert len(lignes) == len(set(lignes)) == 3 * 3
    assert second["courriels"] == 0
    assert len(mail.outbox) == courriels == 4  # 3 référents + 1 supervisor, one digest each


def test_un_passage_le_lendemain_n_envoie_que_le_nouveau():
    m = mesure(D(2026, 1, 10))
    rappels_envoyer(jour=D(2026, 3, 11))  # late
    rappels_envoyer(jour=D(2026, 3, 12))  # nothing new
    rappels_envoyer(jour=D(2026, 3, 17))  # escalation
    assert len(mail.outbox) == 2
    assert "en retard depuis plus d'une semaine" in mail.outbox[1].body
    assert "Point d'étape en retard :" not in mail.outbox[1].body
    assert Notification.objects.filter(destinataire=m.referent, envoyee_le__isnull=True).count() == 0


def test_la_base_refuse_un_doublon():
    n = NotificationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            destinataire=n.destinataire,
            type=n.type,
            objet_type=n.objet_type,
            objet_id=n.objet_id,
            titre="autre",
            message="autre",
        )


@pytest.mark.postgres
def test_un_digest_en_cours_d_envoi_par_un_autre_scan_n_est_pas_envoye_une_seconde_fois():
    """Two scans at once: the one sending a recipient's digest holds her (an advisory lock for its
    transaction); the other passes over her rather than lock and send the rest of her rows — two
    digests — and sends her nothing once the first has committed."""
    occupee, autre = mesure(D(2026, 1, 10)), mesure(D(2026, 1, 10))
    jour = D(2026, 3, 30)
    rappels_creer(jour=jour)
    reglages = connection.settings_dict
    autre_scan = psycopg.connect(
        host=reglages["HOST"], port=reglages["PORT"] or None, user=reglages["USER"],
        password=reglages["PASSWORD"] or None, dbname=reglages["NAME"],
    )  # fmt: skip
    try:
        with autre_scan.transaction():
            verrou = [_VERROU_DES_DIGESTS, occupee.referent_id]
            autre_scan.execute("SELECT pg_advisory_xact_lock(%s, %s)", verrou)
            assert digests_envoyer(jour=jour) == 1
        assert [m.to for m in mail.outbox] == [[autre.referent.email]]
        assert Notification.objects.filter(destinataire=occupee.referent, envoyee_le__isnull=True).exists()
    finally:
        autre_scan.close()

    assert digests_envoyer(jour=jour) == 1  # the lock released: her digest, once
    assert [m.to for m in mail.outbox] == [[autre.referent.email], [occupee.referent.email]]
    assert digests_envoyer(jour=jour) == 0
