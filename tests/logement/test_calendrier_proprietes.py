"""Property tests through the services: whatever the start, duration, renewals and closing date."""

import calendar
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logement.calendrier import DUREE_MAX_MOIS
from logement.models import MotifAnnulation
from logement.services import mesure_cloturer, mesure_creer, mesure_renouveler
from tests.comptes.factories import agent
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent():
    return agent("asll", DIJON)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    debut=st.dates(min_value=date(2019, 1, 1), max_value=date(2023, 12, 31)),
    duree=st.integers(min_value=1, max_value=DUREE_MAX_MOIS),
    renouvellements=st.lists(st.integers(min_value=1, max_value=12), max_size=3),
    jours_avant_fin=st.integers(min_value=0, max_value=800),
)
def test_points_d_etape_d_une_mesure_renouvelee_puis_close(
    referent, debut, duree, renouvellements, jours_avant_fin
):
    mesure = mesure_creer(
        par=referent,
        usager=UsagerFactory(code_commune=DIJON),
        type="acces",
        date_debut=debut,
        duree_mois=duree,
        objectifs=["budget"],
    )
    for mois in renouvellements:
        if mesure.duree_mois + mois <= DUREE_MAX_MOIS:
            mesure = mesure_renouveler(mesure=mesure, duree_mois=mois, par=referent)

    points = list(mesure.points_etape.order_by("rang"))
    assert [p.rang for p in points] == list(range(1, mesure.duree_mois // 2 + 1))  # no gap, no duplicate
    for point in points:
        # exactly start + 2k months (never chained): month count, and the start's day clamped
        # to the month's last day
        assert (
            point.date_prevue.year - debut.year
        ) * 12 + point.date_prevue.month - debut.month == 2 * point.rang
        assert point.date_prevue.day == min(
            debut.day, calendar.monthrange(point.date_prevue.year, point.date_prevue.month)[1]
        )
        assert debut < point.date_prevue <= mesure.date_fin_prevue  # within the measure

    fin = min(debut + relativedelta(days=jours_avant_fin), date(2025, 12, 31))
    mesure_cloturer(mesure=mesure, date_fin=fin, issue="autre", par=referent)
    for point in mesure.points_etape.all():
        # Nothing is owed once the measure has ended: later checkpoints are cancelled, earlier
        # missed ones are closed as not held.
        assert point.annule
        attendu = MotifAnnulation.CLOTURE if point.date_prevue > fin else MotifAnnulation.NON_TENU
        assert point.motif_annulation == attendu
