"""The rules of the daily scan: what is due on a given day, for whom. Reads only.

The rules are the dispositifs' (`config.dispositifs.Dispositif.rappels`): each is a function
`regle(jour, sans_rappel) -> list[Rappel]` answering in a fixed number of SQL queries whatever the
number of records (one for the records, one for the supervisors when the rule escalates). A rule
states what is due *up to* `jour` and not only *on* `jour`: a missed, late or doubled run is
harmless, the unique constraint of `Notification` drops what exists.

A rule returns only what does not exist yet: this module gives it `sans_rappel`, which leaves out,
in SQL (`NOT EXISTS` on the constraint's index), the records already reminded, so the daily re-run
reads what is due and builds nothing it has built before (docs/PERFORMANCE.md, figure 7). A
reminder to the référent is left out per référent (a new référent is reminded); an escalation is
sent **once per record**, to the référent and the supervisors of that day: a supervisor granted
later gets no backlog of past escalations (she sees late files in her dashboard).
"""

from collections.abc import Callable
from datetime import date

from django.db.models import Exists, OuterRef, Q

from config import dispositifs as registre
from config.dispositifs import Rappel, RegleRappel
from notifications.models import Notification


def sans_rappel(type: str, objet_type: str, destinataire: str | None = None) -> Q:
    """`NOT EXISTS` a reminder of `type` about the row: to the row's `destinataire` (a path to an
    account id) when given, to anyone otherwise (escalations: once per record)."""
    existants = Notification.objects.filter(objet_type=objet_type, objet_id=OuterRef("pk"), type=type)
    if destinataire is not None:
        existants = existants.filter(destinataire_id=OuterRef(destinataire))
    return ~Q(Exists(existants))


def regles() -> list[Callable[[date], list[Rappel]]]:
    """The daily scan's rules, in the pacte's order, each committed on its own."""
    return [_avec_sans_rappel(regle) for regle in registre.regles_de_rappel()]


def _avec_sans_rappel(regle: RegleRappel) -> Callable[[date], list[Rappel]]:
    def appliquer(jour: date) -> list[Rappel]:
        return regle(jour, sans_rappel)

    appliquer.__name__ = regle.__name__
    appliquer.__doc__ = regle.__doc__
    return appliquer
