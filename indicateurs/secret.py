"""Statistical secrecy: primary and secondary suppression on a two-way table with its margins.

The table is `valeurs[i][j]` for i < R rows, j < C columns, plus its margins: the last row holds
the column totals, the last column the row totals, the last cell the grand total. Every table
this app publishes for an indicator and a period (by commune, by month, by commune and month,
the total alone) is a view of one such table, suppressed once, so the figures released in
different requests of the same family agree.

Rules (documented in docs/ARCHITECTURE.md, « Secret statistique »):

1. **Primary**: a count from 1 to k−1 is suppressed (k = `INDICATEURS_SEUIL_SECRET`, 11 by default,
   never below 5). Zero is published: it is not a small count of persons.
2. **Secondary**: a line (a row or a column, margin included) that holds exactly one suppressed
   entry would give it away by subtraction from the others. In such a line the smallest non-zero
   published entry (an inner cell before a margin) is suppressed too; the pass is repeated until
   no line holds exactly one suppressed entry (a fixed point: suppressions only grow).

Such a line always has a candidate: its suppressed entry is non-zero, so the line's margin is
non-zero (or, if the margin is the suppressed entry, one of its cells is). Distinct counts
(persons) are not additive — a margin can be less than the sum of its cells — which only makes
subtraction less precise; the algorithm treats every table as additive.
"""

from django.conf import settings

SEUIL_MINIMUM = 5


def seuil_secret() -> int:
    """k: counts from 1 to k−1 are suppressed. A setting that cannot go below 5."""
    return max(int(getattr(settings, "INDICATEURS_SEUIL_SECRET", 11)), SEUIL_MINIMUM)


def _lignes(nb_lignes: int, nb_colonnes: int) -> list[list[tuple[int, int]]]:
    rangees = [[(i, j) for j in range(nb_colonnes)] for i in range(nb_lignes)]
    colonnes = [[(i, j) for i in range(nb_lignes)] for j in range(nb_colonnes)]
    return rangees + colonnes


def masque_secret(valeurs: list[list[int]], k: int) -> list[list[bool]]:
    """The suppression mask of a table whose last row and last column are its margins."""
    nb_lignes = len(valeurs)
    nb_colonnes = len(valeurs[0]) if valeurs else 0
    secret = [[0 < v < k for v in rangee] for rangee in valeurs]
    lignes = _lignes(nb_lignes, nb_colonnes)
    change = True
    while change:
        change = False
        for ligne in lignes:
            supprimees = [p for p in ligne if secret[p[0]][p[1]]]
            if len(supprimees) != 1:
                continue
            candidats = [p for p in ligne if not secret[p[0]][p[1]] and valeurs[p[0]][p[1]] > 0]
            if not candidats:  # pragma: no cover — impossible on a table with consistent margins
                raise ValueError("Tableau incohérent : une case non nulle sans marge non nulle.")

            def cout(p: tuple[int, int]) -> tuple[int, int]:
                marge = p[0] == nb_lignes - 1 or p[1] == nb_colonnes - 1
                return (int(marge), valeurs[p[0]][p[1]])

            i, j = min(candidats, key=cout)
            secret[i][j] = True
            change = True
    return secret


# --- One protected table per indicator and year --------------------------------------------------
# The generalisation of `masque_secret` to a table with several hierarchies (communes → métropole,
# months → quarters → year, each breakdown's categories → their total): every published figure is
# a cell, and every relation « parent = sum of its children » is a line. Three rules, iterated to a
# fixed point (suppressions only grow, so it ends):
#
# 1. a line never holds exactly one suppressed entry (it would be its parent minus the others);
# 2. in a line whose parent is published, the suppressed children together (the parent minus the
#    published children) are 0 or at least k: a group of suppressed cells is not a small count either;
# 3. for any two published cells where one contains the other (a commune in the métropole, a month
#    in its quarter or year, a category in its total), their difference is 0 or at least k.
#
# `forces`: cells published whatever their value (the métropole's yearly totals of the report to
# the State, « rapport à l'État »). The mask is computed with them published for both levels, so
# combining the two levels reveals nothing more than the State's report; the « diffusion » level
# then also hides a forced cell whose value is from 1 to k−1.


def _choisir(candidats, valeurs, marges, secret, forces):
    libres = [c for c in candidats if c not in secret and c not in forces]
    if not libres:
        return None

    def cout(c):
        # A non-zero inner cell first (smallest first), then a margin, then a zero (only zeros are
        # left around a forced total: suppressing them keeps a small total from naming its commune).
        return (valeurs[c] == 0, c in marges, valeurs[c])

    return min(libres, key=cout)


def masque_hierarchique(
    valeurs: dict,
    relations: list[tuple[object, list]],
    ancetres: dict,
    k: int,
    forces: frozenset = frozenset(),
) -> set:
    """The suppressed cells of a table: `valeurs` {cell: count}, `relations` [(parent, children)],
    `ancetres` {cell: the cells that contain it}, `forces` published whatever their value."""
    secret = {c for c, v in valeurs.items() if 0 < v < k and c not in forces}
    marges = {parent for parent, _ in relations}
    change = True
    while change:
        change = False
        for parent, enfants in relations:
            ligne = [parent, *enfants]
            supprimees = [c for c in ligne if c in secret]
            choix = None
            if len(supprimees) == 1:
                choix = _choisir(ligne, valeurs, marges, secret, forces)
            elif parent not in secret:
                masse = valeurs[parent] - sum(valeurs[c] for c in enfants if c not in secret)
                if 0 < masse < k:
                    choix = _choisir(enfants, valeurs, marges, secret, forces) or _choisir(
                        [parent], valeurs, marges, secret, forces
                    )
            if choix is not None:
                secret.add(choix)
                change = True
        for cellule, contenants in ancetres.items():
            if cellule in secret or cellule in forces:
                continue
            for contenant in contenants:
                if contenant not in secret and 0 < valeurs[contenant] - valeurs[cellule] < k:
                    secret.add(cellule)
                    change = True
                    break
    return secret
