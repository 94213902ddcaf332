"""Writing the access journal: one bulk insert per request, in the caller's transaction.

Writes are journaled by the model layer, whatever path made them (API, admin, workspace, a task, a
command, a service called from anywhere): `post_save` and `pre_delete` of every nominative model
(`ecriture_consignee`, connected in `journal.apps`), the author and the origin read from the request
being served (`IdentifiantRequeteMiddleware`). Nothing to remember in a view. One operation leaves one
entry per record: a record created then changed in the same request is journaled once (`cree`).
Reads are told by the grammar (`config.signaux.dossiers_consultes`: lists, details, exports,
autocompletion), which knows what was shown."""

import contextlib
import contextvars
import functools
import uuid
from collections.abc import Iterable
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F, Model
from django.http import HttpRequest
from django.utils import timezone

from config import dispositifs as registre
from config.sql import EcritureJointe, inserer_par_tableaux
from journal.models import Action, EntreeJournal, Origine
from journal.partitions import (
    detacher_mois_expires,
    est_partitionne,
    permettre_la_purge,
    supprimer_mois_detaches,
)
from journal.perms import compartiments_de
from usagers.models import Usager, chemin_vers_usager

# The id of the request being served (middleware), or of the task run; written with each entry.
identifiant_requete: contextvars.ContextVar[str] = contextvars.ContextVar("identifiant_requete", default="")
# The request being served (middleware): its user (DRF sets the authenticated one on it) is the author
# of the writes the model layer journals, its path the origin.
requete_en_cours: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "requete_en_cours", default=None
)
# The records whose write or read this request already journaled: (model label, pk, kind).
_ecritures_consignees: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "ecritures_consignees", default=None
)


@functools.cache
def est_nominatif(modele) -> bool:
    """A record about a person (journaled); catalogues and settings are not."""
    return chemin_vers_usager(modele) is not None


def _usagers_des(objets: list[Model]) -> dict[tuple[type, int], int | None]:
    """The person of each record: read on the rows when the path is loaded (lists select their
    related rows), else one query per kind of record — never one per row."""
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


def _compartiment(objet: Model) -> str:
    """The compartment a record reveals: its own, or its person's (known to a compartment alone)."""
    if isinstance(objet, Usager):
        return objet.compartiment
    return registre.compartiment_du_modele(objet)


def _equipe_de(par) -> str:
    """The compartment the author is a member of ("" for none): whatever she reads is stamped with it."""
    equipes = compartiments_de(par) if par is not None else []
    return equipes[0] if equipes else ""


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
    # An entry belongs to a compartment (read by the dpo and the team only) when its record or its
    # person does, or when its author is a member: whatever a member reads reveals the team's
    # interest in a person, which is health data (the author's grants are read once per request).
    compartiments = {id(o): _compartiment(o) for o in objets}
    if not all(compartiments.values()):
        equipe = _equipe_de(par)
        if equipe:
            compartiments = {cle: code or equipe for cle, code in compartiments.items()}
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
            compartiment=compartiments[id(objet)],
            requete=requete,
        )
        for objet in objets
    ]
    if entrees:
        _inserer(entrees)
    return entrees


def consigner(sender, *, par, action: str, objets: list[Model], **kwargs) -> None:
    """Receiver of `config.signaux.dossiers_consultes`: the grammar's reads, journaled — once per
    record, action and request (a page that reads a record twice shows it once)."""
    deja = _ecritures_consignees.get()
    if deja is not None:
        nouveaux = []
        for objet in objets:
            cle = (objet._meta.label_lower, objet.pk, action)
            if cle not in deja:
                deja.add(cle)
                nouveaux.append(objet)
        if not nouveaux:  # a list's page, journaled by the statement that read it
            return
        objets = nouveaux
    journaliser(par=par, action=action, objets=objets, origine=sender)


def ecriture_de_page(sender, *, par, action: str, modele, base: str, **kwargs) -> EcritureJointe | None:
    """Receiver of `config.signaux.page_a_lire`: the journal's entries of a list's page, written by
    the statement that reads it (`config.sql.lire_page`) — the same rows `journaliser` writes (the
    record, its person, its compartment or the author's team, the request), one round trip fewer.
    None (the page is journaled after it is read, by `consigner`) outside a request, for records
    that are not about a person, or when the journal has a database of its own."""
    deja = _ecritures_consignees.get()
    if deja is None or not est_nominatif(modele):
        return None
    if router.db_for_write(EntreeJournal) != base or connections[base].vendor != "postgresql":
        return None
    chemin = chemin_vers_usager(modele)
    equipe = _equipe_de(par)
    etiquette = modele._meta.label_lower
    deja_lus = [pk for (label, pk, genre) in deja if label == etiquette and genre == action]

    def sql(page: str, noms: dict[str, str], rang_max: int) -> tuple[str, list]:
        colonnes = ", ".join(EntreeJournal._meta.get_field(nom).column for nom in _COLONNES_POSTGRESQL)
        exclus = f" AND {page}.{noms['pk']} <> ALL(%s::bigint[])" if deja_lus else ""
        # The entry's compartment: a person's, from her row; any other record's, its model's (one
        # value for the page); the author's team when there is none.
        if modele is Usager:
            compartiment = f"COALESCE(NULLIF({page}.{noms['journal_compartiment']}, ''), %s)"
            valeur = equipe
        else:
            compartiment, valeur = "%s", registre.compartiment_du_modele(modele) or equipe
        return (
            f"INSERT INTO {EntreeJournal._meta.db_table} ({colonnes}) "
            f"SELECT %s, %s, %s, %s, %s, %s, {page}.{noms['pk']}, {page}.{noms['journal_usager']}, "
            f"{compartiment}, %s "
            f"FROM {page} WHERE {page}.rang <= %s{exclus}",
            [
                timezone.now(),
                getattr(par, "pk", None),
                par.get_username() if par is not None else "",
                action,
                sender,
                etiquette,
                valeur,
                identifiant_requete.get(),
                rang_max,
                *([deja_lus] if deja_lus else []),
            ],
        )

    def apres(lignes: list[Model]) -> None:
        deja.update((etiquette, objet.pk, action) for objet in lignes)

    return EcritureJointe(
        colonnes={"journal_usager": F("pk") if chemin == "" else F(chemin)}
        | ({"journal_compartiment": F("compartiment")} if modele is Usager else {}),
        sql=sql,
        apres=apres,
    )


def _auteur_et_origine():
    """Who writes, from where: the request's authenticated user; the origin named by the URL's
    namespace when it is one (`admin`, `espace`), else the API; no request, a task."""
    requete = requete_en_cours.get()
    if requete is None:
        return None, Origine.TACHE
    user = getattr(requete, "user", None)
    par = user if getattr(user, "is_authenticated", False) else None
    correspondance = getattr(requete, "resolver_match", None)
    espaces = correspondance.namespaces if correspondance is not None else []
    origine = next((Origine(nom) for nom in espaces if nom in Origine.values), Origine.API)
    return par, origine


def _deja_consignee(objet: Model, genre: str) -> bool:
    """Whether this request already journaled this write of `objet` — and the entry still exists (a
    trial run rolled back, as the admin's form makes one, took its entry with it)."""
    consignees = _ecritures_consignees.get()
    if consignees is None:
        return False
    cle = (objet._meta.label_lower, objet.pk, genre)
    if cle not in consignees:
        consignees.add(cle)
        return False
    requete = identifiant_requete.get()
    entrees = EntreeJournal.objects.filter(objet_type=cle[0], objet_id=objet.pk, requete=requete)
    if genre == "supprime":
        entrees = entrees.filter(action=Action.SUPPRIME)
    else:
        entrees = entrees.filter(action__in=[Action.CREE, Action.MODIFIE])
    return entrees.exists()


def _consigner_ecriture(objet: Model, action: Action) -> None:
    genre = "supprime" if action == Action.SUPPRIME else "ecrit"
    if objet.pk is None or _deja_consignee(objet, genre):
        return
    par, origine = _auteur_et_origine()
    journaliser(par=par, action=action, objets=[objet], origine=origine)


def ecriture_consignee(sender, instance, created=False, raw=False, **kwargs) -> None:
    """Receiver of `post_save`: a nominative record created or changed, journaled in the
    transaction that writes it (fixtures loaded raw are not journaled)."""
    if raw or not est_nominatif(sender):
        return
    _consigner_ecriture(instance, Action.CREE if created else Action.MODIFIE)


def suppression_consignee(sender, instance, **kwargs) -> None:
    """Receiver of `pre_delete`: a nominative record deleted (its person still readable)."""
    if est_nominatif(sender):
        _consigner_ecriture(instance, Action.SUPPRIME)


def relations_consignees(sender, instance, action, reverse, model, **kwargs) -> None:
    """Receiver of `m2m_changed`: a nominative record's many-to-many changed is a change of it."""
    if action in ("post_add", "post_remove", "post_clear") and not reverse and est_nominatif(type(instance)):
        _consigner_ecriture(instance, Action.MODIFIE)


@contextlib.contextmanager
def requete_servie(requete: HttpRequest):
    """While `requete` is served: its id on every entry, its user the author of its writes."""
    jetons = (
        identifiant_requete.set(requete.id_requete),
        requete_en_cours.set(requete),
        _ecritures_consignees.set(set()),
    )
    try:
        yield
    finally:
        for variable, jeton in zip(
            (identifiant_requete, requete_en_cours, _ecritures_consignees), jetons, strict=True
        ):
            variable.reset(jeton)


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
    "compartiment": "varchar",
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
    deletion the PostgreSQL triggers let through: they check the date of every row it deletes).
    On PostgreSQL the months wholly past the limit are detached as partitions (a cost independent of
    their size, `journal.partitions`), then dropped once the journal's lock is released; the rest —
    the boundary month's expired days, the default partition — goes by `DELETE`. Returns the rows
    removed (a dropped month's by PostgreSQL's own count of its rows, `pg_class.reltuples`: reading
    them would cost their size)."""
    limite = limite_de_purge(maintenant)
    base = router.db_for_write(EntreeJournal)
    supprimees = 0
    partitionne = est_partitionne(base)
    with transaction.atomic(using=base):
        if connections[base].vendor == "postgresql":
            with connections[base].cursor() as curseur:
                permettre_la_purge(curseur, limite)
                if partitionne:
                    supprimees += detacher_mois_expires(curseur, limite)
        supprimees += EntreeJournal.objects.using(base).filter(quand__lt=limite)._purger()[0]
    if partitionne:
        supprimer_mois_detaches(base, limite)  # once the journal's lock is released
    return supprimees
