"""Each reminder exists once per (object, kind, recipient), and each digest goes out once."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from notifications.models import Notification
from notifications.services import rappels_envoyer
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
