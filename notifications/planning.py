"""The periodic work as Celery beat will run it: what, when (Europe/Paris), next run after `maintenant`."""

import copy
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from config.celery import app


@dataclass(frozen=True)
class Execution:
    nom: str
    tache: str
    planification: str
    prochaine: datetime  # aware, in the schedule's time zone (Europe/Paris)


def prochaine_execution(planification, maintenant: datetime, derniere: datetime | None = None) -> datetime:
    """When beat will next run `planification` (a celery schedule), `maintenant` being aware.

    Computed the way beat works, not by date arithmetic of our own: from the last run (`derniere`,
    `maintenant` by default), beat asks `is_due()` and sleeps the returned delay (at most
    `beat_max_loop_interval`, 300 s) until the schedule says it is due. Time advances in UTC and is
    shown in Europe/Paris, so the DST changes are crossed as beat crosses them.
    """
    tz = app.timezone
    derniere = (derniere or maintenant).astimezone(tz)
    planif = copy.copy(planification)
    instant = maintenant.astimezone(UTC)
    pause_max = app.conf.beat_max_loop_interval or 300
    for _ in range(40 * 24 * 3600 // pause_max):  # a monthly schedule fires within 40 days
        planif.nowfun = lambda instant=instant: instant.astimezone(tz)
        du, dans = planif.is_due(derniere)
        if du:
            return instant.astimezone(tz)
        instant += timedelta(seconds=min(dans, pause_max))
    raise RuntimeError(f"{planification} ne se déclenche pas dans les 40 jours.")


def planning(maintenant: datetime | None = None) -> list[Execution]:
    maintenant = maintenant or timezone.now()
    return [
        Execution(
            nom=nom,
            tache=entree["task"],
            planification=str(entree["schedule"]),
            prochaine=prochaine_execution(entree["schedule"], maintenant),
        )
        for nom, entree in sorted(app.conf.beat_schedule.items())
    ]
