"""Every indicator against the hand-computed counts of the fixture (conftest.py), before secrecy."""

import datetime

import pytest
from django.db.models import Q

from indicateurs.calcul import compter
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
