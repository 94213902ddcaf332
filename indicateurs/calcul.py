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

from django.db.models import Q
from django.db.models.functions import TruncMonth

from config.dispositifs import COMMUNE, MOIS, Indicateur
from config.errors import RegleMetierError
from indicateurs.models import Extraction, PorteeValeur, ValeurExtraite
from indicateurs.periodes import code_mois, dernier_jour, mois_de_la_periode, premier_jour

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
    debut, fin = indicateur.periode_active
    mois = mois_de_la_periode(du, au)
    colonnes = {
        f"_m{i}": indicateur.mesure(
            Q(**{f"{debut}__lte": min(dernier_jour(m), au)})
            & (Q(**{f"{fin}__isnull": True}) | Q(**{f"{fin}__gte": max(m, du)}))
        )
        for i, m in enumerate(mois)
    }
    lignes = (
        evenements.values(*champs).annotate(**colonnes).order_by()
        if champs
        else [evenements.aggregate(**colonnes)]
    )
    for ligne in lignes:
        for i, m in enumerate(mois):
            resultat[(*(_code(ligne[c]) for c in champs), code_mois(m))] = ligne[f"_m{i}"] or 0
    return resultat


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


def construire_tableau(
    indicateur: Indicateur,
    *,
    du: date,
    au: date,
    par: list[str],
    filtre: Q,
    communes: dict[str, str],
    source: str,
) -> Tableau:
    """`communes`: the communes readable by the caller {code: name}, the rows/columns of commune."""
    a, b = dimensions_du_tableau(par)
    if source == "snapshot":

        def lire(dims):
            return compter_extrait(indicateur, du=du, au=au, dims=dims)

    else:

        def lire(dims):
            return compter(indicateur, du=du, au=au, filtre=filtre, dims=dims)

    ordre = list(indicateur.par_possibles)
    ab = sorted([a, b], key=ordre.index) if MOIS not in (a, b) else [a, b]
    brutes = lire(ab)
    cellules = {((k[0], k[1]) if ab == [a, b] else (k[1], k[0])): v for k, v in brutes.items()}
    marges_lignes = {k[0]: v for k, v in lire([a]).items()}
    marges_colonnes = {k[0]: v for k, v in lire([b]).items()}
    total = lire([]).get((), 0)

    def domaine(dim: str, observes: set[str]) -> tuple[list[str], dict[str, str]]:
        if dim == COMMUNE:
            return sorted(communes, key=lambda c: ordre_alphabetique(communes[c])), dict(communes)
        if dim == MOIS:
            codes = [code_mois(m) for m in mois_de_la_periode(du, au)]
            return codes, {c: c for c in codes}
        ventilation = indicateur.ventilation(dim)
        connus = [code for code, _ in ventilation.domaine]
        codes = connus + sorted(observes - set(connus))
        return codes, ventilation.libelles(codes)

    lignes, libelles_a = domaine(a, {x for x, _ in cellules} | set(marges_lignes))
    colonnes, libelles_b = domaine(b, {y for _, y in cellules} | set(marges_colonnes))
    tableau = Tableau(
        lignes_dim=a,
        colonnes_dim=b,
        lignes=lignes,
        colonnes=colonnes,
        cellules=cellules,
        marges_lignes=marges_lignes,
        marges_colonnes=marges_colonnes,
        total=total,
        libelles={a: libelles_a, b: libelles_b},
    )
    tableau.valeurs = tableau.matrice()
    return tableau
