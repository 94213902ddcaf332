"""The scan compiles a rule's read once and shifts its dates on another day (`notifications.echeances`):
the statement sent must be the one the rule would build that day, for every declared rule."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.dispositifs import RegleRappel, regles_de_rappel
from notifications import echeances
from notifications.echeances import lire
from notifications.models import Notification

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def lectures_vides():
    echeances._LECTURES.clear()
    yield
    echeances._LECTURES.clear()


def _envoye(regle: RegleRappel, jour) -> list:
    with CaptureQueriesContext(connection) as requetes:
        lire(regle, jour)
    return [q["sql"] for q in requetes.captured_queries]


@pytest.mark.parametrize("regle", regles_de_rappel(), ids=lambda r: r.nom)
def test_la_lecture_decalee_est_celle_du_jour(regle):
    # Compiled on 10 January, sent on 1 March (a leap year's February between): the statement is the
    # one compiled afresh on 1 March, its dates included.
    lire(regle, D(2024, 1, 10))
    decalee = _envoye(regle, D(2024, 3, 1))
    echeances._LECTURES.clear()
    assert decalee == _envoye(regle, D(2024, 3, 1))


def test_une_regle_qui_se_dit_decalable_a_tort_est_refusee():
    # Its object is the day's number, not a date at a fixed distance of the day.
    regle = RegleRappel(
        "essai_jour_du_mois",
        lambda jour, sans_rappel: Notification.objects.filter(objet_id=jour.day).values_list("pk"),
        lambda jour, lignes: [],
    )
    with pytest.raises(ImproperlyConfigured, match="essai_jour_du_mois"):
        lire(regle, D(2026, 1, 10))
