"""How dates are written for people: one formatter, used by messages, files, e-mails and exports."""

from datetime import date, datetime

from django.utils import timezone


def date_fr(jour: date | datetime | None, vide: str = "") -> str:
    """« 14/03/2026 » (a date-time: its day in Europe/Paris); `vide` when there is no date."""
    if jour is None:
        return vide
    if isinstance(jour, datetime):
        jour = timezone.localdate(jour)
    return jour.strftime("%d/%m/%Y")
