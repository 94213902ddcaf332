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

from config.sql import inserer_par_tableaux
from journal.models import Action, EntreeJournal, Origine

# The id of the request being served (middleware), or of the task run; written with each entry.
identifiant_requete: contextvars.ContextVar[str] = contextvars.ContextVar("identifiant_requete", default="")


def est_nominatif(modele) -> bool:
    """A record about a person (journaled); catalogues and settings are not."""
    from conservation.activite import chemin_vers_usager

    return chemin_vers_usager(modele) is not None


def _usagers_des(objets: list[Model]) -> dict[tuple[type, int], int | None]:
    """The person of each record: read on the rows when the path is loaded (lists select their
    related rows), else one query per kind of record — never one per row."""
    from conservation.activite import chemin_vers_usager

    resultat: dict[tuple[type, int], int | None] = {}
    par_modele: dict[type, list[Model]] = {}
    for objet in objets:
        par_modele.setdefault(type(objet), []).append(objet)
    for modele, lignes in par_modele.items():
        chemin = chemin_vers_usager(modele)
        if chemin == "":
            resultat.update({(modele, o.pk): o.pk for o in lignes})
            continue
        *parcours, dernier = chemin.split("__")
        if all(_charge(o, parcours) for o in lignes):
            for o in lignes:
                valeur = o
                for attribut in parcours:
                    valeur = getattr(valeur, attribut)
                resultat[(modele, o.pk)] = getattr(valeur, f"{dernier}_id")
        else:
            lus = modele._base_manager.filter(pk__in=[o.pk for o in lignes]).values_list("pk", chemin)
            resultat.update({(modele, pk): usager for pk, usager in lus})
    return resultat


def _charge(objet: Model, parcours: list[str]) -> bool:
    for attribut in parcours:
        champ = objet._meta.get_field(attribut)
        if not champ.is_cached(objet):
            return False
        objet = getattr(objet, attribut)
        if objet is None:
            return False
    return True


def _membre_de_l_equipe_emas(par) -> bool:
    """Whether the author is an EMAS team member (cached on the account object for the request):
    whatever such an author reads reveals the team's interest in a person, which is health data."""
    if par is None or not getattr(par, "pk", None):
        return False
    if not hasattr(par, "_membre_equipe_emas"):  # set by the token authentication (comptes.jetons)
        from comptes.roles import Role

        par._membre_equipe_emas = par.groups.filter(name=Role.EMAS).exists()
    return par._membre_equipe_emas


def _est_emas(objet: Model) -> bool:
    from usagers.compartiment import est_compartimente
    from usagers.models import Compartiment, Usager

    if est_compartimente(objet):
        return True
    return isinstance(objet, Usager) and objet.compartiment == Compartiment.EMAS


def nouvel_identifiant() -> str:
    return uuid.uuid4().hex


def journaliser(
    *, par, action: Action | str, objets: Iterable[Model], origine: Origine | str, requete: str = ""
) -> list[EntreeJournal]:
    """Record that `par` did `action` on `objets` (one row each), in one INSERT."""
    quand = timezone.now()
    auteur_id = getattr(par, "pk", None)
    auteur = getattr(par, "get_username", lambda: "")() if par is not None else ""
    requete = requete or identifiant_requete.get()
    objets = [o for o in objets if est_nominatif(type(o))]
    usagers = _usagers_des(objets)
    # An entry is EMAS (read by the dpo and the team only) when its record is in the compartment,
    # or when its author is a team member (one query, only when some record is not EMAS itself).
    emas = {id(o): _est_emas(o) for o in objets}
    if not all(emas.values()) and _membre_de_l_equipe_emas(par):
        emas = dict.fromkeys(emas, True)
    entrees = [
        EntreeJournal(
            quand=quand,
            auteur_id=auteur_id,
            auteur=auteur,
            action=action,
            origine=origine,
            objet_type=objet._meta.label_lower,
            objet_id=objet.pk,
            usager_id=usagers.get((type(objet), objet.pk)),
            emas=emas[id(objet)],
            requete=requete,
        )
        for objet in objets
    ]
    if entrees:
        _inserer(entrees)
    return entrees


# PostgreSQL: one `INSERT … SELECT FROM unnest(…)` (`config.sql.inserer_par_tableaux`), as the reminders do.
_COLONNES_POSTGRESQL = {
    "quand": "timestamptz",
    "auteur_id": "bigint",
    "auteur": "varchar",
    "action": "varchar",
    "origine": "varchar",
    "objet_type": "varchar",
    "objet_id": "bigint",
    "usager_id": "bigint",
    "emas": "boolean",
    "requete": "varchar",
}


def _inserer(entrees: list[EntreeJournal]) -> None:
    """One INSERT statement. On PostgreSQL a raw `unnest` of one array per column: a list's page is
    journaled on every read, and building the statement through the ORM's insert compiler cost more
    than the page's own queries; outside a transaction (a read) the bare statement is atomic by
    itself, where `bulk_create` would add BEGIN … COMMIT (docs/PERFORMANCE.md, figures 1 and 2).
    SQLite (999 parameters a statement): `bulk_create`."""
    base = router.db_for_write(EntreeJournal)
    connexion = connections[base]
    if connexion.vendor != "postgresql":
        EntreeJournal.objects.using(base).bulk_create(entrees)
        return
    colonnes = {
        EntreeJournal._meta.get_field(nom).column: (type_, [getattr(e, nom) for e in entrees])
        for nom, type_ in _COLONNES_POSTGRESQL.items()
    }
    inserer_par_tableaux(connexion, EntreeJournal._meta.db_table, colonnes)


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
