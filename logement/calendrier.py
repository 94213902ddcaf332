"""The ASLL checkpoint calendar: pure date arithmetic, no database.

Fiche 2.1 of the pacte asks for a checkpoint (point d'étape) every two months from the start
of a measure until its end. Each date is computed from the START date (start + 2k months),
never by chaining from the previous checkpoint: chaining would drift at month ends
(31 Dec → 28 Feb → 28 Apr instead of 30 Apr).
"""

from datetime import date

from dateutil.relativedelta import relativedelta

INTERVALLE_MOIS = 2
DUREE_MAX_MOIS = 24


def date_fin_prevue(date_debut: date, duree_mois: int) -> date:
    """The planned end: start + the granted months, clamped to the month's last day."""
    return date_debut + relativedelta(months=duree_mois)


def date_point_etape(date_debut: date, rang: int) -> date:
    """The planned date of checkpoint number `rang` (1, 2, …): start + 2×rang months."""
    return date_debut + relativedelta(months=INTERVALLE_MOIS * rang)


def calendrier_points_etape(date_debut: date, duree_mois: int) -> list[tuple[int, date]]:
    """Every checkpoint `(rang, date)` from start + 2 months up to the planned end, inclusive.

    2020-06-01 for 6 months gives 2020-08-01, 2020-10-01 and 2020-12-01;
    2020-12-31 for 2 months gives 2021-02-28.
    """
    # start + 2k months <= start + d months exactly when 2k <= d (each lies in a later calendar month).
    return [
        (rang, date_point_etape(date_debut, rang)) for rang in range(1, duree_mois // INTERVALLE_MOIS + 1)
    ]
