"""Statistical secrecy: primary and secondary suppression on a table with its margins."""

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from indicateurs.secret import masque_secret, seuil_secret

K = 11


def avec_marges(corps: list[list[int]]) -> list[list[int]]:
    """Append row totals (last column) and column totals (last row) to an additive table."""
    lignes = [[*rangee, sum(rangee)] for rangee in corps]
    colonnes = [sum(r[j] for r in lignes) for j in range(len(lignes[0]))]
    return [*lignes, colonnes]


def lignes_du_tableau(n: int, m: int) -> list[list[tuple[int, int]]]:
    return [[(i, j) for j in range(m)] for i in range(n)] + [[(i, j) for i in range(n)] for j in range(m)]


# Counts like the pacte's: many zeros and small counts, some large ones.
effectif = st.one_of(st.just(0), st.integers(1, 10), st.integers(11, 200))
tableaux = st.integers(1, 8).flatmap(
    lambda colonnes: st.lists(
        st.lists(effectif, min_size=colonnes, max_size=colonnes), min_size=1, max_size=10
    )
)


@settings(max_examples=300)
@given(corps=tableaux, k=st.integers(5, 15))
def test_aucune_case_publiee_entre_1_et_k_moins_1_et_rien_ne_se_deduit(corps, k):
    valeurs = avec_marges(corps)
    masque = masque_secret(valeurs, k)
    n, m = len(valeurs), len(valeurs[0])
    for i in range(n):
        for j in range(m):
            if not masque[i][j]:
                assert not 0 < valeurs[i][j] < k, "un petit effectif est publié"
            if valeurs[i][j] == 0:
                assert not masque[i][j], "un zéro reste affiché"
    # Every line (row or column, margin included) is additive: a line holding exactly one
    # suppressed entry would give it back by subtraction from its published entries.
    for ligne in lignes_du_tableau(n, m):
        masquees = [(i, j) for i, j in ligne if masque[i][j]]
        assert len(masquees) != 1, f"case masquée déductible sur la ligne {ligne}"


@given(corps=tableaux)
def test_la_soustraction_ne_rend_jamais_une_case_masquee(corps):
    """The attack itself: from each published line total, subtract the published entries."""
    valeurs = avec_marges(corps)
    masque = masque_secret(valeurs, K)
    n, m = len(valeurs), len(valeurs[0])
    for ligne in lignes_du_tableau(n, m):
        *cases, marge = ligne
        inconnues = [p for p in cases if masque[p[0]][p[1]]]
        if not masque[marge[0]][marge[1]] and len(inconnues) == 1:
            pytest.fail(f"{inconnues[0]} se déduit de la marge {marge}")


def test_un_petit_effectif_entraine_un_second_masque_sur_sa_ligne_et_sa_colonne():
    corps = [[3, 20, 0], [15, 12, 30]]
    valeurs = avec_marges(corps)  # [[3,20,0,23],[15,12,30,57],[18,32,30,80]]
    masque = masque_secret(valeurs, K)
    assert masque[0][0]  # primary
    assert masque[0][1]  # smallest non-zero of its row
    assert masque[1][0] or masque[2][0]  # its column also holds a second suppression
    assert not masque[0][2]  # zero stays zero
    assert not masque[2][3]  # the grand total stays published


def test_un_seul_effectif_non_nul_masque_aussi_sa_marge():
    valeurs = avec_marges([[0, 4, 0]])
    masque = masque_secret(valeurs, K)
    assert masque[0][1] and masque[0][3] and masque[1][1] and masque[1][3]


def test_tableau_sans_petit_effectif_entierement_publie():
    valeurs = avec_marges([[0, 40], [12, 0]])
    assert not any(any(r) for r in masque_secret(valeurs, K))


@override_settings(INDICATEURS_SEUIL_SECRET=2)
def test_le_seuil_ne_descend_pas_sous_5():
    assert seuil_secret() == 5


def test_le_seuil_par_defaut_est_11():
    assert seuil_secret() == 11
