"""The dispositifs of the pacte as the shared layers see them: each one declares itself once, in its
own app (`<app>/dispositif.py`, found by `load`), and the shared layers — grants, roles, the
register of persons and their file, the API root, the access journal, the change history, retention,
reminders, indicators — loop over these declarations. None of them names a dispositif.

A declaration module is read while the models load (the change history tracks its records, and
`historique.models` reads the declarations to do so): it imports its app's models and this module,
nothing that imports the admin or the API. What it cannot import then (the person's file section,
the API URLs, the supervisors' block) it names by dotted path, resolved when used.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Aggregate, Expression, Model, Q, QuerySet
from django.utils.module_loading import autodiscover_modules, import_string

# --- what a dispositif declares --------------------------------------------------------------


@dataclass(frozen=True)
class Dossier:
    """A record model of a dispositif: a nominative record (journaled), whose change history is kept
    (`historise`), and which tells retention when the person was last active there."""

    modele: str  # "app_label.Model"
    usager: str = "usager"  # ORM path from the record to its person
    dates: tuple[str, ...] = ()  # dates of activity (a date-time as `champ__date`, its day in Paris)
    ouvert_tant_que_vide: str | None = None  # the end-date field: empty = still running
    textes_libres: tuple[str, ...] = ()  # free text cleared by the anonymisation (TextFields too)
    historise: bool = True
    # The field naming the compartment a row points to (an orientation to EMAS): the row is left out,
    # like the compartment's own records, wherever its data are (the right-of-access export).
    compartiment_vise: str = ""

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.modele)

    def actifs_depuis(self, limite: date) -> Q:
        """The rows showing activity on or after `limite`, or still running."""
        condition = Q(_connector=Q.OR)
        for champ in self.dates:
            condition |= Q(**{f"{champ}__gte": limite})
        if self.ouvert_tant_que_vide:
            condition |= Q(**{f"{self.ouvert_tant_que_vide}__isnull": True})
        return condition


COMMUNE = "commune"
MOIS = "mois"


@dataclass(frozen=True)
class Ventilation:
    """A breakdown of an indicator other than commune and month: a code column and its labels."""

    code: str
    libelle: str
    champ: str  # ORM path of the code, from the indicator's queryset
    # Every code with its label (choices); codes outside it are named by `libelles_de`.
    domaine: tuple[tuple[str, str], ...] = ()
    # For codes that live in a table (types of right, agents): {code: label} in one query.
    libelles_de: Callable[[Iterable[str]], dict[str, str]] | None = None

    def libelles(self, codes: Iterable[str]) -> dict[str, str]:
        noms = dict(self.domaine)
        manquants = [c for c in codes if c not in noms]
        if manquants and self.libelles_de:
            noms.update(self.libelles_de(manquants))
        return noms


@dataclass(frozen=True)
class Indicateur:
    """One indicator of the pacte, counted by the database (`indicateurs.calcul`): a stable id whose
    prefix is its action (`2.1.issues`), a French label and counting rule (published with every
    figure), the events of a period, the counted unit and where each event falls."""

    id: str
    libelle: str
    regle: str  # the counting rule, in French, as published
    # The events of [du, au] (every commune; the caller's scope is added by the engine).
    evenements: Callable[[date, date], QuerySet]
    # The counted unit: `lambda filtre: Count("usager", distinct=True, filter=filtre)`.
    mesure: Callable[[Q | None], Aggregate]
    # The date that puts an event in a month (a DateField or a DateTimeField, read in Paris time)…
    date_evenement: str | None = None
    # …or, for an activity that spans months, its first and last day (last empty while running).
    periode_active: tuple[str, str] | None = None
    champ_commune: str = "commune_id"
    ventilations: tuple[Ventilation, ...] = ()
    # Summing months gives the period (events) or not (distinct persons, measures running).
    additif: bool = True
    unite: str = ""

    def __post_init__(self) -> None:
        if (self.date_evenement is None) == (self.periode_active is None):
            raise ValueError(f"{self.id} : indiquez soit date_evenement, soit periode_active.")

    @property
    def action(self) -> str:
        """« 1.1 » for « 1.1.droits_ouverts »."""
        return self.id.rsplit(".", 1)[0]

    @property
    def par_possibles(self) -> tuple[str, ...]:
        return (COMMUNE, MOIS, *(v.code for v in self.ventilations))

    def ventilation(self, code: str) -> Ventilation | None:
        return next((v for v in self.ventilations if v.code == code), None)


@dataclass(frozen=True)
class Rappel:
    """One reminder to create: never a name, never free text — a number, a date and a link."""

    type: str
    objet_type: str
    objet_id: int
    destinataire_id: int
    titre: str
    message: str


# `sans_rappel(type, objet_type, destinataire=None, objet="pk")`: the rows not yet reminded of `type`
# (to the account at the ORM path `destinataire`, or to anyone) about the object at the path `objet`
# (or the fixed id `objet`), given by the reminders' app to a dispositif's rules.
SansRappel = Callable[..., Q]


@dataclass(frozen=True)
class RegleRappel:
    """A rule of the daily scan: what is due up to `jour` and not yet reminded, as one read and a
    builder, so that the scan sends each rule's read as one statement and builds nothing when nothing
    is due (the daily re-run, and the scan after each save: `rappels_apres_enregistrement`).

    - `lignes(jour, sans_rappel)`: the read, a `values_list` queryset of the rows due and not yet
      reminded (`sans_rappel` leaves out, in SQL, what is reminded already), or None when nothing can
      be due that day. One rule may cover several kinds of reminder about the same records (a
      checkpoint coming, late, escalated): it reads them in one statement, each row carrying the kind
      it is due for (a `UNION ALL` of one branch per kind, each with its `NOT EXISTS`), rather than
      one statement per kind.
    - `rappels(jour, lignes)`: the reminders of those rows, with their recipients (a fixed number of
      queries, none when `lignes` is empty).
    - `decalable`: every date the read depends on is `jour` plus a fixed number of days (settings
      included), so the scan compiles the read once and shifts its dates on another day rather than
      building the queryset again; False when the read depends on `jour` otherwise (the weekly
      reminder named after its day).
    """

    nom: str
    lignes: Callable[[date, SansRappel], QuerySet | None]
    rappels: Callable[[date, list[tuple]], list[Rappel]]
    decalable: bool = True


@dataclass(frozen=True)
class TypeRappel:
    """A kind of reminder (`type`) and what it is about (`objet`, with the API route of its page)."""

    code: str
    libelle: str


@dataclass(frozen=True)
class ObjetRappele:
    code: str
    libelle: str
    route: str  # the API detail route (`mesure-asll-detail`), linked from the digests


@dataclass(frozen=True)
class Bloc:
    """A dispositif's block on the supervisors' dashboard: a small table and a link."""

    titre: str
    colonnes: tuple[str, ...]
    lignes: list[tuple[str, ...]]
    vide: str = ""
    lien: str = ""
    libelle_lien: str = ""


@dataclass(frozen=True)
class AccueilOrientation:
    """What a dispositif accepts as the target of an orientation (`orientations`) and how it
    receives one: the first record of its own workflow (an ACOR request on the waiting list, an EMAS
    referral waiting for the team's decision, an ASLL request), created in the orientation's
    transaction, and what the orienting agent may learn of it."""

    # Dotted path of `(*, usager, date, motif, note, par) -> Model`: creates the target's record
    # (the agent orienting holds no grant of the target: the function checks the target's own rules,
    # e.g. its territory, and raises `RegleMetierError` naming `vers_dispositif`).
    recevoir: str
    # `(colonne) -> Expression`: the outcome as the orienting agent may know it (`recue`,
    # `prise_en_charge`, `non_retenue`), read in SQL from the record whose id is the outer column
    # `colonne` (`OuterRef`). None: « reçue » and nothing more (a compartment says nothing else).
    issue: Callable[[str], Expression] | None = None
    libelle: str = ""  # « ACOR (liste d'attente) », shown to the agent orienting


@dataclass(frozen=True)
class RenvoiAnnuaire:
    """A field of a record model pointing to the partners' directory: action 1.4 counts, by kind of
    partner, commune and month, the records that name a partner (the directory's use)."""

    code: str  # the indicator's id is `1.4.annuaire_<code>` (unique across the declarations)
    modele: str  # "app_label.Model"
    champ: str  # its foreign key to the directory
    libelle: str  # what these records are, in French (« démarches (organisme concerné) »)
    date: str  # the date (a DateField) that puts a record in a month
    # The stored commune counted (its ORM path) when the dispositif counts its records there; empty:
    # the commune where the person lived on `date` (`usagers.models.commune_a_la_date_sql`).
    champ_commune: str = ""


@dataclass(frozen=True)
class Dispositif:
    """A dispositif of the pacte, declared once by the app that keeps its records.

    `code` names its grant (the object permission `dispositif_<code>` on each commune) and the role
    of its agents; an app that keeps more records of another dispositif declares itself `partie_de`
    it (same grant, same role, its own retention delay)."""

    code: str
    action: str  # the action of the pacte (« 2.1 »)
    titre_action: str  # « Action 2.1 — accompagnement social lié au logement (ASLL) »
    libelle: str = ""  # the grant's label: « Action 2.1 — ASLL »
    role: str = ""  # the label of the role of its agents (« Travailleur social ASLL (action 2.1) »)
    partie_de: str = ""
    # Supervisors hold its grant and read its files; a compartment's files are read by its team alone
    # (health data): nobody else can tell that a person is followed there.
    supervise: bool = True
    compartiment: bool = False
    dossiers: tuple[Dossier, ...] = ()
    indicateurs: tuple[Indicateur, ...] = ()
    # Dotted path of `() -> tuple[Indicateur, ...]`: indicators built from the other declarations
    # (read when first counted, once every app has declared itself).
    indicateurs_derives: str = ""
    # Its records that name a partner of the directory (counted by action 1.4).
    renvois_annuaire: tuple[RenvoiAnnuaire, ...] = ()
    rappels: tuple[RegleRappel, ...] = ()
    types_de_rappel: tuple[TypeRappel, ...] = ()
    objets_rappeles: tuple[ObjetRappele, ...] = ()
    # Saving one of these models brings the in-app reminders up to date at once (not at the next scan).
    rappels_apres_enregistrement: tuple[str, ...] = ()
    # Dotted paths, resolved when used (the declaration is read while the models load):
    section: str = ""  # `(user, usager) -> list[Section]`: its part of the person's file
    api: str = ""  # its URL module, under /api/v1/
    encadrement: str = ""  # `(user) -> Bloc | None`: its block on the supervisors' dashboard
    ressources: tuple[tuple[str, str], ...] = ()  # (name, list route) shown at the API root
    budget_annexe_1: tuple[int, int] | None = None  # planned credits (State, Métropole), €
    # (name, French message) of the constraints its migrations create in SQL (the models' own carry
    # their `violation_error_message`): a violation is answered with it (409).
    messages_des_contraintes: tuple[tuple[str, str], ...] = ()
    # A compartment: what the right-of-access export says of its data to whoever is outside it.
    mention_droit_d_acces: str = ""
    etiquettes_openapi: tuple[tuple[str, str], ...] = ()  # (tag, description)
    enums_openapi: tuple[tuple[str, str], ...] = ()  # (component name, dotted path of the choices)
    ordre: int = field(default=0, compare=False)
    # It receives orientations from the other dispositifs (`orientations`), and how.
    orientation: AccueilOrientation | None = None
    # An action of the pacte shared by every dispositif (1.4: the partners' directory, the
    # orientations): no grant, no role, no team of its own; its records are read through the others'
    # grants, its section of the person's file by whoever works on the person's commune.
    transversal: bool = False
    # The agents' workspace (dotted paths, resolved when used): its part of the person's file there,
    # `(request, usager) -> list[usagers.dossier.Partie]` (without it, its `section` is shown as a
    # table), and its pages' URL module, included under /espace/ (names unique, prefixed by its code).
    fiche: str = ""
    espace: str = ""

    @property
    def habilitation(self) -> str:
        """The code of the grant that opens its records."""
        return self.partie_de or self.code

    @property
    def codename(self) -> str:
        return codename(self.habilitation)


def codename(code: str) -> str:
    """The permission on `Commune` that grants a dispositif: `dispositif_<code>`."""
    return f"dispositif_{code}"


# --- the registry ----------------------------------------------------------------------------

_DECLARES: dict[str, Dispositif] = {}
_charge = False
# label_lower of a record model → its declaration; built once (the journal asks for every row shown).
_PAR_MODELE: dict[str, tuple[Dispositif, Dossier]] | None = None
# Every indicator with its dispositif, the derived ones included; built once.
_INDICATEURS: list[tuple["Dispositif", Indicateur]] | None = None


def declare(dispositif: Dispositif) -> Dispositif:
    """Register `dispositif` (from its app's `dispositif.py`)."""
    existant = _DECLARES.get(dispositif.code)
    if existant is not None and existant != dispositif:
        raise ValueError(
            f"Le dispositif « {dispositif.code} » est déjà déclaré : il ne se déclare qu'une fois."
        )
    _verifier_actions(dispositif, dispositif.indicateurs)
    if dispositif.compartiment and not dispositif.mention_droit_d_acces:
        raise ValueError(f"{dispositif.code} : un compartiment dit ce que l'export du droit d'accès en tait.")
    if (dispositif.partie_de or dispositif.transversal) and (dispositif.libelle or dispositif.role):
        raise ValueError(
            f"{dispositif.code} fait partie de {dispositif.partie_de} : ni habilitation ni rôle."
        )
    global _PAR_MODELE, _INDICATEURS
    _DECLARES[dispositif.code] = Dispositif(**{**dispositif.__dict__, "ordre": len(_DECLARES)})
    _PAR_MODELE = None
    _INDICATEURS = None
    return _DECLARES[dispositif.code]


def _verifier_actions(dispositif: Dispositif, indicateurs: tuple[Indicateur, ...]) -> None:
    for indicateur in indicateurs:
        if indicateur.action != dispositif.action:
            raise ValueError(f"{indicateur.id} n'appartient pas à l'action {dispositif.action}.")


def load() -> None:
    """Import the `dispositif` module of every installed app (once)."""
    global _charge
    if not _charge:
        _charge = True
        autodiscover_modules("dispositif")


def _cle(dispositif: Dispositif) -> tuple:
    return (tuple(int(p) for p in dispositif.action.split(".")), dispositif.ordre)


def dispositifs() -> list[Dispositif]:
    """Every declaration, in the pacte's order (by action, then as the apps are installed)."""
    load()
    return sorted(_DECLARES.values(), key=_cle)


def dispositif(code: str) -> Dispositif:
    load()
    return _DECLARES[code]


def avec_habilitation() -> list[Dispositif]:
    """The dispositifs that hold a grant and a role of their own (not a part of another)."""
    return [d for d in dispositifs() if not d.partie_de and not d.transversal]


def codes(*, supervise: bool | None = None, compartiment: bool | None = None) -> tuple[str, ...]:
    """The grant codes, all or those supervised / compartmented (or not)."""
    return tuple(
        d.code
        for d in avec_habilitation()
        if (supervise is None or d.supervise == supervise)
        and (compartiment is None or d.compartiment == compartiment)
    )


def dossiers() -> list[tuple[Dispositif, Dossier]]:
    return [(d, dossier) for d in dispositifs() for dossier in d.dossiers]


def declaration_du_modele(modele: type[Model] | Model) -> tuple[Dispositif, Dossier] | None:
    """The dispositif that keeps this record model, and its declaration of it (None: not a record)."""
    global _PAR_MODELE
    if not isinstance(modele, type):
        modele = type(modele)
    if _PAR_MODELE is None:
        par_modele: dict[str, tuple[Dispositif, Dossier]] = {}
        for d, dossier in dossiers():
            par_modele.setdefault(dossier.modele.lower(), (d, dossier))
        _PAR_MODELE = par_modele
    return _PAR_MODELE.get(modele._meta.label_lower)


def compartiment_du_modele(modele: type[Model] | Model) -> str:
    """The compartment (its code) whose records these are, "" for the shared register."""
    trouve = declaration_du_modele(modele)
    if trouve is None:
        return ""
    titulaire = dispositif(trouve[0].habilitation)
    return titulaire.code if titulaire.compartiment else ""


def accueils_d_orientation() -> list[tuple[Dispositif, AccueilOrientation]]:
    """The dispositifs an agent may orient a person to, in the pacte's order."""
    return [(d, d.orientation) for d in dispositifs() if d.orientation is not None]


def indicateurs() -> list[tuple[Dispositif, Indicateur]]:
    """Every indicator with the dispositif that declares it: its own, then those it derives from
    the other declarations (`indicateurs_derives`)."""
    global _INDICATEURS
    if _INDICATEURS is None:
        liste: list[tuple[Dispositif, Indicateur]] = []
        for d in dispositifs():
            derives = tuple(import_string(d.indicateurs_derives)()) if d.indicateurs_derives else ()
            _verifier_actions(d, derives)
            liste.extend((d, indicateur) for indicateur in (*d.indicateurs, *derives))
        _INDICATEURS = liste
    return list(_INDICATEURS)


def renvois_annuaire() -> list[tuple[Dispositif, RenvoiAnnuaire]]:
    """The records naming a partner of the directory, as each dispositif declares them."""
    return [(d, renvoi) for d in dispositifs() for renvoi in d.renvois_annuaire]


# --- reminders of the consumers ----------------------------------------------------------------
# A consumer app (the indicators' yearly report) may have reminders of its own, that belong to no
# dispositif: it declares them here from its `AppConfig.ready()`, and the reminders' app reads them
# with the dispositifs' (`regles_de_rappel`, `types_de_rappel`, `objets_rappeles`).


@dataclass(frozen=True)
class RappelsTransverses:
    code: str  # the consumer's app label
    rappels: tuple[RegleRappel, ...] = ()
    types_de_rappel: tuple[TypeRappel, ...] = ()
    objets_rappeles: tuple[ObjetRappele, ...] = ()


_TRANSVERSES: dict[str, RappelsTransverses] = {}


def declare_rappels(rappels: RappelsTransverses) -> RappelsTransverses:
    _TRANSVERSES[rappels.code] = rappels
    return rappels


def _sources_de_rappels() -> list:
    return [*dispositifs(), *_TRANSVERSES.values()]


def regles_de_rappel() -> list[RegleRappel]:
    """Every rule of the daily scan: the dispositifs' in the pacte's order, then the consumers'."""
    return [regle for source in _sources_de_rappels() for regle in source.rappels]


def types_de_rappel() -> list[TypeRappel]:
    return [t for source in _sources_de_rappels() for t in source.types_de_rappel]


def objets_rappeles() -> list[ObjetRappele]:
    return [o for source in _sources_de_rappels() for o in source.objets_rappeles]
