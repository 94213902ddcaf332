"""Every indicator against the hand-computed counts of the fixture (conftest.py), before secrecy."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from indicateurs.calcul import _combinaisons, compter, compter_periodes, construire_cube
from indicateurs.periodes import annee, code_mois, mois_de_l_annee, trimestres
from indicateurs.registre import indicateur
from partenaires.models import Partenaire
from tests.indicateurs.conftest import ATTENDU, CCAS_DE_DIJON, JUIN, SERVICE_SOCIAL
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC

pytestmark = pytest.mark.django_db

MAI_JUILLET = {"du": datetime.date(2020, 5, 1), "au": datetime.date(2020, 7, 31)}


def _compter(identifiant, dims, periode=JUIN):
    return compter(indicateur(identifiant), filtre=Q(), dims=dims, **periode)


@pytest.mark.parametrize("identifiant", list(ATTENDU))
def test_chaque_indicateur_par_commune_et_au_total(monde, identifiant):
    attendu = ATTENDU[identifiant]
    par_commune = {cle[0]: v for cle, v in _compter(identifiant, ["commune"]).items() if v}
    assert par_commune == attendu["par_commune"]
    assert _compter(identifiant, [])[()] == attendu["total"]


def test_personnes_recues_par_mois_aux_bornes_de_paris(monde):
    """31 May 23:30 Paris is May, 1 June 00:30 is June, 1 July 00:10 is July (UTC is a day before)."""
    assert _compter("1.1.personnes_recues", ["commune", "mois"], MAI_JUILLET) == {
        (CHENOVE, "2020-05"): 1,
        (CHENOVE, "2020-06"): 1,
        (DIJON, "2020-06"): 2,
        (LONGVIC, "2020-06"): 1,
        (DIJON, "2020-07"): 1,
    }


def test_personnes_recues_par_agent(monde):
    agents = monde["agents"]
    assert _compter("1.1.personnes_recues", ["agent"]) == {
        (str(agents["a"].pk),): 2,
        (str(agents["b"].pk),): 1,
    }


def test_une_personne_qui_a_demenage_compte_une_fois_au_total(monde):
    """P3 is counted in Longvic (10 June) and in Dijon (25 June), once in the total."""
    par_commune = _compter("1.1.personnes_recues", ["commune"])
    assert sum(par_commune.values()) == 4
    assert _compter("1.1.personnes_recues", [])[()] == 3


def test_droits_ouverts_par_type_sans_refus_ni_abandon(monde):
    assert _compter("1.1.droits_ouverts", ["type"]) == {("rsa",): 1, ("aah",): 1}
    assert _compter("1.1.droits_ouverts", ["mois"], MAI_JUILLET) == {("2020-06",): 2, ("2020-07",): 1}


def test_mesures_exercees_par_mois_suspendue_comprise(monde):
    """M1 and M3 (suspended on 20 June) run in June and July; M2 only June; M4 (Longvic) until
    15 July; M5 starts in August."""
    assert _compter("2.1.mesures_exercees", ["commune", "mois"], MAI_JUILLET) == {
        (DIJON, "2020-05"): 0,
        (DIJON, "2020-06"): 2,
        (DIJON, "2020-07"): 2,
        (CHENOVE, "2020-05"): 0,
        (CHENOVE, "2020-06"): 1,
        (CHENOVE, "2020-07"): 0,
        (LONGVIC, "2020-05"): 0,
        (LONGVIC, "2020-06"): 1,
        (LONGVIC, "2020-07"): 1,
    }
    # Over the three months each measure counts once: not the sum of the months.
    assert _compter("2.1.mesures_exercees", [], MAI_JUILLET)[()] == 4


def test_issues_par_issue_et_orientation(monde):
    assert _compter("2.1.issues", ["issue", "orientation"], MAI_JUILLET) == {
        ("objectifs_atteints", ""): 1,
        ("orientation", "acor"): 1,
    }
    assert _compter("2.1.issues", ["commune", "mois"], MAI_JUILLET) == {
        (CHENOVE, "2020-06"): 1,
        (LONGVIC, "2020-07"): 1,
    }


def test_situations_prises_en_charge_par_prescripteur(monde):
    assert _compter("2.2.situations_prises_en_charge", ["prescripteur"]) == {("ccas",): 1, ("autre",): 1}
    assert _compter("2.2.situations_prises_en_charge", ["commune", "mois"], MAI_JUILLET) == {
        (CHENOVE, "2020-05"): 1,
        (DIJON, "2020-06"): 1,
        (LONGVIC, "2020-06"): 1,
    }


def test_frequentation_par_lieu_d_accueil(monde):
    """Fiches 1.1 and 1.5: contacts by place. P1's two at the CCAS de Dijon, P3's of 10 June at the
    social service; P2's of 30 June and P3's of 25 June without the place said."""
    ccas = str(Partenaire.objects.get(nom=CCAS_DE_DIJON).pk)
    antenne = str(Partenaire.objects.get(nom=SERVICE_SOCIAL).pk)
    assert _compter("1.1.frequentation", ["lieu_accueil"]) == {(ccas,): 2, (antenne,): 1, ("",): 2}
    assert _compter("1.1.frequentation", ["commune", "lieu_accueil"]) == {
        (DIJON, ccas): 2,
        (DIJON, ""): 1,
        (CHENOVE, ""): 1,
        (LONGVIC, antenne): 1,
    }
    lieu = indicateur("1.1.frequentation").ventilation("lieu_accueil")
    assert lieu.libelles([ccas, antenne, ""]) == {
        ccas: CCAS_DE_DIJON,
        antenne: SERVICE_SOCIAL,
        "": "Non précisé",
    }


def test_situations_acor_actives_par_mois(monde):
    """Chenôve's situation entered on 31 May is active in May and June; the waiting one and the one
    closed « sans suite » never are."""
    assert _compter("2.2.situations_actives", ["commune", "mois"], MAI_JUILLET) == {
        (CHENOVE, "2020-05"): 1,
        (CHENOVE, "2020-06"): 1,
        (CHENOVE, "2020-07"): 1,
        (DIJON, "2020-05"): 0,
        (DIJON, "2020-06"): 1,
        (DIJON, "2020-07"): 1,
        (LONGVIC, "2020-05"): 0,
        (LONGVIC, "2020-06"): 1,
        (LONGVIC, "2020-07"): 1,
    }
    assert _compter("2.2.situations_actives", [], MAI_JUILLET)[()] == 3


@pytest.mark.parametrize("identifiant", list(ATTENDU))
def test_mois_trimestres_et_annee_en_une_requete_comptent_comme_une_requete_par_periode(monde, identifiant):
    """The year's table reads its months, quarters and year in one query per breakdown
    (`compter_periodes`): each period's column counts what the period read on its own counts, at
    Paris's month boundaries (the fixture's contacts at 23:30 and 00:30), a person seen in two
    months once in their quarter, a measure running over months in each."""
    ind = indicateur(identifiant)
    an = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)
    periodes = [*mois_de_l_annee(2020), *trimestres(2020), annee(2020)]
    for dims in [[], ["commune"], *([v.code] for v in ind.ventilations)]:
        with CaptureQueriesContext(connection) as requetes:
            par_periode = compter_periodes(ind, du=an[0], au=an[1], filtre=Q(), dims=dims, periodes=periodes)
        # Dated events: their months grouped, then the quarters and the year; an activity: all at once.
        assert len(requetes.captured_queries) == (2 if ind.date_evenement else 1)
        for du, au in periodes:
            seule = compter(ind, du=du, au=au, filtre=Q(), dims=dims)
            assert {c: v for c, v in par_periode[(du, au)].items() if v} == {
                c: v for c, v in seule.items() if v
            }, (
                dims,
                code_mois(du),
                au,
            )
        if not dims:
            assert par_periode[annee(2020)], "the fixture has events of this indicator in 2020"


@pytest.mark.parametrize("identifiant", ["2.1.mesures_exercees", "1.1.personnes_recues", "1.1.frequentation"])
def test_le_tableau_d_une_annee_coute_une_requete_par_ligne(monde, identifiant):
    """A line of the year's table (no breakdown, one, a pair; by commune or not) is one query, two for
    dated events that months do not add up (months, then quarters and year): not five more for the
    quarters and the year, whatever the number of communes."""
    ind = indicateur(identifiant)
    lignes = sum(2 if len(c) <= 1 else 1 for c in _combinaisons(ind))
    par_ligne = 2 if ind.date_evenement and not ind.additif else 1
    communes = {DIJON: "Dijon", CHENOVE: "Chenôve", LONGVIC: "Longvic"}
    with CaptureQueriesContext(connection) as requetes:
        cube = construire_cube(ind, an=2020, filtre=Q(), communes=communes, source="live")
    assert len(requetes.captured_queries) == lignes * par_ligne + 1  # and the communes of the métropole
    assert cube.valeurs[("*", (), (JUIN["du"], JUIN["au"]))] == ATTENDU[identifiant]["total"]
