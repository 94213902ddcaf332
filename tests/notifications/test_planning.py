"""The beat schedule: the daily scan at 07:00 and the monthly extraction on the 1st at 02:00, Paris
time, including on the two DST days of 2026. The next run is computed by celery's own schedule
(`is_due`) stepping time as beat does (`notifications.planning.prochaine_execution`)."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command

from config.celery import app
from notifications.planning import prochaine_execution

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC
QUOTIDIEN = settings.CELERY_BEAT_SCHEDULE["rappels-quotidiens"]
MENSUEL = settings.CELERY_BEAT_SCHEDULE["indicateurs-mensuels"]


def test_les_entrees_du_planning():
    assert app.conf.timezone == "Europe/Paris"
    assert QUOTIDIEN["task"] == "notifications.tasks.envoyer_rappels"
    assert QUOTIDIEN["schedule"] == crontab(hour=7, minute=0)
    # The indicators task belongs to the `indicateurs` app: named here, implemented there.
    assert MENSUEL["task"] == "indicateurs.tasks.extraire_mois_precedent"
    assert MENSUEL["schedule"] == crontab(day_of_month=1, hour=2, minute=0)
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


@pytest.mark.parametrize(
    ("derniere_paris", "attendue_paris", "attendue_utc"),
    [
        # Spring forward (29 March 2026, 02:00 → 03:00): 07:00 CEST = 05:00 UTC, 23 hours after.
        ("2026-03-28T07:00", "2026-03-29T07:00", "2026-03-29T05:00"),
        ("2026-03-29T07:00", "2026-03-30T07:00", "2026-03-30T05:00"),
        # Fall back (25 October 2026, 03:00 → 02:00): 07:00 CET = 06:00 UTC, 25 hours after.
        ("2026-10-24T07:00", "2026-10-25T07:00", "2026-10-25T06:00"),
        ("2026-10-25T07:00", "2026-10-26T07:00", "2026-10-26T06:00"),
        # Month end, leap day.
        ("2024-02-28T07:00", "2024-02-29T07:00", "2024-02-29T06:00"),
        ("2024-02-29T07:00", "2024-03-01T07:00", "2024-03-01T06:00"),
        ("2026-12-31T07:00", "2027-01-01T07:00", "2027-01-01T06:00"),
    ],
)
def test_le_scan_quotidien_part_a_7h_heure_de_paris(derniere_paris, attendue_paris, attendue_utc):
    derniere = datetime.datetime.fromisoformat(derniere_paris).replace(tzinfo=PARIS)
    prochaine = prochaine_execution(QUOTIDIEN["schedule"], derniere + datetime.timedelta(seconds=1), derniere)
    assert prochaine.replace(tzinfo=None) == datetime.datetime.fromisoformat(attendue_paris)
    assert prochaine.astimezone(UTC).replace(tzinfo=None) == datetime.datetime.fromisoformat(attendue_utc)


@pytest.mark.parametrize(
    "maintenant_paris",
    ["2026-03-29T00:30", "2026-03-29T02:30", "2026-03-29T03:00", "2026-10-25T02:30", "2026-10-25T06:59"],
)
def test_le_jour_du_changement_d_heure_le_scan_part_a_7h(maintenant_paris):
    """Started the night of the change (beat restarted, no previous run known), it fires at 07:00."""
    maintenant = datetime.datetime.fromisoformat(maintenant_paris).replace(tzinfo=PARIS)
    prochaine = prochaine_execution(QUOTIDIEN["schedule"], maintenant)
    assert (prochaine.date(), prochaine.hour, prochaine.minute) == (maintenant.date(), 7, 0)


def test_is_due_de_celery_aux_deux_changements_d_heure():
    """celery's own answer, without our helper: due at 07:00 Paris on the DST days, not at 06:00."""
    for jour, decalage in ((datetime.date(2026, 3, 29), 2), (datetime.date(2026, 10, 25), 1)):
        veille = datetime.datetime.combine(jour - datetime.timedelta(days=1), datetime.time(7), PARIS)
        a_6h = datetime.datetime.combine(jour, datetime.time(6, 0), PARIS)
        a_7h = datetime.datetime.combine(jour, datetime.time(7, 0, 1), PARIS)
        assert a_7h.utcoffset() == datetime.timedelta(hours=decalage)
        assert not crontab(hour=7, minute=0, nowfun=lambda a_6h=a_6h: a_6h, app=app).is_due(veille).is_due
        assert crontab(hour=7, minute=0, nowfun=lambda a_7h=a_7h: a_7h, app=app).is_due(veille).is_due


@pytest.mark.parametrize(
    ("derniere", "attendue"),
    [
        ("2026-01-01T02:00", "2026-02-01T02:00"),
        ("2026-02-01T02:00", "2026-03-01T02:00"),  # a 28-day February
        ("2024-02-01T02:00", "2024-03-01T02:00"),  # a 29-day February
        ("2026-03-01T02:00", "2026-04-01T02:00"),  # across the spring change
        ("2026-10-01T02:00", "2026-11-01T02:00"),  # across the autumn change
        ("2026-12-01T02:00", "2027-01-01T02:00"),
    ],
)
def test_l_extraction_mensuelle_le_1er_a_2h(derniere, attendue):
    derniere_run = datetime.datetime.fromisoformat(derniere).replace(tzinfo=PARIS)
    prochaine = prochaine_execution(
        MENSUEL["schedule"], derniere_run + datetime.timedelta(minutes=1), derniere_run
    )
    assert prochaine.replace(tzinfo=None) == datetime.datetime.fromisoformat(attendue)


def test_un_administrateur_voit_le_planning():
    sortie = StringIO()
    call_command("planning_taches", stdout=sortie)
    texte = sortie.getvalue()
    assert "rappels-quotidiens : notifications.tasks.envoyer_rappels" in texte
    assert "indicateurs-mensuels : indicateurs.tasks.extraire_mois_precedent" in texte
    assert "à 07:00" in texte and "à 02:00" in texte
