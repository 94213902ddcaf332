"""From an indicator's definition to its table: GROUP BY queries, a fixed number per table.

A published table is always a view of one two-way table with its margins (`Tableau`): rows ×
columns, where the columns are the months whenever the request involves months or commune
alone. Counting a table costs four aggregate queries (cells, row totals, column totals, grand
total) whatever the number of communes or months; the months of an activity that spans several
(ASLL measures) are columns of conditional aggregates in the same query.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from django.db.models import DateTimeField, Field, Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import TruncMonth

from communes.models import Commune
from config.dispositifs import COMMUNE, MOIS, Indicateur
from config.errors import RegleMetierError
from config.periodes import bornes_locales
from indicateurs.models import Extraction, PorteeValeur, ValeurExtraite
from indicateurs.periodes import (
    Periode,
    annee,
    code_mois,
    dernier_jour,
    mois_de_l_annee,
    mois_de_la_periode,
    premier_jour,
    sous_periodes,
    trimestres,
)

Cle = tuple[str, ...]


def ordre_alphabetique(nom: str) -> str:
    """Sort key of a French name: « Fénay » before « Flavignerot »."""
    return unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode().lower()


def _code(valeur) -> str:
    return "" if valeur is None else str(valeur)


def _champ(indicateur: Indicateur, dimension: str) -> str:
    if dimension == COMMUNE:
        return indicateur.champ_commune
    return indicateur.ventilation(dimension).champ


def compter(indicateur: Indicateur, *, du: date, au: date, filtre: Q, dims: list[str]) -> dict[Cle, int]:
    """Live counts of `indicateur` over [du, au] grouped by `dims` (month last), in one query."""
    evenements = indicateur.evenements(du, au).filter(filtre)
    autres = [d for d in dims if d != MOIS]
    champs = [_champ(indicateur, d) for d in autres]
    resultat: dict[Cle, int] = {}
    if MOIS not in dims:
        if not champs:
            return {(): evenements.aggregate(_v=indicateur.mesure(None))["_v"] or 0}
        for ligne in evenements.values(*champs).annotate(_v=indicateur.mesure(None)).order_by():
            resultat[tuple(_code(ligne[c]) for c in champs)] = ligne["_v"]
        return resultat
    if indicateur.date_evenement:
        lignes = (
            evenements.annotate(_mois=TruncMonth(indicateur.date_evenement))
            .values(*champs, "_mois")
            .annotate(_v=indicateur.mesure(None))
            .order_by()
        )
        for ligne in lignes:
            resultat[(*(_code(ligne[c]) for c in champs), code_mois(ligne["_mois"]))] = ligne["_v"]
        return resultat
    # An activity spanning months counts in each month where it ran: one column per month.
    mois = [(m, dernier_jour(m)) for m in mois_de_la_periode(du, au)]
    for periode, comptes in _compter_en_colonnes(evenements, indicateur, du, au, champs, mois).items():
        for cle, v in comptes.items():
            resultat[(*cle, code_mois(periode[0]))] = v
    return resultat


def compter_periodes(
    indicateur: Indicateur, *, du: date, au: date, filtre: Q, dims: list[str], periodes: list[Periode]
) -> dict[Periode, dict[Cle, int]]:
    """Live counts of `indicateur` grouped by `dims` (months aside) for each of `periodes` — periods
    within [du, au], itself within one year: its months, its quarters, the year. An activity spanning
    months: one query, one conditional aggregate per period. Dated events: their months grouped in
    one query (`compter`), the longer periods in one more, one conditional aggregate each. A count that
    months do not add up (distinct persons, measures running) took one query per quarter and one for
    the year: a report of a supervisor of one commune sent 278 counts, 25 of them for the persons
    received alone."""
    if du.year != au.year or any(not du <= p[0] <= p[1] <= au for p in periodes):
        raise ValueError(f"Périodes hors de [{du}, {au}] ou sur deux années.")
    dims = [d for d in dims if d != MOIS]
    champs = [_champ(indicateur, d) for d in dims]
    evenements = indicateur.evenements(du, au).filter(filtre)
    if not indicateur.date_evenement:
        return _compter_en_colonnes(evenements, indicateur, du, au, champs, periodes)
    mois = [p for p in periodes if p == (premier_jour(p[0]), dernier_jour(p[0]))]
    resultat: dict[Periode, dict[Cle, int]] = {p: {} for p in periodes}
    if mois:
        codes = {code_mois(p[0]): p for p in mois}
        for cle, v in compter(indicateur, du=du, au=au, filtre=filtre, dims=[*dims, MOIS]).items():
            if cle[-1] in codes:
                resultat[codes[cle[-1]]][cle[:-1]] = v
    if autres := [p for p in periodes if p not in mois]:
        resultat.update(_compter_en_colonnes(evenements, indicateur, du, au, champs, autres))
    return resultat


def _compter_en_colonnes(evenements, indicateur: Indicateur, du: date, au: date, champs, periodes) -> dict:
    colonnes = {
        f"_p{i}": indicateur.mesure(_dans_la_periode(indicateur, p, du, au)) for i, p in enumerate(periodes)
    }
    lignes = (
        evenements.values(*champs).annotate(**colonnes).order_by()
        if champs
        else [evenements.aggregate(**colonnes)]
    )
    resultat: dict[Periode, dict[Cle, int]] = {p: {} for p in periodes}
    for ligne in lignes:
        cle = tuple(_code(ligne[c]) for c in champs)
        for i, periode in enumerate(periodes):
            resultat[periode][cle] = ligne[f"_p{i}"] or 0
    return resultat


@cache
def _champ_du_modele(indicateur: Indicateur, chemin: str) -> Field:
    """The model field at the end of `chemin` (« accompagnement__date ») from the indicator's events."""
    modele = indicateur.evenements(date(2000, 1, 1), date(2000, 1, 1)).model
    *relations, nom = chemin.split(LOOKUP_SEP)
    for relation in relations:
        modele = modele._meta.get_field(relation).related_model
    return modele._meta.get_field(nom)


def _dans_la_periode(indicateur: Indicateur, periode: Periode, du: date, au: date) -> Q:
    """The events of [du, au] that count in `periode` (within it, in one year): dated in one of its
    months (read in Paris time, as `TruncMonth` groups them), or, for an activity spanning months,
    running on one of its days."""
    debut, fin = periode
    if indicateur.date_evenement:
        champ = indicateur.date_evenement
        if isinstance(_champ_du_modele(indicateur, champ), DateTimeField):
            # Two bounds on the column, not its month extracted twice for each period and row.
            avant, apres = bornes_locales(debut, fin)
            return Q(**{f"{champ}__gte": avant, f"{champ}__lt": apres})
        return Q(**{f"{champ}__gte": debut, f"{champ}__lte": fin})
    commence, termine = indicateur.periode_active
    return Q(**{f"{commence}__lte": min(fin, au)}) & (
        Q(**{f"{termine}__isnull": True}) | Q(**{f"{termine}__gte": max(debut, du)})
    )


# --- Monthly snapshots ------------------------------------------------------------------------


def ventilations_extraites(indicateur: Indicateur) -> list[tuple[str, ...]]:
    """The breakdowns a snapshot keeps: every combination of at most two, in the indicator's order."""
    dims = [d for d in indicateur.par_possibles if d != MOIS]
    combinaisons: list[tuple[str, ...]] = [()]
    combinaisons += [(d,) for d in dims]
    combinaisons += [(a, b) for i, a in enumerate(dims) for b in dims[i + 1 :]]
    return combinaisons


def verifier_periode_extraite(indicateur: Indicateur, du: date, au: date) -> list[Extraction]:
    """The snapshots a period needs; a French 400 when the period cannot be read from them."""
    if du != premier_jour(du) or au != dernier_jour(au):
        raise RegleMetierError(
            "Les extractions mensuelles se lisent par mois entiers : « du » doit être un premier jour "
            "de mois et « au » un dernier jour de mois.",
            champ="source",
        )
    if du.year != au.year:
        raise RegleMetierError("Les extractions mensuelles se lisent année par année.", champ="source")
    mois = mois_de_la_periode(du, au)
    extractions = {(e.annee, e.mois): e for e in Extraction.objects.filter(annee=du.year)}
    manquants = [code_mois(m) for m in mois if (m.year, m.month) not in extractions]
    if manquants:
        raise RegleMetierError(
            f"Aucune extraction pour {', '.join(manquants)} : lancez « extraire_indicateurs ».",
            champ="source",
        )
    return [extractions[(m.year, m.month)] for m in mois]


def compter_extrait(indicateur: Indicateur, *, du: date, au: date, dims: list[str]) -> dict[Cle, int]:
    """Counts of `indicateur` read from the monthly snapshots (month-aligned period of one year)."""
    extractions = verifier_periode_extraite(indicateur, du, au)
    autres = [d for d in indicateur.par_possibles if d in dims and d != MOIS]
    lignes = ValeurExtraite.objects.filter(indicateur=indicateur.id, ventilation=",".join(autres))
    resultat: dict[Cle, int] = defaultdict(int)
    if MOIS in dims:
        par_id = {e.pk: code_mois(date(e.annee, e.mois, 1)) for e in extractions}
        for cle, valeur, extraction in lignes.filter(
            portee=PorteeValeur.MOIS, extraction__in=extractions
        ).values_list("cle", "valeur", "extraction_id"):
            resultat[(*cle, par_id[extraction])] += valeur
        return dict(resultat)
    if len(extractions) == 1:
        choisies = lignes.filter(portee=PorteeValeur.MOIS, extraction=extractions[0])
    elif du.month == 1:
        choisies = lignes.filter(portee=PorteeValeur.CUMUL, extraction=extractions[-1])
    elif indicateur.additif:
        choisies = lignes.filter(portee=PorteeValeur.MOIS, extraction__in=extractions)
    elif (du, au) in trimestres(du.year):
        if not ValeurExtraite.objects.filter(
            portee=PorteeValeur.TRIMESTRE, extraction=extractions[-1]
        ).exists():
            raise RegleMetierError(
                f"L'extraction de {code_mois(au)} ne garde pas encore son trimestre : relancez "
                "« extraire_indicateurs » pour ce mois.",
                champ="source",
            )
        choisies = lignes.filter(portee=PorteeValeur.TRIMESTRE, extraction=extractions[-1])
    else:
        raise RegleMetierError(
            f"{indicateur.id} ne s'additionne pas d'un mois à l'autre (personnes ou mesures comptées "
            "une fois sur la période) : depuis les extractions, demandez un mois, une période commençant "
            "le 1er janvier, ou ventilez par mois.",
            champ="source",
        )
    # Rows of the snapshot are already counts (bounded by codes × months), not events.
    for cle, valeur in choisies.values_list("cle", "valeur"):
        resultat[tuple(cle)] += valeur
    return dict(resultat) or ({(): 0} if not autres else {})


# --- The two-way table -------------------------------------------------------------------------


@dataclass
class Tableau:
    lignes_dim: str
    colonnes_dim: str
    lignes: list[str]
    colonnes: list[str]
    cellules: dict[tuple[str, str], int]
    marges_lignes: dict[str, int]
    marges_colonnes: dict[str, int]
    total: int
    libelles: dict[str, dict[str, str]] = field(default_factory=dict)
    valeurs: list[list[int]] = field(default_factory=list)

    def matrice(self) -> list[list[int]]:
        """Values with margins: last column = row totals, last row = column totals."""
        corps = [
            [self.cellules.get((a, b), 0) for b in self.colonnes] + [self.marges_lignes.get(a, 0)]
            for a in self.lignes
        ]
        return [*corps, [self.marges_colonnes.get(b, 0) for b in self.colonnes] + [self.total]]


def dimensions_du_tableau(par: list[str]) -> tuple[str, str]:
    """The two-way table a request is a view of (see module docstring)."""
    autres = [d for d in par if d != MOIS]
    if len(autres) == 2:
        return autres[0], autres[1]
    return (autres[0] if autres else COMMUNE), MOIS


# --- The year's protected table ------------------------------------------------------------------

TOUTES = "*"  # the row of every readable commune (the métropole, for whoever reads all 23)
Cellule = tuple[str, tuple[tuple[str, str], ...], Periode]


@dataclass
class Cube:
    """One indicator's table for one year and one scope: every cell any request can publish —
    communes and their total × no breakdown, each breakdown and each pair of breakdowns (their
    categories and totals) × the 12 months, 4 quarters and the year — with its relations, so that it
    is suppressed as one (`indicateurs.secret.masque_hierarchique`)."""

    valeurs: dict[Cellule, int]
    relations: list[tuple[Cellule, list[Cellule]]]
    ancetres: dict[Cellule, list[Cellule]]
    forces: frozenset
    communes: list[str]
    categories: dict[str, list[str]]
    secret: set = field(default_factory=set)


def _combinaisons(indicateur: Indicateur) -> list[tuple[str, ...]]:
    dims = [v.code for v in indicateur.ventilations]
    return [(), *((d,) for d in dims), *((a, b) for i, a in enumerate(dims) for b in dims[i + 1 :])]


def _lire_les_extractions(
    indicateur: Indicateur, *, an: int, dims: list[str], extraits: set[int]
) -> dict[Periode, dict[Cle, int]]:
    """The months of the year's extractions, in runs of extracted months, and, for a count that months
    do not add up, the quarters and the year the snapshots keep (`compter_extrait`); a period they
    cannot give is left out."""
    tous_les_mois = mois_de_l_annee(an)

    def lire(dims: list[str], du: date, au: date) -> dict[Cle, int] | None:
        try:
            return compter_extrait(indicateur, du=du, au=au, dims=dims)
        except RegleMetierError:
            return None

    par_periode: dict[Periode, dict[Cle, int]] = {}
    debut = None
    for m in [*range(1, 13), 13]:
        if m in extraits and debut is None:
            debut = m
        if m not in extraits and debut is not None:
            lues = lire([*dims, MOIS], date(an, debut, 1), dernier_jour(date(an, m - 1, 1)))
            for mois in range(debut, m):
                if lues is not None:
                    code = code_mois(date(an, mois, 1))
                    par_periode[tous_les_mois[mois - 1]] = {
                        cle[:-1]: v for cle, v in lues.items() if cle[-1] == code
                    }
            debut = None
    if not indicateur.additif:
        for periode in [*trimestres(an), annee(an)]:
            lues = lire(dims, *periode)
            if lues is not None:
                par_periode[periode] = lues
    return par_periode


def construire_cube(
    indicateur: Indicateur, *, an: int, filtre: Q, communes: dict[str, str], source: str
) -> Cube:
    """Count every cell of the year's table (a fixed number of queries per indicator; live, one or two
    per combination of breakdowns: `compter_periodes`)."""
    codes_communes = sorted(communes, key=lambda c: ordre_alphabetique(communes[c]))
    tous_les_mois = mois_de_l_annee(an)
    ordre = list(indicateur.par_possibles)
    valeurs: dict[Cellule, int] = {}
    observes: dict[str, set[str]] = defaultdict(set)
    brutes: dict[tuple[bool, tuple[str, ...]], dict[Periode, dict[Cle, int]]] = {}
    if source == "snapshot":
        extraits = set(Extraction.objects.filter(annee=an).values_list("mois", flat=True))
    for combinaison in _combinaisons(indicateur):
        for par_commune in (True, False) if len(combinaison) <= 1 else (False,):
            dims = sorted([*((COMMUNE,) if par_commune else ()), *combinaison], key=ordre.index)
            if source == "snapshot":
                par_periode = _lire_les_extractions(indicateur, an=an, dims=dims, extraits=extraits)
            else:
                par_periode = compter_periodes(
                    indicateur,
                    du=date(an, 1, 1),
                    au=date(an, 12, 31),
                    filtre=filtre,
                    dims=dims,
                    periodes=[*tous_les_mois, *(() if indicateur.additif else (*trimestres(an), annee(an)))],
                )
            for periode in [*trimestres(an), annee(an)]:
                enfants = [p for p in tous_les_mois if periode[0] <= p[0] <= periode[1]]
                if indicateur.additif and all(p in par_periode for p in enfants):
                    somme: dict[Cle, int] = defaultdict(int)
                    for p in enfants:
                        for cle, v in par_periode[p].items():
                            somme[cle] += v
                    par_periode[periode] = dict(somme)
            brutes[(par_commune, combinaison)] = par_periode
            for comptes in par_periode.values():
                for cle in comptes:
                    for dim, code in zip(dims, cle, strict=True):
                        observes[dim].add(code)
    categories: dict[str, list[str]] = {}
    for ventilation in indicateur.ventilations:
        connus = [code for code, _ in ventilation.domaine]
        categories[ventilation.code] = connus + sorted(observes[ventilation.code] - set(connus))
    for (par_commune, combinaison), par_periode in brutes.items():
        dims = sorted([*((COMMUNE,) if par_commune else ()), *combinaison], key=ordre.index)
        lignes_communes = codes_communes if par_commune else [TOUTES]
        for periode, comptes in par_periode.items():
            for commune in lignes_communes:
                for codes in _produit([categories[d] for d in combinaison]):
                    affectation = dict(zip(combinaison, codes, strict=True))
                    cle = tuple(commune if d == COMMUNE else affectation[d] for d in dims)
                    brk = tuple((d, affectation[d]) for d in combinaison)
                    valeurs[(commune, brk, periode)] = comptes.get(cle, 0)
    relations, ancetres = _relations(valeurs, categories)
    toutes = set(communes) >= set(Commune.objects.values_list("pk", flat=True))
    forces = frozenset({(TOUTES, (), annee(an))} & set(valeurs)) if toutes else frozenset()
    return Cube(valeurs, relations, ancetres, forces, codes_communes, categories)


def _produit(listes: list[list[str]]) -> list[tuple[str, ...]]:
    resultat: list[tuple[str, ...]] = [()]
    for liste in listes:
        resultat = [(*r, x) for r in resultat for x in liste]
    return resultat


def _relations(valeurs: dict[Cellule, int], categories: dict[str, list[str]]):
    """The margins' relations and each cell's containing cells. They depend on the cells alone, in
    their order, not on the counts: every indicator of the same breakdowns, communes and year shares
    them, within a request and across requests (never stale: no count is kept)."""
    return relations_des_cellules(tuple(valeurs))


@lru_cache(maxsize=32)
def relations_des_cellules(cellules: tuple[Cellule, ...]):
    valeurs = frozenset(cellules)  # membership only
    relations: list[tuple[Cellule, list[Cellule]]] = []
    # One relation per margin: a parent and the dimension its children split it by (the communes, or
    # one breakdown). Two breakdowns of one parent are two relations, never one list — lumped
    # together, a suppressed cell alone in its own margin would go unseen.
    par_parent: dict[tuple[Cellule, str], list[Cellule]] = defaultdict(list)
    for cellule in cellules:
        commune, brk, periode = cellule
        if commune != TOUTES:
            par_parent[((TOUTES, brk, periode), COMMUNE)].append(cellule)
        for i in range(len(brk)):
            par_parent[((commune, brk[:i] + brk[i + 1 :], periode), brk[i][0])].append(cellule)
    for (parent, _), enfants in par_parent.items():
        if parent in valeurs:
            relations.append((parent, enfants))
    for cellule in cellules:
        commune, brk, periode = cellule
        enfants = [(commune, brk, p) for p in sous_periodes(periode)]
        if enfants and all(e in valeurs for e in enfants):
            relations.append((cellule, enfants))
    ancetres: dict[Cellule, list[Cellule]] = {}
    for cellule in cellules:
        commune, brk, periode = cellule
        communes = (commune,) if commune == TOUTES else (commune, TOUTES)
        sous_ensembles = [tuple(brk[j] for j in indices) for indices in _sous_ensembles(len(brk))]
        periodes = (periode, *_periodes_contenantes(periode))
        ancetres[cellule] = [
            a
            for c in communes
            for s in sous_ensembles
            for p in periodes
            if (a := (c, s, p)) != cellule and a in valeurs
        ]
    return relations, ancetres


@cache
def _sous_ensembles(n: int) -> tuple[tuple[int, ...], ...]:
    """The positions of every subset of `n` breakdowns (the empty one and all of them included)."""
    return tuple(tuple(j for j in range(n) if masque >> j & 1) for masque in range(2**n))


@cache
def _periodes_contenantes(periode: Periode) -> tuple[Periode, ...]:
    du, _ = periode
    return tuple(
        p
        for p in [*trimestres(du.year), annee(du.year)]
        if p != periode and p[0] <= du and periode[1] <= p[1]
    )


def construire_tableau(
    indicateur: Indicateur,
    *,
    du: date,
    au: date,
    par: list[str],
    cube: Cube,
    niveau_etat: bool,
    seuil: int,
    communes: dict[str, str],
) -> tuple["Tableau", list[list[bool]]]:
    """The two-way view of the year's table a request reads, and its suppression mask (the cube's)."""
    a, b = dimensions_du_tableau(par)
    periode = (du, au)
    if periode not in {c[2] for c in cube.valeurs if c[0] == TOUTES and c[1] == ()}:
        # A snapshot cannot give it: say why (the snapshot reader's French message).
        compter_extrait(indicateur, du=du, au=au, dims=[])
    mois = [(m, dernier_jour(m)) for m in mois_de_la_periode(du, au)]

    def codes(dim: str) -> list:
        if dim == COMMUNE:
            return list(cube.communes)
        if dim == MOIS:
            return mois
        return list(cube.categories[dim])

    ordre = list(indicateur.par_possibles)

    def cellule(affectation: dict[str, object]) -> Cellule:
        commune = affectation.get(COMMUNE, TOUTES)
        p = affectation.get(MOIS, periode)
        brk = tuple(
            (d, affectation[d]) for d in sorted(affectation, key=ordre.index) if d not in (COMMUNE, MOIS)
        )
        return (commune, brk, p)

    lignes, colonnes = codes(a), codes(b)
    matrice_cellules = [[cellule({a: x, b: y}) for y in colonnes] + [cellule({a: x})] for x in lignes] + [
        [cellule({b: y}) for y in colonnes] + [cellule({})]
    ]

    def visible(c: Cellule) -> bool:
        if c in cube.secret:
            return False
        if c in cube.forces and not niveau_etat:
            return not 0 < cube.valeurs[c] < seuil
        return True

    valeurs = [[cube.valeurs.get(c, 0) for c in rangee] for rangee in matrice_cellules]
    masque = [[not visible(c) for c in rangee] for rangee in matrice_cellules]

    def code(dim: str, x) -> str:
        return code_mois(x[0]) if dim == MOIS else x

    def libelles(dim: str, liste: list) -> dict[str, str]:
        if dim == COMMUNE:
            return dict(communes)
        if dim == MOIS:
            return {code_mois(m[0]): code_mois(m[0]) for m in liste}
        return indicateur.ventilation(dim).libelles(liste)

    codes_a = [code(a, x) for x in lignes]
    codes_b = [code(b, y) for y in colonnes]
    tableau = Tableau(
        lignes_dim=a,
        colonnes_dim=b,
        lignes=codes_a,
        colonnes=codes_b,
        cellules={(x, y): valeurs[i][j] for i, x in enumerate(codes_a) for j, y in enumerate(codes_b)},
        marges_lignes={x: valeurs[i][-1] for i, x in enumerate(codes_a)},
        marges_colonnes={y: valeurs[-1][j] for j, y in enumerate(codes_b)},
        total=valeurs[-1][-1],
        libelles={a: libelles(a, lignes), b: libelles(b, colonnes)},
        valeurs=valeurs,
    )
    return tableau, masque
