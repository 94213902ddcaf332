"""Writing the access journal: one bulk insert per request, in the caller's transaction."""

import contextvars
import uuid
from collections.abc import Iterable
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone

from journal.models import Action, EntreeJournal, Origine

# The id of the request being served (middleware), or of the task run; written with each entry.
identifiant_requete: contextvars.ContextVar[str] = contextvars.ContextVar("identifiant_requete", default="")

def est_nominatif(modele) -> bool:
    """A record about a person (journaled); catalogues and settings are not."""
    from conservation.activite import chemin_vers_usager

    return chemin_vers_usager(modele) is not None


def usager_de(objet: Model) -> int | None:
    """The id of the person a record is about (the path is declared once, `conservation.activite`)."""
    from conservation.activite import chemin_vers_usager

    chemin = chemin_vers_usager(type(objet))
    if chemin is None:
        return None
    if chemin == "":
        return objet.pk
    *parcours, dernier = chemin.split("__")
    valeur = objet
    for attribut in parcours:
        valeur = getattr(valeur, attribut, None)
        if valeur is None:
            return None
    return getattr(valeur, f"{dernier}_id", None)


def nouvel_identifiant() -> str:
    return uuid.uuid4().hex


def journaliser(
    *, par, action: Action | str, objets: Iterable[Model], origine: Origine | str, requete: str = ""
) -> list[EntreeJournal]:
    """Record that `par` did `action` on `objets` (one row each), in one INSERT."""
    from usagers.compartiment import est_compartimente

    quand = timezone.now()
    auteur_id = getattr(par, "pk", None)
    auteur = getattr(par, "get_username", lambda: "")() if par is not None else ""
    requete = requete or identifiant_requete.get()
    entrees = [
        EntreeJournal(
            quand=quand,
            auteur_id=auteur_id,
            auteur=auteur,
            action=action,
            origine=origine,
            objet_type=objet._meta.label_lower,
            objet_id=objet.pk,
            usager_id=usager_de(objet),
            emas=est_compartimente(objet),
            requete=requete,
        )
        for objet in objets
        if est_nominatif(type(objet))
    ]
    if entrees:
        EntreeJournal.objects.bulk_create(entrees)
    return entrees


def limite_de_purge(maintenant: datetime | None = None) -> datetime:
    return (maintenant or timezone.now()) - relativedelta(months=settings.JOURNAL_CONSERVATION_MOIS)


def journal_purger(*, maintenant: datetime | None = None) -> int:
    """Delete the entries older than `JOURNAL_CONSERVATION_MOIS` (the scheduled purge, the only
    deletion the PostgreSQL trigger lets through: it checks the date of every row it deletes)."""
    limite = limite_de_purge(maintenant)
    base = router.db_for_write(EntreeJournal)
    with transaction.atomic(using=base):
        if connections[base].vendor == "postgresql":
            with connections[base].cursor() as curseur:
                curseur.execute("SELECT set_config('journal.purge_avant', %s, true)", [limite.isoformat()])
        supprimees, _ = EntreeJournal.objects.using(base).filter(quand__lt=limite)._purger()
    return supprimees
