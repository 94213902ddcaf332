"""Days and periods of the pacte's records, read in Europe/Paris."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def aujourdhui() -> date:
    """Today in Europe/Paris: a checkpoint is late, a person of age, from midnight French time."""
    return timezone.localdate()


def debut_du_jour(jour: date, decalage: int = 0) -> datetime:
    """Midnight in Europe/Paris of `jour` (+ `decalage` days), as an aware date-time.

    Extreme dates (year 1 or 9999) would overflow once converted to UTC: they are clamped to
    harmless ones, outside any record's dates."""
    jour = min(max(jour, date(1900, 1, 1)), date(9999, 12, 30) - timedelta(days=decalage))
    return timezone.make_aware(datetime.combine(jour + timedelta(days=decalage), time.min))


def bornes_locales(du: date, au: date) -> tuple[datetime, datetime]:
    """[start of `du`, start of the day after `au`) as aware date-times of the current time zone.

    Comparing the column with two bounds (rather than `date__date`) keeps the (commune, date)
    index usable, and a contact at 23:30 in Paris on `au` is inside the period."""
    return debut_du_jour(du), debut_du_jour(au, decalage=1)
