"""The yearly execution report: summary with annex 1's budget and a chart, one sheet per action."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from comptes.roles import Role
from tests.comptes.factories import agent
from tests.dispositif_essai.dispositif import ACTION_9_1
from tests.indicateurs.test_api import _recevoir, contenu
from tests.usagers.factories import CHENOVE, DIJON

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicateurs/rapport/"


@pytest.fixture
def rapport(client_de):
    _recevoir(DIJON, 14, jour=3)
    _recevoir(DIJON, 12, jour=20)
    _recevoir(CHENOVE, 2)
    encadrant = agent(Role.ENCADRANT, DIJON, CHENOVE)
    client = client_de(encadrant)
    reponse = client.get(URL, {"annee": 2020, "format": "xlsx"})
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith(
        'attachment; filename="rapport_execution_pacte_2020.xlsx"'
    )
    brut = contenu(reponse)
    return client, brut, load_workbook(io.BytesIO(brut))


def test_feuilles_et_budget_de_l_annexe_1(rapport):
    _, _, classeur = rapport
    # The pacte's followed actions, then the test-only dispositif's (tests/dispositif_essai).
    pacte = ["Synthèse", "Bilan financier", "Bilan global", "Action 1.1", "Action 1.4", "Action 2.1"]
    assert classeur.sheetnames == [*pacte, "Action 2.2", "Action 2.3", f"Action {ACTION_9_1.action}"]
    synthese = classeur["Synthèse"]
    rangees = list(synthese.iter_rows(values_only=True))
    budget = {r[0]: (r[5], r[6]) for r in rangees if r[0] and r[1] and str(r[1]).startswith("Action ")}
    # The ten actions of annex 1, with their official titles and planned credits (€).
    assert budget == {
        "1.1": (76000, 76000),
        "1.2": (7500, 7500),
        "1.3": (5000, 5000),
        "1.4": (6000, 6000),
        "1.5": (7500, 7500),
        "2.1": (66500, 66500),
        "2.2": (7000, 7000),
        "2.3": (5225, 5225),
        "3.1": (15000, 15000),
        "3.2": (4275, 4275),
        "9.1": (0, 0),
    }
    titres = {r[0]: r[1] for r in rangees if r[0] in budget}
    assert titres["1.5"] == "Action 1.5 — Adapter la fonction d'accueil par une démarche de design social"
    assert titres["3.2"].startswith("Action 3.2 — Se doter d'un outil visant la gestion partagée")
    assert any("Secret statistique" in str(r[0]) for r in rangees)


def test_le_graphique_de_la_serie_mensuelle(rapport):
    _, brut, _ = rapport
    with zipfile.ZipFile(io.BytesIO(brut)) as archive:
        graphiques = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(graphiques) == 6  # one per action: 1.1, 1.4, 2.1, 2.2, 2.3 and the test-only 9.1
        for graphique in graphiques:
            assert b"lineChart" in archive.read(graphique)


def test_les_chiffres_du_rapport_egalent_ceux_de_l_api(rapport):
    client, _, classeur = rapport
    json_ = client.get(
        "/api/v1/indicateurs/valeurs/",
        {"indicateur": "1.1.personnes_recues", "du": "2020-01-01", "au": "2020-12-31", "par": "commune,mois"},
    ).json()
    synthese = {r[0]: r[2] for r in classeur["Synthèse"].iter_rows(values_only=True) if r[0]}
    assert synthese["1.1.personnes_recues"] == json_["total"]["valeur"] == 28
    feuille = list(classeur["Action 1.1"].iter_rows(values_only=True))
    entete = next(i for i, r in enumerate(feuille) if r[0] == "Commune")
    mois = feuille[entete][1:13]
    for rangee in feuille[entete + 1 : entete + 3]:
        commune = rangee[0]
        for m, valeur in zip(mois, rangee[1:13], strict=True):
            attendue = next(
                ligne for ligne in json_["lignes"] if ligne["commune_nom"] == commune and ligne["mois"] == m
            )
            assert valeur == ("secret" if attendue["secret"] else attendue["valeur"])
    # Chenôve's 2 persons in June are suppressed, Dijon's 26 are not... but then Dijon's June
    # cell would give Chenôve's by subtraction from the June total: both are suppressed.
    juin = {ligne["commune"]: ligne for ligne in json_["lignes"] if ligne["mois"] == "2020-06"}
    assert juin[CHENOVE]["secret"] and juin[DIJON]["secret"]


def test_annee_invalide(client_de):
    client = client_de(agent(Role.ENCADRANT, DIJON))
    reponse = client.get(URL, {"annee": "deux mille"})
    assert reponse.status_code == 400 and "annee" in reponse.json()
    reponse = client.get(URL, {"annee": 2020, "format": "csv"})
    assert reponse.status_code == 400 and "format" in reponse.json()


def test_le_rapport_compte_l_usage_de_l_annuaire_et_les_flux_de_l_action_1_4(rapport):
    _, _, classeur = rapport
    lignes = {r[0] for r in classeur["Synthèse"].iter_rows(values_only=True) if r[0]}
    titres_1_4 = {
        str(r[0]).split(" — ")[0] for r in classeur["Action 1.4"].iter_rows(values_only=True) if r[0]
    }
    attendus = {
        "1.4.orientations",
        "1.4.consultations_annuaire",
        "1.4.annuaire_demarches",
        "1.4.annuaire_asll_orientations",
        "1.4.annuaire_acor_prescripteurs",
        "1.4.annuaire_emas_origines",
    }
    assert attendus <= lignes
    assert attendus <= titres_1_4  # each with its monthly table on the action's sheet
