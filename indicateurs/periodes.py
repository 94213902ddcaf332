"""Periods of the pacte's counts: local days and months of Europe/Paris."""

from datetime import date, timedelta

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
