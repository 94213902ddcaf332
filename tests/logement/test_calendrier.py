"""The checkpoint calendar: every two months from the start, anchored on the start date."""

import calendar
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from logement.calendrier import DUREE_MAX_MOIS, calendrier_points_etape, date_fin_prevue


def _dates(debut: date, duree: int) -> list[date]:
    return [jour for _, jour in calendrier_points_etape(debut, duree)]


@pytest.mark.parametrize(
    ("debut", "duree", "attendues"),
    [
        (date(2020, 6, 1), 6, [date(2020, 8, 1), date(2020, 10, 1), date(2020, 12, 1)]),
        (date(2020, 12, 31), 2, [date(2021, 2, 28)]),
        # leap years: 29 February when it exists, 28 otherwise; never a drift after a short month
        (date(2019, 12, 31), 4, [date(2020, 2, 29), date(2020, 4, 30)]),
        (date(2020, 12, 31), 6, [date(2021, 2, 28), date(2021, 4, 30), date(2021, 6, 30)]),
        (date(2023, 12, 29), 2, [date(2024, 2, 29)]),
        (
            date(2024, 2, 29),
            12,
            [
                date(2024, 4, 29),
                date(2024, 6, 29),
                date(2024, 8, 29),
                date(2024, 10, 29),
                date(2024, 12, 29),
                date(2025, 2, 28),
            ],
        ),
        (date(2020, 8, 31), 2, [date(2020, 10, 31)]),
        (date(2020, 6, 1), 1, []),
        (date(2020, 6, 1), 3, [date(2020, 8, 1)]),
    ],
)
def test_exemples(debut, duree, attendues):
    assert _dates(debut, duree) == attendues


def test_fin_prevue_aux_fins_de_mois():
    assert date_fin_prevue(date(2020, 6, 1), 6) == date(2020, 12, 1)
    assert date_fin_prevue(date(2020, 12, 31), 2) == date(2021, 2, 28)
    assert date_fin_prevue(date(2019, 12, 31), 2) == date(2020, 2, 29)


@given(
    debut=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    duree=st.integers(min_value=1, max_value=DUREE_MAX_MOIS),
)
def test_proprietes_du_calendrier(debut, duree):
    points = calendrier_points_etape(debut, duree)
    fin = date_fin_prevue(debut, duree)

    assert len(points) == duree // 2
    assert [rang for rang, _ in points] == list(range(1, len(points) + 1))
    for rang, jour in points:
        assert debut < jour <= fin  # every checkpoint lies within the measure
        # exactly start + 2k months (never chained): month count, and the start's day clamped
        # to the month's last day
        assert (jour.year - debut.year) * 12 + jour.month - debut.month == 2 * rang
        assert jour.day == min(debut.day, calendar.monthrange(jour.year, jour.month)[1])
    for (_, avant), (_, apres) in zip(points, points[1:], strict=False):
        assert 59 <= (apres - avant).days <= 62  # two months apart
    # the next one (if any) would fall after the planned end
    assert debut + relativedelta(months=2 * (len(points) + 1)) > fin


@given(
    debut=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    duree=st.integers(min_value=1, max_value=DUREE_MAX_MOIS - 1),
    renouvellement=st.integers(min_value=1, max_value=DUREE_MAX_MOIS),
)
def test_un_renouvellement_prolonge_le_calendrier_sans_le_modifier(debut, duree, renouvellement):
    total = min(duree + renouvellement, DUREE_MAX_MOIS)
    avant = calendrier_points_etape(debut, duree)
    apres = calendrier_points_etape(debut, total)

    assert apres[: len(avant)] == avant
