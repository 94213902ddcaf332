"""The rules of the daily scan: what is due on a given day, for whom. Reads only.

The rules are the dispositifs' (`config.dispositifs.Dispositif.rappels`): each is a
`RegleRappel`, one read of the rows due (`lignes`) and a builder of their reminders (`rappels`),
answering in a fixed number of SQL queries whatever the number of records (one for the records, one
for the supervisors when the rule escalates). The read is sent here (`lire`): compiled once per
process when the rule is `decalable`, its dates shifted on another day, so that the daily re-run —
and the scan after each save of a measure or checkpoint — costs one statement per rule and builds
nothing when nothing is due (docs/PERFORMANCE.md, figure 7). A rule
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
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.db.models.sql.compiler import SQLCompiler
from django.dispatch import receiver

from config import dispositifs as registre
from config.dispositifs import Rappel, RegleRappel
from notifications.models import Notification


def sans_rappel(type: str, objet_type: str, destinataire: str | None = None, objet: str | int = "pk") -> Q:
    """`NOT EXISTS` a reminder of `type` about the row: to the row's `destinataire` (a path to an
    account id) when given, to anyone otherwise (escalations: once per record). The object is the
    row itself (`objet`: a path to its id, `pk` by default) or a fixed id (an `int`: a rule over
    accounts, whose object is a day)."""
    objet_id = objet if isinstance(objet, int) else OuterRef(objet)
    existants = Notification.objects.filter(objet_type=objet_type, objet_id=objet_id, type=type)
    if destinataire is not None:
        existants = existants.filter(destinataire_id=OuterRef(destinataire))
    return ~Q(Exists(existants))


def regles() -> list[Callable[[date], list[Rappel]]]:
    """The daily scan's rules, in the pacte's order, each committed on its own."""
    return [_appliquer(regle) for regle in registre.regles_de_rappel()]


@dataclass(frozen=True)
class _Lecture:
    """A rule's read compiled once: its SQL, its parameters for `jour`, which of them are dates that
    move with `jour` (`decales`), how to convert its rows."""

    jour: date
    sql: str
    parametres: tuple
    alias: str
    compilateur: SQLCompiler
    decales: tuple[int, ...] = ()


# The rules' reads, compiled once per process (per rule): on another day the same statement of a
# `decalable` rule is sent with its dates shifted, without building and compiling the queryset again;
# another rule's is compiled again when the day changes (the scan after each save reuses it that day).
# Emptied when a setting changes (the delays are settings).
_LECTURES: dict[str, _Lecture] = {}


def _en_date(valeur) -> date:
    """A date parameter as compiled (a `date`, or its text on SQLite)."""
    if isinstance(valeur, date) and not isinstance(valeur, datetime):
        return valeur
    return date.fromisoformat(valeur)


def _compiler(regle: RegleRappel, jour: date) -> _Lecture | None:
    requete = regle.lignes(jour, sans_rappel)
    if requete is None:
        return None
    compilateur = requete.query.get_compiler(using=requete.db)
    sql, parametres = compilateur.as_sql()
    lecture = _Lecture(jour, sql, tuple(parametres), requete.db, compilateur)
    if not regle.decalable:
        _LECTURES[regle.nom] = lecture
        return lecture
    # Compiled for the next day too: the parameters that differ are the dates that move with `jour`,
    # each by one day exactly — else the rule is not `decalable` and saying so is a mistake.
    lendemain = regle.lignes(jour + timedelta(days=1), sans_rappel)
    sql_2, parametres_2 = ("", ())
    if lendemain is not None:
        sql_2, parametres_2 = lendemain.query.get_compiler(using=lendemain.db).as_sql()
    decales = tuple(i for i, (a, b) in enumerate(zip(parametres, parametres_2, strict=False)) if a != b)
    try:
        if sql_2 != sql or len(parametres_2) != len(parametres):
            raise ValueError(sql_2)
        if any(_en_date(parametres_2[i]) - _en_date(parametres[i]) != timedelta(days=1) for i in decales):
            raise ValueError(decales)
    except (TypeError, ValueError) as erreur:
        raise ImproperlyConfigured(
            f"La règle de rappel {regle.nom} se dit décalable mais sa lecture ne dépend pas du jour "
            "que par des dates à distance fixe."
        ) from erreur
    lecture = replace(lecture, decales=decales)
    _LECTURES[regle.nom] = lecture
    return lecture


def lire(regle: RegleRappel, jour: date) -> list[tuple]:
    """The rule's rows due on `jour` and not yet reminded: one statement (none when it says none)."""
    lecture = _LECTURES.get(regle.nom)
    if lecture is None or (lecture.jour != jour and not regle.decalable):
        lecture = _compiler(regle, jour)
        if lecture is None:
            return []
    parametres = lecture.parametres
    if lecture.jour != jour:
        ecart = jour - lecture.jour
        adapter = connections[lecture.alias].ops.adapt_datefield_value
        parametres = list(parametres)
        for i in lecture.decales:
            parametres[i] = adapter(_en_date(parametres[i]) + ecart)
    with connections[lecture.alias].cursor() as curseur:
        curseur.execute(lecture.sql, parametres)
        lignes = curseur.fetchall()
    compilateur = lecture.compilateur
    convertisseurs = compilateur.get_converters([s[0] for s in compilateur.select[: compilateur.col_count]])
    if convertisseurs and lignes:
        lignes = [tuple(ligne) for ligne in compilateur.apply_converters(lignes, convertisseurs)]
    return lignes


def _appliquer(regle: RegleRappel) -> Callable[[date], list[Rappel]]:
    def appliquer(jour: date) -> list[Rappel]:
        lignes = lire(regle, jour)
        return regle.rappels(jour, lignes) if lignes else []

    appliquer.__name__ = regle.nom
    appliquer.__doc__ = regle.lignes.__doc__
    return appliquer


@receiver(setting_changed)
def _oublier_les_lectures(**kwargs) -> None:
    _LECTURES.clear()
