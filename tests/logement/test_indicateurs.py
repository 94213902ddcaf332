"""The counts of the pacte for 2.1 and 2.2, for a period, by the commune at the time of the event."""

from datetime import date

import pytest

from comptes.roles import Role
from logement.services import mesure_cloturer, situation_acor_cloturer, situation_acor_prendre_en_charge
from tests.comptes.factories import agent
from tests.logement.factories import CapaciteACORFactory, MesureASLLFactory, SituationACORFactory
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC, UsagerFactory

pytestmark = pytest.mark.django_db

PERIODE = {"du": "2021-01-01", "au": "2021-12-31"}


def _mesure(commune: str, debut: date, fin: date | None = None, issue: str = "objectifs_atteints", **kw):
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=commune), date_debut=debut, duree_mois=12)
    if fin:
        mesure_cloturer(mesure=mesure, date_fin=fin, issue=issue, par=mesure.referent, **kw)
    return mesure


@pytest.fixture
def donnees():
    _mesure(DIJON, date(2020, 6, 1))  # still running: carried out in 2021
    _mesure(DIJON, date(2020, 6, 1), date(2020, 12, 31))  # ended before the period
    _mesure(DIJON, date(2020, 6, 1), date(2021, 1, 1), "non_collaboration")  # ended on the first day
    _mesure(DIJON, date(2021, 3, 1), date(2021, 11, 30), "orientation", orientation="acor")
    _mesure(DIJON, date(2022, 1, 1))  # starts after
    _mesure(CHENOVE, date(2021, 12, 31), date(2021, 12, 31), "demenagement")
    demenage = _mesure(LONGVIC, date(2021, 2, 1))
    demenage.usager.commune_id = DIJON  # moves afterwards: still counted in Longvic
    demenage.usager.save()

    CapaciteACORFactory(date_debut=date(2020, 1, 1), date_fin=date(2022, 12, 31), places=50)
    for commune, entree in [
        (DIJON, date(2021, 5, 1)),
        (DIJON, date(2020, 12, 31)),
        (CHENOVE, date(2021, 6, 1)),
    ]:
        usager = UsagerFactory(code_commune=commune, date_naissance=date(1980, 1, 1))
        situation = SituationACORFactory(usager=usager, date_orientation=date(2020, 10, 1))
        situation = situation_acor_prendre_en_charge(
            situation=situation, date_entree=entree, par=situation.cree_par
        )
    situation_acor_cloturer(
        situation=situation,
        date_sortie=date(2021, 9, 1),
        motif_sortie="relais_droit_commun",
        par=situation.cree_par,
    )
    SituationACORFactory(
        usager=UsagerFactory(code_commune=DIJON), date_orientation=date(2021, 2, 1)
    )  # waiting


def _par_commune(bloc) -> dict[str, int]:
    return {ligne["commune"]: ligne["nombre"] for ligne in bloc["par_commune"]}


def test_indicateurs_asll_pour_un_encadrant_de_toutes_les_communes(donnees, client_de):
    encadrant = agent(Role.ENCADRANT, DIJON, CHENOVE, LONGVIC)

    reponse = client_de(encadrant).get("/api/v1/indicateurs/asll/", PERIODE)

    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["mesures_exercees"]["total"] == 5
    assert _par_commune(corps["mesures_exercees"]) == {DIJON: 3, CHENOVE: 1, LONGVIC: 1}
    assert corps["mesures_commencees"]["total"] == 3
    issues = {ligne["issue"]: ligne["nombre"] for ligne in corps["issues"]["par_issue"]}
    assert issues == {
        "objectifs_atteints": 0,
        "objectifs_partiellement_atteints": 0,
        "non_collaboration": 1,
        "orientation": 1,
        "demenagement": 1,
        "autre": 0,
    }
    assert {o["orientation"]: o["nombre"] for o in corps["issues"]["par_orientation"]}["acor"] == 1
    assert corps["issues"]["total"] == 3


def test_indicateurs_limites_aux_communes_habilitees(donnees, client_de):
    corps = client_de(agent(Role.ASLL, DIJON)).get("/api/v1/indicateurs/asll/", PERIODE).json()

    assert _par_commune(corps["mesures_exercees"]) == {DIJON: 3}
    assert corps["issues"]["total"] == 2

    acor = client_de(agent(Role.ASLL, DIJON)).get("/api/v1/indicateurs/acor/", PERIODE).json()
    assert acor["situations_prises_en_charge"]["total"] == 0  # an ASLL grant does not count ACOR


def test_indicateurs_acor(donnees, client_de):
    corps = client_de(agent(Role.ACOR, DIJON, CHENOVE)).get("/api/v1/indicateurs/acor/", PERIODE).json()

    assert corps["situations_prises_en_charge"]["total"] == 2
    assert _par_commune(corps["situations_prises_en_charge"]) == {DIJON: 1, CHENOVE: 1}
    sorties = {ligne["motif"]: ligne["nombre"] for ligne in corps["sorties"]["par_motif"]}
    assert sorties["relais_droit_commun"] == 1
    assert corps["sorties"]["total"] == 1


def test_aucune_donnee_personnelle(donnees, client_de):
    encadrant = agent(Role.ENCADRANT, DIJON, CHENOVE, LONGVIC)
    for url in ("/api/v1/indicateurs/asll/", "/api/v1/indicateurs/acor/"):
        texte = client_de(encadrant).get(url, PERIODE).content.decode()
        for interdit in ("usager", "nom_", "prenom", "date_naissance", "compte_rendu", '"id"'):
            assert interdit not in texte


@pytest.mark.parametrize(
    ("parametres", "champ"),
    [
        ({}, "du"),
        ({"du": "2021-01-01"}, "au"),
        ({"du": "2021-02-30", "au": "2021-12-31"}, "du"),
        ({"du": "hier", "au": "2021-12-31"}, "du"),
        ({"du": "2021-12-31", "au": "2021-01-01"}, "au"),
    ],
)
def test_periode_invalide_400(client_de, parametres, champ):
    for url in ("/api/v1/indicateurs/asll/", "/api/v1/indicateurs/acor/"):
        reponse = client_de(agent(Role.ENCADRANT, DIJON)).get(url, parametres)
        assert reponse.status_code == 400
        assert champ in reponse.json()


def test_indicateurs_en_nombre_constant_de_requetes(donnees, client_de, django_assert_num_queries):
    client = client_de(agent(Role.ENCADRANT, DIJON, CHENOVE, LONGVIC))
    with django_assert_num_queries(6):  # token + five GROUP BY
        client.get("/api/v1/indicateurs/asll/", PERIODE)
    with django_assert_num_queries(3):  # token + two GROUP BY
        client.get("/api/v1/indicateurs/acor/", PERIODE)
