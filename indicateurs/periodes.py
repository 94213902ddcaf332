"""Periods of the pacte's counts: local days and months of Europe/Paris."""

from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta


def premier_jour(jour: date) -> date:
    return jour.replace(day=1)


def dernier_jour(jour: date) -> date:
    return jour.replace(day=1) + relativedelta(months=1) - timedelta(days=1)


def mois_de_la_periode(du: date, au: date) -> list[date]:
    """The first day of every month that meets [du, au]."""
    mois, fin = premier_jour(du), premier_jour(au)
    resultat = []
    while mois <= fin:
        resultat.append(mois)
        mois += relativedelta(months=1)
    return resultat


def code_mois(jour: date) -> str:
    return f"{jour.year:04d}-{jour.month:02d}"


# --- The calendar lattice ---------------------------------------------------------------------
# An indicator is read for a month, a quarter or a calendar year, nothing else: with free bounds,
# 1–12 March minus 1–11 March would give the count of 12 March (issue 26). Every period of the
# lattice is a cell of its year's table, suppressed as one (`indicateurs.secret`).

Periode = tuple[date, date]

MESSAGE_TREILLIS = (
    "La période doit être un mois, un trimestre ou une année civile entiers (par exemple du "
    "2020-03-01 au 2020-03-31, du 2020-01-01 au 2020-03-31 ou du 2020-01-01 au 2020-12-31) : avec "
    "des bornes libres, la différence de deux périodes voisines révélerait un effectif masqué par "
    "le secret statistique."
)


def annee(an: int) -> Periode:
    return date(an, 1, 1), date(an, 12, 31)


# The lattice of a year never changes: computed once per year (the dashboard's suppression walks it
# hundreds of thousands of times).
@cache
def _trimestres(an: int) -> tuple[Periode, ...]:
    return tuple((date(an, m, 1), dernier_jour(date(an, m + 2, 1))) for m in (1, 4, 7, 10))


@cache
def _mois_de_l_annee(an: int) -> tuple[Periode, ...]:
    return tuple((date(an, m, 1), dernier_jour(date(an, m, 1))) for m in range(1, 13))


def trimestres(an: int) -> list[Periode]:
    return list(_trimestres(an))


def mois_de_l_annee(an: int) -> list[Periode]:
    return list(_mois_de_l_annee(an))


def periodes_de_l_annee(an: int) -> list[Periode]:
    """Every period of the lattice in year `an`: 12 months, 4 quarters, the year."""
    return [*mois_de_l_annee(an), *trimestres(an), annee(an)]


def dans_le_treillis(du: date, au: date) -> bool:
    return du.year == au.year and (du, au) in periodes_de_l_annee(du.year)


def sous_periodes(periode: Periode) -> list[Periode]:
    """The children of a period in the lattice: a year's quarters, a quarter's months."""
    return list(_sous_periodes(periode))


@cache
def _sous_periodes(periode: Periode) -> tuple[Periode, ...]:
    du, au = periode
    if (du, au) == annee(du.year):
        return _trimestres(du.year)
    if (du, au) in _trimestres(du.year):
        return tuple((m, dernier_jour(m)) for m in mois_de_la_periode(du, au))
    return ()


def libelle_periode(periode: Periode) -> str:
    du, au = periode
    if (du, au) == annee(du.year):
        return f"{du.year}"
    if (du, au) in trimestres(du.year):
        return f"{du.year}-T{(du.month - 1) // 3 + 1}"
    return code_mois(du)
