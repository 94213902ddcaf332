"""Raw SQL shared by the apps, where the ORM costs more than the statement (PostgreSQL only)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Expression, Model, QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators


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

    `colonnes`: annotations the page must select for the write (name → expression); `sql(page,
    noms)`: the `INSERT … SELECT … FROM <page>` where `noms` maps "pk" and each annotation to its
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

    A page past the end answers no row and still the count. PostgreSQL only
    (`page_lisible_en_une_requete`)."""
    for ecriture in ecritures:
        queryset = queryset.annotate(**ecriture.colonnes)
    tranche = queryset[debut : debut + taille]
    connexion = connections[tranche.db]
    compilateur = tranche.query.get_compiler(using=tranche.db)
    try:
        sql_page, params_page = compilateur.as_sql()
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
    morceaux = [
        f"page AS MATERIALIZED (SELECT s.*, row_number() OVER () AS rang FROM ({sql_page}) AS s({colonnes}))"
    ]
    params = list(params_page)
    for i, ecriture in enumerate(ecritures):
        sql_ecriture, params_ecriture = ecriture.sql("page", noms, taille if a_ecrire is None else a_ecrire)
        morceaux.append(f"ecriture_{i} AS ({sql_ecriture})")
        params += params_ecriture
    if compter:
        sql_compte, params_compte = (
            queryset.order_by().values("pk").query.get_compiler(using=tranche.db).as_sql()
        )
        total_sql = f"(SELECT count(*) FROM ({sql_compte}) AS compte)"
        params += params_compte
    else:
        total_sql = "NULL::bigint"
    sql = (
        f"WITH {', '.join(morceaux)} SELECT t.total, page.* FROM (SELECT {total_sql} AS total) AS t "
        "LEFT JOIN page ON true ORDER BY page.rang"
    )
    with connexion.cursor() as curseur:
        curseur.execute(sql, params)
        resultat = curseur.fetchall()
    total = resultat[0][0]
    lignes_brutes = [ligne[1 : 1 + nombre] for ligne in resultat if ligne[-1] is not None]
    lignes = list(_instances(compilateur, tranche.db, lignes_brutes))
    if lignes and queryset._prefetch_related_lookups:
        prefetch_related_objects(lignes, *queryset._prefetch_related_lookups)
    for ecriture in ecritures:
        ecriture.apres(lignes[: len(lignes) if a_ecrire is None else a_ecrire])
    return lignes, total


def _instances(compilateur, base: str, lignes: list):
    """Model instances from the rows of `compilateur`'s SELECT, as Django's `ModelIterable` builds
    them (the columns' converters, the related rows of `select_related`, the annotations)."""
    select, klass_info, annotations = (
        compilateur.select,
        compilateur.klass_info,
        compilateur.annotation_col_map,
    )
    modele = klass_info["model"]
    debut_modele, fin_modele = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [f[0].target.attname for f in select[debut_modele:fin_modele]]
    peupleurs = get_related_populators(klass_info, select, base)
    for ligne in compilateur.results_iter([lignes]):
        objet = modele.from_db(base, init_list, ligne[debut_modele:fin_modele])
        for peupleur in peupleurs:
            peupleur.populate(ligne, objet)
        for nom, position in annotations.items():
            setattr(objet, nom, ligne[position])
        yield objet


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
        with connections[base].cursor() as curseur:
            curseur.execute(sql, params)
            lignes = curseur.fetchall()
        return list(_instances(compilateur, base, lignes))
