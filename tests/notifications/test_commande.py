"""`python manage.py envoyer_rappels [--date AAAA-MM-JJ]`: the scan by hand (cron, tests)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Notification
from tests.notifications.factories import mesure

pytestmark = pytest.mark.django_db


def test_la_commande_a_une_date_donnee_puis_relancee():
    m = mesure(datetime.date(2026, 1, 10))
    sortie = StringIO()
    call_command("envoyer_rappels", "--date", "2026-03-11", stdout=sortie)
    assert "1 rappel(s) créé(s), 1 courriel(s) envoyé(s)" in sortie.getvalue()
    call_command("envoyer_rappels", "--date", "2026-03-11", stdout=StringIO())
    assert Notification.objects.filter(destinataire=m.referent).count() == 1
    assert len(mail.outbox) == 1


def test_une_date_invalide_est_refusee():
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("envoyer_rappels", "--date", "11/03/2026")
