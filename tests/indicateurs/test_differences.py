"""Statistical secrecy by differencing (issue 26): on random additive data, the year's table
(communes and métropole × a breakdown × months, quarters, year) suppressed as one never lets the
difference of two published figures of allowed queries (a cell and a cell that contains it) fall
between 1 and k−1 — such a difference would be a small count of persons — and no relation
« parent = sum of children » has exactly one suppressed entry. With the State level's exact yearly
total (forced), the same holds for every other cell."""

from collections import defaultdict
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from indicateurs.calcul import TOUTES, _relations
from indicateurs.periodes import annee, mois_de_l_annee, sous_periodes, trimestres
from indicateurs.secret import masque_hierarchique

K = 11
AN = 2020
COMMUNES = ["a", "b", "c", "d"]
CATEGORIES = ["x", "y", "z"]

petits = st.one_of(st.just(0), st.integers(1, 4), st.integers(0, 30))
comptes = st.lists(petits, min_size=len(COMMUNES) * len(CATEGORIES) * 12, max_size=len(COMMUNES) * 12 * 3)


def _table(feuilles: list[int]) -> dict:
    """Additive table from the counts of (commune, category, month): every aggregate is a sum."""
    valeurs: dict = defaultdict(int)
    mois = mois_de_l_annee(AN)
    i = 0
    for commune in COMMUNES:
        for categorie in CATEGORIES:
            for m in mois:
                v = feuilles[i % len(feuilles)]
                i += 1
                for c in (commune, TOUTES):
                    for brk in ((("v", categorie),), ()):
                        for p in [m, *(q for q in trimestres(AN) if q[0] <= m[0] <= q[1]), annee(AN)]:
                            valeurs[(c, brk, p)] += v
    return dict(valeurs)


def _contient(a, b) -> bool:
    (ca, brka, pa), (cb, brkb, pb) = a, b
    return a != b and ca in (cb, TOUTES) and set(brka) <= set(brkb) and pa[0] <= pb[0] and pb[1] <= pa[1]


def _verifier(valeurs: dict, secret: set, forces: frozenset) -> None:
    publiees = [c for c in valeurs if c not in secret]
    for c in publiees:
        assert c in forces or not 0 < valeurs[c] < K, c
    for a in publiees:
        for b in publiees:
            if _contient(a, b):
                assert not 0 < valeurs[a] - valeurs[b] < K, (a, b, valeurs[a], valeurs[b])
    relations, _ = _relations(valeurs, {"v": CATEGORIES})
    for parent, enfants in relations:
        assert sum(1 for c in [parent, *enfants] if c in secret) != 1, parent


@settings(max_examples=60)
@given(feuilles=comptes)
def test_aucune_difference_publiee_entre_1_et_k_moins_1(feuilles):
    valeurs = _table(feuilles)
    relations, ancetres = _relations(valeurs, {"v": CATEGORIES})
    secret = masque_hierarchique(valeurs, relations, ancetres, K)
    _verifier(valeurs, secret, frozenset())


@settings(max_examples=60)
@given(feuilles=comptes)
def test_avec_le_total_exact_du_niveau_etat(feuilles):
    valeurs = _table(feuilles)
    relations, ancetres = _relations(valeurs, {"v": CATEGORIES})
    forces = frozenset({(TOUTES, (), annee(AN))})
    secret = masque_hierarchique(valeurs, relations, ancetres, K, forces)
    assert (TOUTES, (), annee(AN)) not in secret
    _verifier(valeurs, secret, forces)


def test_la_demande_du_12_mars_ne_se_deduit_plus():
    """The reproduction: 12 referrals in March 2020, one of them on the 12th. Days are no longer
    periods; the month, its quarter and its year are cells of one table."""
    feuilles = [0] * (len(COMMUNES) * len(CATEGORIES) * 12)
    feuilles[2] = 11  # commune a, category x, March
    feuilles[12 + 2] = 1  # commune a, category y, March
    valeurs = _table(feuilles)
    relations, ancetres = _relations(valeurs, {"v": CATEGORIES})
    secret = masque_hierarchique(valeurs, relations, ancetres, K)
    mars = (date(AN, 3, 1), date(AN, 3, 31))
    assert ("a", (("v", "y"),), mars) in secret
    assert ("a", (("v", "x"),), mars) in secret  # else March's 12 minus it gives the 1
    assert sous_periodes(annee(AN)) == trimestres(AN)
    _verifier(valeurs, secret, frozenset())


# --- two breakdowns (an indicator with two `Ventilation`s): each margin is its own relation -------
V, W = ["x", "y", "z"], ["p", "q"]
comptes_2 = st.lists(petits, min_size=len(COMMUNES) * len(V) * len(W) * 12, max_size=len(COMMUNES) * 72 * 2)


def _table_a_deux_ventilations(feuilles: list[int]) -> dict:
    """As the cube holds it: communes × (nothing, v, w) and the métropole × (v, w) crossed, by month,
    quarter and year; every aggregate a sum of the (commune, v, w, month) counts."""
    valeurs: dict = defaultdict(int)
    i = 0
    for commune in COMMUNES:
        for v in V:
            for w in W:
                for m in mois_de_l_annee(AN):
                    n = feuilles[i % len(feuilles)]
                    i += 1
                    for c in (commune, TOUTES):
                        brks = [(), (("v", v),), (("w", w),)]
                        if c == TOUTES:
                            brks.append((("v", v), ("w", w)))
                        for brk in brks:
                            for p in [m, *(q for q in trimestres(AN) if q[0] <= m[0] <= q[1]), annee(AN)]:
                                valeurs[(c, brk, p)] += n
    return dict(valeurs)


def _vraies_relations(valeurs: dict) -> list[tuple]:
    """Every « parent = sum of children » the table holds, written out here independently of the
    engine: over the communes, over each breakdown separately, over the sub-periods."""
    categories = {"v": V, "w": W}
    relations = []
    for parent in valeurs:
        commune, brk, periode = parent
        if commune == TOUTES:
            enfants = [(c, brk, periode) for c in COMMUNES]
            if all(e in valeurs for e in enfants):
                relations.append((parent, enfants))
        presentes = {d for d, _ in brk}
        for dim, codes in categories.items():
            if dim in presentes:
                continue
            enfants = [
                (commune, tuple(sorted((*brk, (dim, code)), key=lambda x: x[0])), periode) for code in codes
            ]
            if all(e in valeurs for e in enfants):
                relations.append((parent, enfants))
        enfants = [(commune, brk, p) for p in sous_periodes(periode)]
        if enfants and all(e in valeurs for e in enfants):
            relations.append((parent, enfants))
    return relations


@settings(max_examples=60)
@given(feuilles=comptes_2)
def test_deux_ventilations_aucune_case_masquee_seule_dans_une_relation(feuilles):
    valeurs = _table_a_deux_ventilations(feuilles)
    relations, ancetres = _relations(valeurs, {"v": V, "w": W})
    secret = masque_hierarchique(valeurs, relations, ancetres, K)
    for c in valeurs:
        assert c in secret or not 0 < valeurs[c] < K, c
    for parent, enfants in _vraies_relations(valeurs):
        masquees = [c for c in [parent, *enfants] if c in secret]
        assert len(masquees) != 1, (masquees, parent, [(e, valeurs[e]) for e in enfants])
