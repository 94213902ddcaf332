"""Periods of the pacte's counts: local days and months of Europe/Paris."""

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from config.api.filters import debut_du_jour


def bornes_locales(du: date, au: date) -> tuple[datetime, datetime]:
    """[start of `du`, start of the day after `au`) as aware date-times of the current time zone.

    Comparing the column with two bounds (rather than `date__date`) keeps the (commune, date)
    index usable, and a contact at 23:30 in Paris on `au` is inside the period."""
    return debut_du_jour(du), debut_du_jour(au, decalage=1)


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
