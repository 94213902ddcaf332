"""Property test of the checkpoint and end-of-measure rules against a plain-Python oracle: whatever
the start (month ends and 29 February included), the duration and the scan's day."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logement.calendrier import DUREE_MAX_MOIS, calendrier_points_etape, date_fin_prevue
from logement.rappels import (
    MESURE_ECHUE,
    MESURE_ECHUE_ESCALADE,
    POINT_ETAPE_EN_RETARD,
    POINT_ETAPE_ESCALADE,
    POINT_ETAPE_PROCHE,
)
from notifications.echeances import regles
from tests.notifications.factories import mesure

pytestmark = pytest.mark.django_db

# Start dates biased to the month ends, where the calendar is delicate.
fins_de_mois = st.sampled_from(
    [date(2023, 12, 31), date(2023, 12, 29), date(2024, 1, 31), date(2024, 2, 29), date(2025, 8, 31)]
)


def attendus(debut: date, duree: int, jour: date, points: dict[int, int], mesure_id: int) -> set[tuple]:
    attendu = set()
    for rang, prevue in calendrier_points_etape(debut, duree):
        if jour <= prevue <= jour + timedelta(days=7):
            attendu.add((POINT_ETAPE_PROCHE.code, points[rang]))
        if prevue < jour:
            attendu.add((POINT_ETAPE_EN_RETARD.code, points[rang]))
        if prevue <= jour - timedelta(days=7):
            attendu.add((POINT_ETAPE_ESCALADE.code, points[rang]))
    fin = date_fin_prevue(debut, duree)
    if fin < jour:
        attendu.add((MESURE_ECHUE.code, mesure_id))
    if fin <= jour - timedelta(days=15):
        attendu.add((MESURE_ECHUE_ESCALADE.code, mesure_id))
    return attendu


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    debut=st.one_of(fins_de_mois, st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 10, 31))),
    duree=st.integers(min_value=1, max_value=DUREE_MAX_MOIS),
    decalage=st.integers(min_value=-10, max_value=800),
)
def test_les_regles_suivent_le_calendrier(debut, duree, decalage):
    jour = debut + timedelta(days=decalage)
    with transaction.atomic():
        m = mesure(debut, duree_mois=duree)
        points = dict(m.points_etape.values_list("rang", "pk"))
        trouves = {(r.type, r.objet_id) for regle in regles() for r in regle(jour)}
        assert {r.destinataire_id for regle in regles() for r in regle(jour)} <= {m.referent_id}
        assert trouves == attendus(debut, duree, jour, points, m.pk)
        transaction.set_rollback(True)  # each example starts from an empty database
