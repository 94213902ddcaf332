"""Raw SQL shared by the apps, where the ORM costs more than the statement (PostgreSQL only)."""

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import orjson
from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, FullResultSet
from django.db import connections, models
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import Expression, Model, Prefetch, QuerySet, prefetch_related_objects, signals
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.fields.reverse_related import ManyToOneRel
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable, RelatedPopulator
from django.db.models.sql.datastructures import Join
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode
from django.utils import timezone

from config.models import CompleteALaLecture


def inserer_par_tableaux(
    connexion, table: str, colonnes: dict[str, tuple[str, Sequence]], fin: str = ""
) -> int:
    """`INSERT INTO table (…) SELECT * FROM unnest(<one array per column>) <fin>`: one statement
    whatever the number of rows, where `bulk_create` builds a model instance and parameters per
    value and splits beyond 65 535 parameters. `colonnes`: column → (PostgreSQL type, values),
    the same length each. Returns how many rows were inserted (`fin` may be `ON CONFLICT …`)."""
    noms = ", ".join(connexion.ops.quote_name(nom) for nom in colonnes)
    tableaux = ", ".join(f"%s::{type_}[]" for type_, _ in colonnes.values())
    with connexion.cursor() as curseur:
        curseur.execute(
            f"INSERT INTO {connexion.ops.quote_name(table)} ({noms}) SELECT * FROM unnest({tableaux}) {fin}",
            [list(valeurs) for _, valeurs in colonnes.values()],
        )
        return curseur.rowcount


@dataclass(frozen=True)
class EcritureJointe:
    """A write run in the very statement that reads a list's page (a data-modifying CTE over its
    rows): the access journal's INSERT of the rows shown, one round trip with the read.

    `colonnes`: what the page must select for the write (name → expression: an `F()` of one of the
    model's columns is read where the row already has it, anything else is annotated); `sql(page,
    noms)`: the `INSERT … SELECT … FROM <page>` where `noms` maps "pk" and each of `colonnes` to its
    column in the CTE `page` (which also has `rang`: 1, 2, … in the page's order), and the last
    `rang` to write; `apres(lignes)`: told the rows written, once read."""

    colonnes: dict[str, Expression]
    sql: Callable[[str, dict[str, str], int], tuple[str, list]]
    apres: Callable[[list[Model]], None]


def page_lisible_en_une_requete(queryset: QuerySet) -> bool:
    """Whether `lire_page` reads this queryset in one statement: model rows on PostgreSQL (values
    and other iterables, and SQLite, take the ORM's own path)."""
    return (
        connections[queryset.db].vendor == "postgresql"
        and queryset._iterable_class is ModelIterable
        and not queryset._known_related_objects
        and not queryset.query.is_sliced
        and not queryset.query.combinator
    )


# The columns a related row may have to be read back from JSON inside the page's statement: each field's
# `to_python` gives the value the database driver gives (ISO dates and instants, numbers, text).
_COLONNES_EN_JSON = (
    models.IntegerField,  # and the auto and positive ones
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.DateField,  # and DateTimeField
    models.UUIDField,
    models.ForeignKey,
)


# The related rows' SQL by `_LignesJointes._forme` (one entry per list and database: a few).
_JOINTES_COMPILEES: dict[tuple, tuple[str, tuple]] = {}


@dataclass(frozen=True)
class _LignesJointes:
    """A prefetch of a reverse foreign key read inside the page's statement (one array of JSON
    objects per row, in the prefetch's order) instead of by a statement of its own."""

    cle: models.ForeignKey
    champs: tuple
    lignes: QuerySet
    objets: JSONObject

    def sql(self, colonne_pk: str, base: str) -> tuple[str, list]:
        """`ARRAY(SELECT <the row as JSON> … WHERE <key> = <colonne_pk>)`: evaluated in the statement's
        outer SELECT, over the page's rows only (inside the page's SELECT, an OFFSET would evaluate it
        for every row skipped too). Compiled once per process when the related rows' queryset has no
        filter of its own (`_forme`): building and compiling it cost more than its share of the
        statement at every request (docs/PERFORMANCE.md, figure 2)."""
        forme = self._forme(colonne_pk, base)
        compilee = _JOINTES_COMPILEES.get(forme) if forme is not None else None
        if compilee is None:
            cle = RawSQL(colonne_pk, (), output_field=self.cle.target_field)
            sous_requete = self.lignes.filter(**{self.cle.attname: cle}).values(ligne=self.objets)
            sql, params = sous_requete.query.get_compiler(using=base).as_sql()
            compilee = (f"ARRAY({sql})", tuple(params))
            if forme is not None:
                _JOINTES_COMPILEES[forme] = compilee
        return compilee[0], list(compilee[1])

    def _forme(self, colonne_pk: str, base: str) -> tuple | None:
        """What the compiled SQL depends on, when that is all of it: the related rows' queryset with no
        condition, only an order of plain names (`_lignes_jointes` has already refused annotations,
        joins, slices and deferred fields). None otherwise (compiled at each call)."""
        requete = self.lignes.query
        if (
            requete.where
            or requete.extra_order_by
            or requete.select_for_update
            or not all(isinstance(nom, str) for nom in requete.order_by)
        ):
            return None
        return (
            self.cle,
            self.lignes.model,
            tuple(requete.order_by),
            requete.default_ordering,
            requete.standard_ordering,
            colonne_pk,
            base,
        )

    def poser(self, objets: list[Model], lignes_json: list[list | None], base: str) -> None:
        """The related rows read with each of `objets` (`lignes_json`, in the same order), as the
        prefetch leaves them: instances in its cache, each knowing its parent. The cache holds a list:
        reading it (`.all()`, iterating) is what a page does; a queryset method on it fails loudly
        instead of querying without the filter."""
        construire = _constructeur(self.cle.model, base, [champ.attname for champ in self.champs])
        cache = self.cle.remote_field.cache_name
        for objet, lignes in zip(objets, lignes_json, strict=True):
            liees = []
            for json in lignes or ():
                json = orjson.loads(json) if isinstance(json, str) else json  # jsonb comes as text to Django
                liee = construire([champ.to_python(json[champ.attname]) for champ in self.champs])
                self.cle.set_cached_value(liee, objet)
                liees.append(liee)
            objet.__dict__.setdefault("_prefetched_objects_cache", {})[cache] = liees


def _lignes_jointes(queryset: QuerySet, lookup) -> _LignesJointes | None:
    """`lookup` read inside the page's statement when it can be: one level, a reverse foreign key to
    the primary key, a plain queryset (no join, annotation, slice or prefetch of its own) whose columns
    all come back from JSON unchanged (`_COLONNES_EN_JSON`). None otherwise (a prefetch of its own)."""
    if isinstance(lookup, str):
        nom, lignes = lookup, None
    elif isinstance(lookup, Prefetch) and lookup.to_attr is None:
        nom, lignes = lookup.prefetch_through, lookup.queryset
    else:
        return None
    relation = next(
        (
            r
            for r in queryset.model._meta.related_objects
            if type(r) is ManyToOneRel and r.get_accessor_name() == nom  # not a one-to-one's
        ),
        None,
    )
    if relation is None or not relation.field.target_field.primary_key:
        return None
    cle, modele = relation.field, relation.related_model
    lignes = lignes if lignes is not None else modele._default_manager.all()
    requete = lignes.query
    champs = tuple(modele._meta.concrete_fields)
    if (
        lignes._iterable_class is not ModelIterable
        or lignes._prefetch_related_lookups
        or requete.select_related
        or requete.annotations
        or requete.extra
        or requete.distinct
        or requete.is_sliced
        or requete.combinator
        or requete.deferred_loading[0]
        or not all(isinstance(champ, _COLONNES_EN_JSON) for champ in champs)
    ):
        return None
    objets = JSONObject(**{champ.attname: champ.attname for champ in champs})
    return _LignesJointes(cle, champs, lignes, objets)


_MARQUE_OU = "\x00ou\x00"  # where a query's WHERE goes in its compiled template


class _ConditionMarquee(WhereNode):
    """A WHERE compiled as a mark: the rest of the statement compiled without its condition."""

    def as_sql(self, compiler, connection):
        return _MARQUE_OU, []


@dataclass(frozen=True)
class _Gabarit:
    """A SELECT compiled once per shape (`_forme`): its SQL with a mark where the WHERE goes and
    without LIMIT/OFFSET, the parameters on either side of the WHERE, and the compiler that read it
    (its columns, converters and related models, to build the rows' instances)."""

    compilateur: object
    sql: str
    avant: tuple
    apres: tuple


# Compiled SELECTs by `_forme` (one per list, its shape and database: tens); None where a shape has
# no template (`_gabarit`), so that it is not tried again at each call.
_GABARITS: dict[tuple, _Gabarit | None] = {}
_GABARITS_MAX = 512


# Annotations of querysets built once and cloned for each request (`partager`): the same objects at
# every request, their subqueries included, so that a shape holding them is found again.
# Kept by id: membership is by object, never by the expressions' equality (which would hash them).
_PARTAGEES: "weakref.WeakValueDictionary[int, Expression]" = weakref.WeakValueDictionary()


def partager(queryset: QuerySet) -> QuerySet:
    """Mark `queryset` as built once and cloned for each request (`.all()`, `.filter()`…, never
    evaluated itself): its annotations are then the same objects in every clone, and a list's SELECT
    holding their subqueries is compiled once per shape too (`compiler_select`). Returns it."""
    for expression in queryset.query.annotations.values():
        _PARTAGEES[id(expression)] = expression
    return queryset


def _partagee(expression) -> bool:
    return _PARTAGEES.get(id(expression)) is expression


def _gele(valeur):
    """`valeur` made hashable (select_related's nested dicts, masks)."""
    if isinstance(valeur, dict):
        return tuple((cle, _gele(v)) for cle, v in valeur.items())
    if isinstance(valeur, set | frozenset):
        return frozenset(valeur)
    if isinstance(valeur, list):
        return tuple(_gele(v) for v in valeur)
    return valeur


def _forme(query, base: str) -> tuple | None:
    """Everything of `query` its compiled SQL depends on **but its WHERE's values** (and its
    LIMIT/OFFSET): two requests of one list by two agents differ only there (their communes). None
    when the query is one this does not cover (combined, locking, grouped, with `extra()`, a WHERE
    on an aggregate or a window, a subquery outside its WHERE — but in a shared annotation, `partager`
    — or a part that cannot be compared)."""
    if (
        query.combinator
        or query.select_for_update
        or query.explain_info
        or query.extra
        or query.extra_order_by
        or query.group_by is not None
        or query.distinct_fields
        or query.where.contains_aggregate
        or query.where.contains_over_clause
        or type(query.where) is not WhereNode
    ):
        return None
    annotations = _annotations_compilees(query)
    if any(_sous_requete(e) for e in annotations.values() if not _partagee(e)) or any(
        _sous_requete(e) for e in query.order_by
    ):
        return None
    jointures = tuple(
        (
            alias,
            type(j),
            j.table_name,
            j.parent_alias,
            j.join_type,
            j.join_field,
            j.nullable,
            j.filtered_relation,
        )
        if isinstance(j, Join)
        else (alias, type(j), j.table_name, j.table_alias)
        for alias, j in query.alias_map.items()
    )
    forme = (
        base,
        timezone.get_current_timezone_name(),  # what a date function's compilation writes in (TruncDate)
        type(query),
        query.model,
        query.alias_prefix,
        jointures,
        tuple(query.alias_refcount.items()),
        _gele(query.table_map),
        _gele(query.external_aliases),
        tuple(query.select),
        query.default_cols,
        _gele(query.select_related),
        query.max_depth,
        tuple(query.order_by),
        query.default_ordering,
        query.standard_ordering,
        tuple(annotations.items()),
        _gele(query.annotation_select_mask),
        query.values_select,
        _gele(query.deferred_loading),
        query.distinct,
        query.subquery,
        query.is_sliced,
    )
    try:
        hash(forme)
    except TypeError:
        return None
    return forme


def _annotations_compilees(query) -> dict:
    """The annotations the SELECT and ORDER BY compile: the selected ones (`values()` masks the others)
    and those the order names. One only a filter reads is compiled with the WHERE, at each call: a
    list's count (`.values("pk")`) keeps the page's annotations without compiling them."""
    ordre = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    if query.annotation_select_mask is None or not all(isinstance(nom, str) for nom in ordre):
        return query.annotations
    noms = set(query.annotation_select_mask) | {nom.lstrip("-").split("__")[0] for nom in ordre}
    return {nom: e for nom, e in query.annotations.items() if nom in noms}


def _sous_requete(expression) -> bool:
    """Whether `expression` holds a subquery: a subquery compares by object, not by what it reads
    (each request builds its own), so a shape holding one is never found again. The tree is walked
    here, conditions (`When`'s, a resolved `Q`) included: Django's `contains_subquery` stops at a
    condition and answers nothing for it."""
    if getattr(expression, "subquery", False) or isinstance(expression, Query):
        return True
    if isinstance(expression, WhereNode):
        enfants = expression.children
    elif hasattr(expression, "get_source_expressions"):
        enfants = expression.get_source_expressions()
    else:
        return False
    return any(_sous_requete(enfant) for enfant in enfants if enfant is not None)


def compiler_select(query, base: str, condition: dict | None = None) -> tuple:
    """`query`'s compiler, SQL and parameters, as `query.get_compiler(base).as_sql()` gives them —
    the SELECT, FROM, ORDER BY compiled once per shape (`_forme`), its WHERE and LIMIT at each call.
    A list's page compiled its whole statement at each request: 0.6 ms of an agent's 5.4 ms first
    page of follow-ups, for the one part that differs, her communes (docs/PERFORMANCE.md, figure 2).
    Raises `EmptyResultSet` when no row can pass, as `as_sql` does. Where the settings ask
    (`SQL_GABARITS_VERIFIES`, the tests), each reuse is compared to the full compilation.

    `condition`: a dict shared by the calls for queries cloned from one queryset with the same WHERE
    (a page and its count): the WHERE is compiled by the first and its SQL reused by the next."""
    forme = _forme(query, base)
    if forme is None:
        compilateur = query.get_compiler(using=base)
        return (compilateur, *compilateur.as_sql())
    if forme not in _GABARITS:
        if len(_GABARITS) >= _GABARITS_MAX:
            _GABARITS.clear()
        _GABARITS[forme] = _gabarit(query, base)
    gabarit = _GABARITS[forme]
    if gabarit is None:
        compilateur = query.get_compiler(using=base)
        return (compilateur, *compilateur.as_sql())
    connexion = connections[base]
    if condition is not None and "ou" in condition:
        ou, params_ou = condition["ou"]
    else:
        try:
            ou, params_ou = query.get_compiler(using=base).compile(query.where)
        except FullResultSet:
            ou, params_ou = None, []
        if condition is not None:
            condition["ou"] = ou, params_ou
    if ou is None:  # every row passes
        sql = gabarit.sql.replace(f" WHERE {_MARQUE_OU}", "")
    else:
        sql = gabarit.sql.replace(_MARQUE_OU, ou)
    if query.is_sliced:
        sql = f"{sql} {connexion.ops.limit_offset_sql(query.low_mark, query.high_mark)}"
    params = (*gabarit.avant, *params_ou, *gabarit.apres)
    if getattr(settings, "SQL_GABARITS_VERIFIES", False):
        attendu = query.get_compiler(using=base).as_sql()
        if (sql, params) != (attendu[0], tuple(attendu[1])):
            raise AssertionError(
                f"Gabarit SQL faux :\n{sql}\n{params}\nau lieu de\n{attendu[0]}\n{attendu[1]}"
            )
    return gabarit.compilateur, sql, params


def _gabarit(query, base: str) -> _Gabarit | None:
    """`query` compiled with its WHERE as a mark (`_ConditionMarquee`) and without LIMIT/OFFSET."""
    clone = query.clone()
    clone.where = _ConditionMarquee()
    clone.clear_limits()
    compilateur = clone.get_compiler(using=base)
    sql, params = compilateur.as_sql()
    if sql.count(_MARQUE_OU) != 1 or f" WHERE {_MARQUE_OU}" not in sql:
        return None
    debut = sql.index(_MARQUE_OU)
    avant = sql[:debut].replace("%%", "").count("%s")
    if sql.replace("%%", "").count("%s") != len(params):
        return None
    return _Gabarit(compilateur, sql, tuple(params[:avant]), tuple(params[avant:]))


def lire_page(
    queryset: QuerySet,
    debut: int,
    taille: int,
    *,
    compter: bool,
    ecritures: Sequence[EcritureJointe] = (),
    a_ecrire: int | None = None,
) -> tuple[list[Model], int | None]:
    """The rows `debut` to `debut + taille` of `queryset` (model instances, as iterating the slice
    gives them, prefetches done), its exact `COUNT(*)` when `compter`, and `ecritures` run over the
    first `a_ecrire` rows read (all by default) — in **one statement**, one round trip:

        WITH page AS MATERIALIZED (SELECT s.*, row_number() OVER () AS rang FROM (<page>) s(c0, …)),
             ecriture_0 AS (INSERT … SELECT … FROM page WHERE rang <= n)
        SELECT t.total, page.* FROM (SELECT (<count>) AS total) t LEFT JOIN page ON true ORDER BY rang

    A page past the end answers no row and still the count. A prefetch of a reverse foreign key is read
    in the page's statement too (`_lignes_jointes`: an array of the related rows per row); any other
    prefetch, by its own statement after it. PostgreSQL only (`page_lisible_en_une_requete`)."""
    jointes, apart = [], []
    for lookup in queryset._prefetch_related_lookups:
        jointe = _lignes_jointes(queryset, lookup)
        (jointes if jointe else apart).append(jointe or lookup)
    if jointes:
        queryset = queryset.prefetch_related(None).prefetch_related(*apart)
    colonnes = {}
    for ecriture in ecritures:
        colonnes |= ecriture.colonnes
    deja_lues = _colonnes_deja_lues(queryset, colonnes)
    a_annoter = {nom: e for nom, e in colonnes.items() if nom not in deja_lues}
    if a_annoter:  # one clone of the queryset for every column added
        queryset = queryset.annotate(**a_annoter)
    tranche = queryset[debut : debut + taille]
    connexion = connections[tranche.db]
    try:
        condition: dict = {}  # the page's WHERE, compiled once for it and its count
        compilateur, sql_page, params_page = compiler_select(tranche.query, tranche.db, condition)
    except EmptyResultSet:  # a filter no row can pass (no grant: `commune IN ()`), as the ORM answers
        return [], 0 if compter else None
    nombre = len(compilateur.select)
    colonnes = ", ".join(f"c{i}" for i in range(nombre))
    modele = compilateur.klass_info["model"]
    position_pk = next(
        i
        for i in compilateur.klass_info["select_fields"]
        if getattr(compilateur.select[i][0], "target", None) is modele._meta.pk
    )
    noms = {"pk": f"c{position_pk}"} | {
        nom: f"c{position}" for nom, position in compilateur.annotation_col_map.items()
    }
    if deja_lues:
        champs = compilateur.klass_info["select_fields"]
        positions = {compilateur.select[i][0].target.attname: i for i in champs}
        noms |= {nom: f"c{positions[attname]}" for nom, attname in deja_lues.items()}
    morceaux = [
        f"page AS MATERIALIZED (SELECT s.*, row_number() OVER () AS rang FROM ({sql_page}) AS s({colonnes}))"
    ]
    params = list(params_page)
    for i, ecriture in enumerate(ecritures):
        sql_ecriture, params_ecriture = ecriture.sql("page", noms, taille if a_ecrire is None else a_ecrire)
        morceaux.append(f"ecriture_{i} AS ({sql_ecriture})")
        params += params_ecriture
    tableaux = ""  # in the statement's order: the writes', the related rows', the count's parameters
    for jointe in jointes:
        sql_jointe, params_jointe = jointe.sql(f"page.{noms['pk']}", tranche.db)
        tableaux += f", {sql_jointe}"
        params += params_jointe
    if compter:
        requete_compte = queryset.order_by().values("pk").query
        _, sql_compte, params_compte = compiler_select(requete_compte, tranche.db, condition)
        total_sql = f"(SELECT count(*) FROM ({sql_compte}) AS compte)"
        params += params_compte
    else:
        total_sql = "NULL::bigint"
    sql = (
        f"WITH {', '.join(morceaux)} SELECT t.total, page.*{tableaux} FROM (SELECT {total_sql} AS total) "
        "AS t LEFT JOIN page ON true ORDER BY page.rang"
    )
    with curseur_prepare(connexion) as curseur:
        curseur.execute(sql, params)
        resultat = curseur.fetchall()
    total = resultat[0][0]
    resultat = [ligne for ligne in resultat if ligne[1 + nombre] is not None]  # rang: not the empty page's
    lignes = _instances(compilateur, tranche.db, [ligne[1 : 1 + nombre] for ligne in resultat])
    for i, jointe in enumerate(jointes, start=2 + nombre):
        jointe.poser(lignes, [ligne[i] for ligne in resultat], tranche.db)
    if lignes and queryset._prefetch_related_lookups:
        prefetch_related_objects(lignes, *queryset._prefetch_related_lookups)
    for ecriture in ecritures:
        ecriture.apres(lignes[: len(lignes) if a_ecrire is None else a_ecrire])
    return lignes, total


def _colonnes_deja_lues(queryset: QuerySet, colonnes: dict[str, Expression]) -> dict[str, str]:
    """The columns a write needs that the page's SELECT already reads (name → the model field's
    attname): an `F()` of one of the model's own columns, when the page reads every column (no
    `only()`/`defer()`). Read from its place in the row, not annotated again: an annotation costs a
    clone of the queryset and a column more in every row."""
    requete = queryset.query
    if not requete.default_cols or requete.deferred_loading != (frozenset(), True) or requete.values_select:
        return {}
    lues = {}
    for nom, expression in colonnes.items():
        if type(expression) is not models.F or "__" in expression.name:
            continue
        if expression.name == "pk":
            lues[nom] = queryset.model._meta.pk.attname
            continue
        try:
            champ = queryset.model._meta.get_field(expression.name)
        except FieldDoesNotExist:
            continue
        if champ.concrete and not champ.many_to_many:
            lues[nom] = champ.attname
    return lues


def _instances(compilateur, base: str, lignes: list) -> list[Model]:
    """Model instances from the rows of `compilateur`'s SELECT, as Django's `ModelIterable` builds
    them (the columns' converters, the related rows of `select_related`, the annotations). What reads
    them is set up once per compiler (`_LecteurDeLignes`): a list's page and the token's lookup reuse
    theirs from one request to the next (`compiler_select`, `LectureCompilee`)."""
    lecteur = _LECTEURS.get(compilateur)
    if lecteur is None or lecteur.base != base:
        lecteur = _LECTEURS[compilateur] = _LecteurDeLignes(compilateur, base)
    return lecteur.instances(compilateur, lignes)


class _LecteurDeLignes:
    """What builds the instances of one compiler's rows: its converters, its `select_related`
    populators and its constructors, set up once. Setting them up at each call (Django's
    `results_iter` looks up every column's converters at each query) cost as much as building the
    token's account and a third of building a page's 50 rows (docs/PERFORMANCE.md, figure 2)."""

    def __init__(self, compilateur, base: str) -> None:
        select, klass_info = compilateur.select, compilateur.klass_info
        champs = [s[0] for s in select[0 : compilateur.col_count]]
        self.base = base  # not the compiler: it is the key of `_LECTEURS`, which must not hold it
        self.composites = compilateur.has_composite_fields(champs)
        self.convertisseurs = list(compilateur.get_converters(champs).items())
        self.annotations = list(compilateur.annotation_col_map.items())
        modele = klass_info["model"]
        self.debut, self.fin = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.debut : self.fin]]
        self.peupleurs = _peupleurs(klass_info, select, base)
        self.construire = _constructeur(modele, base, self.init_list)
        self.modeles = _modeles_lus(klass_info)
        # Whether the constructors were chosen with a `pre_init`/`post_init` receiver (`_constructeur`):
        # one connected or disconnected since sets them up again.
        self.ecoute = _ecoute(self.modeles)

    def instances(self, compilateur, lignes: list) -> list[Model]:
        if self.composites or _ecoute(self.modeles) != self.ecoute:
            # Django's own path, everything chosen again: composite primary keys (`results_iter`
            # makes their tuples), a receiver connected or disconnected since the set-up.
            lignes = compilateur.results_iter([lignes])
            construire = _constructeur(compilateur.klass_info["model"], self.base, self.init_list)
            peupleurs = _peupleurs(compilateur.klass_info, compilateur.select, self.base)
        else:
            lignes = self._convertir(lignes, compilateur.connection)
            construire, peupleurs = self.construire, self.peupleurs
        debut, fin, annotations = self.debut, self.fin, self.annotations
        objets = []
        for ligne in lignes:
            objet = construire(ligne[debut:fin])
            for peupleur in peupleurs:
                peupleur.populate(ligne, objet)
            for nom, position in annotations:
                setattr(objet, nom, ligne[position])
            objets.append(objet)
        return objets

    def _convertir(self, lignes: list, connexion):
        """The rows with their columns' converters applied, as Django's `apply_converters` does."""
        if not self.convertisseurs:
            yield from lignes
            return
        for ligne in map(list, lignes):
            for position, (fonctions, expression) in self.convertisseurs:
                valeur = ligne[position]
                for fonction in fonctions:
                    valeur = fonction(valeur, expression, connexion)
                ligne[position] = valeur
            yield ligne


# The row readers by compiler: those of the compilers kept from one request to the next (a list's
# template, a compiled read) live as long as them; the others go with their compiler.
_LECTEURS: "weakref.WeakKeyDictionary[object, _LecteurDeLignes]" = weakref.WeakKeyDictionary()


def _modeles_lus(klass_info) -> tuple[type[Model], ...]:
    """The models a compiler's rows build: its own and those of its `select_related`, at any depth."""
    return (klass_info["model"],) + tuple(
        modele for info in klass_info.get("related_klass_infos", []) for modele in _modeles_lus(info)
    )


def _ecoute(modeles) -> bool:
    return any(signals.pre_init.has_listeners(m) or signals.post_init.has_listeners(m) for m in modeles)


class _Peupleur(RelatedPopulator):
    """Django's populator of a `select_related` model, its instances built by `_constructeur`."""

    def __init__(self, klass_info, select, base: str) -> None:
        super().__init__(klass_info, select, base)
        self.construire = _constructeur(self.model_cls, base, self.init_list)
        self.related_populators = _peupleurs(klass_info, select, base)

    def populate(self, row, from_obj) -> None:
        debut, fin = self.cols_start, self.cols_end
        valeurs = self.reorder_for_init(row) if self.reorder_for_init else row[debut:fin]
        objet = None if valeurs[self.pk_idx] is None else self.construire(valeurs)
        if objet is not None:
            for peupleur in self.related_populators:
                peupleur.populate(row, objet)
        self.local_setter(from_obj, objet)
        if objet is not None:
            self.remote_setter(objet, from_obj)


def _peupleurs(klass_info, select, base: str) -> list[_Peupleur]:
    """`django.db.models.query.get_related_populators`, with `_Peupleur`."""
    return [_Peupleur(info, select, base) for info in klass_info.get("related_klass_infos", [])]


def _constructeur(modele: type[Model], base: str, noms: list[str]) -> Callable[[Sequence], Model]:
    """What builds an instance of `modele` from a row of the columns `noms`, as `modele.from_db`
    does: the row's values in the instance's `__dict__`, a state saying it was read from `base`,
    then the model's `apres_lecture` when it completes its instances so
    (`config.models.CompleteALaLecture`). Without `Model.__init__`'s walk of every field when nothing
    can tell the difference (no `__init__` or other `from_db` of the model's own, no
    `pre_init`/`post_init` receiver); `from_db` otherwise."""
    lecture = modele.from_db.__func__
    if (
        modele.__init__ is not Model.__init__
        or lecture not in (Model.from_db.__func__, CompleteALaLecture.from_db.__func__)
        or signals.pre_init.has_listeners(modele)
        or signals.post_init.has_listeners(modele)
    ):
        return partial(modele.from_db, base, noms)
    nouveau = object.__new__
    completer = modele.apres_lecture if lecture is CompleteALaLecture.from_db.__func__ else None

    def construire(valeurs: Sequence) -> Model:
        objet = nouveau(modele)
        etat = ModelState()
        etat.adding, etat.db = False, base
        objet.__dict__.update(zip(noms, valeurs, strict=True), _state=etat)
        if completer is not None:
            completer(objet)
        return objet

    return construire


class LectureCompilee:
    """A read built and compiled once per process, then sent at each call with that call's values:
    for a statement of every request (the token's lookup), where building and compiling the queryset
    cost more than the statement itself (docs/PERFORMANCE.md, figure 2). `construire(*marqueurs)`
    returns the queryset with each marqueur (a string no value can equal) where a value goes; the
    rows come back as the model instances iterating the queryset gives (`select_related` and
    annotations included; no prefetch)."""

    def __init__(self, construire: Callable[..., QuerySet], nombre: int = 1) -> None:
        self._construire = construire
        self._marqueurs = [f"\x00valeur-{i}\x00" for i in range(nombre)]
        self._compilees: dict[str, tuple] = {}

    def __call__(self, *valeurs, base: str = "default") -> list[Model]:
        compilee = self._compilees.get(base)
        if compilee is None:
            queryset = self._construire(*self._marqueurs).using(base)
            compilateur = queryset.query.get_compiler(using=base)
            sql, params = compilateur.as_sql()
            positions = {i: self._marqueurs.index(p) for i, p in enumerate(params) if p in self._marqueurs}
            if len(set(positions.values())) != len(self._marqueurs):
                raise ValueError("Chaque marqueur doit figurer dans les paramètres de la requête.")
            compilee = self._compilees[base] = (compilateur, sql, list(params), positions)
        compilateur, sql, params, positions = compilee
        params = [valeurs[positions[i]] if i in positions else p for i, p in enumerate(params)]
        with curseur_prepare(connections[base]) as curseur:
            curseur.execute(sql, params)
            lignes = curseur.fetchall()
        return _instances(compilateur, base, lignes)


def curseur_prepare(connexion):
    """A cursor whose statements PostgreSQL keeps prepared on this connection — parsed and planned once,
    then only bound and run: the token's lookup planned in 1 to 1.5 ms and ran in 0.35 ms
    (docs/PERFORMANCE.md, figure 2). Where the database's settings allow it (`prepare_threshold` set:
    not behind PgBouncer's transaction mode, `config.settings.base.base_de_donnees`); Django's own
    cursor otherwise. The statement binds its parameters on the server: it must be one statement
    whose parameters PostgreSQL can type. Django's execute wrappers apply. Where queries are logged
    (DEBUG, the tests' counts), Django's own cursor too: a prepared statement's run does not give its
    SQL back to the log."""
    if connexion.vendor != "postgresql" or connexion.queries_logged:
        return connexion.cursor()
    connexion.close_if_health_check_failed()  # as `connexion.cursor()` does (BaseDatabaseWrapper._cursor)
    connexion.ensure_connection()
    if connexion.connection.prepare_threshold is None:
        return connexion.cursor()
    with connexion.wrap_database_errors:
        return connexion._prepare_cursor(ServerBindingCursor(connexion.connection))
