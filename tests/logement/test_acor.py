"""ACOR situations: adults on the date of entry, within the places of the period, waiting list in order."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from comptes.roles import Role
from config.errors import AccesRefuse, RegleMetierError
from config.periodes import aujourdhui
from logement.models import SituationACOR, StatutSituation
from logement.services import situation_acor_cloturer, situation_acor_prendre_en_charge
from tests.comptes.factories import administrateur_habilite, agent
from tests.logement.factories import CapaciteACORFactory, SituationACORFactory
from tests.outils import requetes_de_liste
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

SITUATIONS = "/api/v1/acor/situations/"


@pytest.fixture
def intervenant():
    return agent("acor", DIJON)


@pytest.fixture
def client(client_de, intervenant):
    return client_de(intervenant)


def test_age_a_la_date_d_entree(client):
    entree = aujourdhui() - timedelta(days=10)
    CapaciteACORFactory(places=5)
    mineur = SituationACORFactory(
        usager=UsagerFactory(
            code_commune=DIJON, date_naissance=entree - relativedelta(years=18) + timedelta(days=1)
        ),
        date_orientation=entree - timedelta(days=30),
    )  # 17 years and 364 days on the day of entry
    majeur = SituationACORFactory(
        usager=UsagerFactory(code_commune=DIJON, date_naissance=entree - relativedelta(years=18)),
        date_orientation=entree - timedelta(days=30),
    )  # 18th birthday on the day of entry

    refus = client.post(
        f"{SITUATIONS}{mineur.id}/prendre-en-charge/", {"date_entree": entree.isoformat()}, format="json"
    )
    assert refus.status_code == 400
    assert "18 ans" in refus.json()["date_entree"][0]
    mineur.refresh_from_db()
    assert (mineur.statut, mineur.date_entree) == (StatutSituation.EN_ATTENTE, None)

    accord = client.post(
        f"{SITUATIONS}{majeur.id}/prendre-en-charge/", {"date_entree": entree.isoformat()}, format="json"
    )
    assert accord.status_code == 200, accord.json()
    assert accord.json()["statut"] == "en_cours"
    assert accord.json()["date_entree"] == entree.isoformat()
    assert accord.json()["commune"] == DIJON


def test_ne_29_fevrier_majeur_le_28_fevrier():
    usager = UsagerFactory(code_commune=DIJON, date_naissance=date(2004, 2, 29))
    CapaciteACORFactory(date_debut=date(2022, 1, 1), date_fin=date(2022, 12, 31), places=3)
    situation = SituationACORFactory(usager=usager, date_orientation=date(2022, 1, 10))
    par = agent("acor", DIJON)

    with pytest.raises(RegleMetierError):
        situation_acor_prendre_en_charge(situation=situation, date_entree=date(2022, 2, 27), par=par)
    situation = situation_acor_prendre_en_charge(situation=situation, date_entree=date(2022, 2, 28), par=par)
    assert situation.statut == StatutSituation.EN_COURS


def test_capacite_pleine_refusee_sauf_si_un_encadrant_force(client, client_de, intervenant):
    CapaciteACORFactory(places=1)
    premiere, seconde, troisieme = (
        SituationACORFactory(usager=UsagerFactory(code_commune=DIJON)) for _ in range(3)
    )
    jour = aujourdhui().isoformat()

    assert (
        client.post(
            f"{SITUATIONS}{premiere.id}/prendre-en-charge/", {"date_entree": jour}, format="json"
        ).status_code
        == 200
    )

    pleine = client.post(f"{SITUATIONS}{seconde.id}/prendre-en-charge/", {"date_entree": jour}, format="json")
    assert pleine.status_code == 400
    assert "places ACOR sont occupées" in pleine.json()["date_entree"][0]
    seconde.refresh_from_db()
    assert seconde.statut == StatutSituation.EN_ATTENTE

    pas_encadrant = client.post(
        f"{SITUATIONS}{seconde.id}/prendre-en-charge/", {"date_entree": jour, "forcer": True}, format="json"
    )
    assert pas_encadrant.status_code == 403
    assert "forcer" in pas_encadrant.json()

    encadrant = agent(Role.ENCADRANT, DIJON)
    forcee = client_de(encadrant).post(
        f"{SITUATIONS}{seconde.id}/prendre-en-charge/", {"date_entree": jour, "forcer": True}, format="json"
    )
    assert forcee.status_code == 200, forcee.json()
    assert forcee.json()["capacite_depassee"] is True

    # a place freed by an exit is available again from the day after the exit
    situation_acor_cloturer(
        situation=premiere, date_sortie=aujourdhui(), motif_sortie="relais_droit_commun", par=intervenant
    )
    situation_acor_cloturer(
        situation=seconde, date_sortie=aujourdhui(), motif_sortie="autre", par=intervenant
    )
    libre = client.post(
        f"{SITUATIONS}{troisieme.id}/prendre-en-charge/", {"date_entree": jour}, format="json"
    )
    assert libre.status_code == 200, libre.json()
    assert libre.json()["capacite_depassee"] is False


def test_sans_capacite_definie_la_prise_en_charge_est_refusee(client):
    situation = SituationACORFactory(usager=UsagerFactory(code_commune=DIJON))

    reponse = client.post(
        f"{SITUATIONS}{situation.id}/prendre-en-charge/",
        {"date_entree": aujourdhui().isoformat()},
        format="json",
    )

    assert reponse.status_code == 400
    assert "Aucune capacité" in reponse.json()["date_entree"][0]


def test_administrateur_peut_forcer():
    situation = SituationACORFactory(usager=UsagerFactory(code_commune=DIJON))
    CapaciteACORFactory(places=0)

    with pytest.raises(AccesRefuse):
        situation_acor_prendre_en_charge(
            situation=situation, date_entree=aujourdhui(), par=agent("acor", DIJON), forcer=True
        )
    situation = situation_acor_prendre_en_charge(
        situation=situation, date_entree=aujourdhui(), par=administrateur_habilite(), forcer=True
    )
    assert situation.capacite_depassee is True


def test_creation_avec_entree_immediate_et_liste_d_attente(client):
    CapaciteACORFactory(places=10)
    usagers = [UsagerFactory(code_commune=DIJON) for _ in range(3)]

    def creer(usager, orientation, **extra):
        reponse = client.post(
            SITUATIONS,
            {
                "usager": usager.id,
                "date_orientation": orientation.isoformat(),
                "difficultes": ["incurie"],
                **extra,
            },
            format="json",
        )
        assert reponse.status_code == 201, reponse.json()
        return reponse.json()

    tardive = creer(usagers[0], aujourdhui() - timedelta(days=3))
    ancienne = creer(usagers[1], aujourdhui() - timedelta(days=40))
    entree = creer(usagers[2], aujourdhui() - timedelta(days=50), date_entree=aujourdhui().isoformat())
    assert entree["statut"] == "en_cours"

    attente = client.get(SITUATIONS, {"statut": "en_attente"}).json()["results"]
    assert [s["id"] for s in attente] == [ancienne["id"], tardive["id"]]


def test_creation_d_un_mineur_avec_entree_ne_laisse_rien(client):
    CapaciteACORFactory(places=10)
    mineur = UsagerFactory(code_commune=DIJON, date_naissance=aujourdhui() - relativedelta(years=17))

    reponse = client.post(
        SITUATIONS,
        {
            "usager": mineur.id,
            "date_orientation": aujourdhui().isoformat(),
            "difficultes": ["sociale"],
            "date_entree": aujourdhui().isoformat(),
        },
        format="json",
    )

    assert reponse.status_code == 400
    assert "date_entree" in reponse.json()
    assert not SituationACOR.objects.exists()  # the referral is not half-saved either


VALIDE = {"date_orientation": "2020-09-01", "difficultes": ["sante_mentale", "isolement"]}


@pytest.mark.parametrize(
    ("modification", "champ"),
    [
        ({"difficultes": ["sante_mentale", "chomage"]}, "difficultes"),
        ({"difficultes": []}, "difficultes"),
        ({"difficultes": "isolement"}, "difficultes"),
        ({"difficultes": None}, "difficultes"),
        ({"date_orientation": "2099-01-01"}, "date_orientation"),
        ({"date_orientation": "2020-09-31"}, "date_orientation"),
        ({"date_orientation": None}, "date_orientation"),
        ({"date_entree": "2020-08-01"}, "date_entree"),
        ({"date_entree": "le 1er"}, "date_entree"),
        ({"prescripteur": "x" * 50_000}, "prescripteur"),
        ({"usager": 999_999_999}, "usager"),
        ({"usager": None}, "usager"),
        ({"forcer": "peut-être"}, "forcer"),
    ],
)
def test_creation_refusee_en_nommant_le_champ(client, modification, champ):
    CapaciteACORFactory(date_debut=date(2020, 1, 1), date_fin=date(2030, 12, 31), places=10)
    usager = UsagerFactory(code_commune=DIJON)

    reponse = client.post(SITUATIONS, {**VALIDE, "usager": usager.id, **modification}, format="json")

    assert reponse.status_code == 400, reponse.content
    assert champ in reponse.json(), reponse.json()
    assert not SituationACOR.objects.exists()


@pytest.mark.parametrize(
    ("chemin", "corps", "champ"),
    [
        ("prendre-en-charge", {}, "date_entree"),
        ("prendre-en-charge", {"date_entree": "2099-01-01"}, "date_entree"),
        ("cloturer", {"date_sortie": "2020-09-01"}, "motif_sortie"),
        ("cloturer", {"date_sortie": "2020-09-01", "motif_sortie": "lassitude"}, "motif_sortie"),
        ("cloturer", {"date_sortie": "2020-08-01", "motif_sortie": "sans_suite"}, "date_sortie"),
        ("cloturer", {"motif_sortie": "sans_suite"}, "date_sortie"),
    ],
)
def test_transitions_refusees(client, chemin, corps, champ):
    situation = SituationACORFactory(
        usager=UsagerFactory(code_commune=DIJON), date_orientation=date(2020, 9, 1)
    )

    reponse = client.post(f"{SITUATIONS}{situation.id}/{chemin}/", corps, format="json")

    assert reponse.status_code == 400, reponse.content
    assert champ in reponse.json(), reponse.json()
    situation.refresh_from_db()
    assert situation.statut == StatutSituation.EN_ATTENTE


def test_sortie_puis_plus_rien(client):
    CapaciteACORFactory(places=10)
    situation = SituationACORFactory(usager=UsagerFactory(code_commune=DIJON))
    client.post(
        f"{SITUATIONS}{situation.id}/prendre-en-charge/",
        {"date_entree": aujourdhui().isoformat()},
        format="json",
    )

    fin = client.post(
        f"{SITUATIONS}{situation.id}/cloturer/",
        {"date_sortie": aujourdhui().isoformat(), "motif_sortie": "objectifs_atteints"},
        format="json",
    )
    assert fin.status_code == 200
    assert (fin.json()["statut"], fin.json()["motif_sortie"]) == ("terminee", "objectifs_atteints")

    assert (
        client.post(
            f"{SITUATIONS}{situation.id}/cloturer/",
            {"date_sortie": aujourdhui().isoformat(), "motif_sortie": "autre"},
            format="json",
        ).status_code
        == 400
    )
    assert (
        client.patch(f"{SITUATIONS}{situation.id}/", {"difficultes": ["autre"]}, format="json").status_code
        == 400
    )


@pytest.mark.parametrize("nombre", [1, 25])
def test_liste_des_situations_en_nombre_constant_de_requetes(client, django_assert_num_queries, nombre):
    for _ in range(nombre):
        SituationACORFactory(usager=UsagerFactory(code_commune=DIJON))

    with django_assert_num_queries(requetes_de_liste()):
        reponse = client.get(SITUATIONS, {"statut": "en_attente", "page_size": 50})

    assert len(reponse.json()["results"]) == nombre


def test_une_entree_retroactive_ne_depasse_pas_les_places_des_jours_suivants(client):
    """A back-dated entry occupies a place on every day since: it must fit on each of them."""
    CapaciteACORFactory(places=1)
    recente, ancienne = (SituationACORFactory(usager=UsagerFactory(code_commune=DIJON)) for _ in range(2))
    il_y_a_5_jours = (aujourdhui() - timedelta(days=5)).isoformat()
    assert (
        client.post(
            f"{SITUATIONS}{recente.id}/prendre-en-charge/", {"date_entree": il_y_a_5_jours}, format="json"
        ).status_code
        == 200
    )

    retroactive = client.post(
        f"{SITUATIONS}{ancienne.id}/prendre-en-charge/",
        {"date_entree": (aujourdhui() - timedelta(days=20)).isoformat()},
        format="json",
    )

    assert retroactive.status_code == 400
    assert "occupées le" in retroactive.json()["date_entree"][0]
    assert SituationACOR.objects.occupant_une_place(aujourdhui()).count() == 1


def test_une_entree_retroactive_passe_si_la_place_etait_liberee_entre_temps(client, intervenant):
    CapaciteACORFactory(places=1)
    sortie, ancienne = (SituationACORFactory(usager=UsagerFactory(code_commune=DIJON)) for _ in range(2))
    situation_acor_prendre_en_charge(
        situation=sortie, date_entree=aujourdhui() - timedelta(days=25), par=intervenant
    )
    situation_acor_cloturer(
        situation=sortie,
        date_sortie=aujourdhui() - timedelta(days=21),
        motif_sortie="relais_droit_commun",
        par=intervenant,
    )

    reponse = client.post(
        f"{SITUATIONS}{ancienne.id}/prendre-en-charge/",
        {"date_entree": (aujourdhui() - timedelta(days=20)).isoformat()},
        format="json",
    )

    assert reponse.status_code == 200, reponse.json()


@pytest.mark.parametrize(
    ("prise_en_charge", "motif", "accepte"),
    [(False, "sans_suite", True), (False, "objectifs_atteints", False), (True, "sans_suite", False)],
)
def test_motif_sans_suite_reserve_aux_situations_jamais_prises_en_charge(
    intervenant, prise_en_charge, motif, accepte
):
    CapaciteACORFactory(places=10)
    situation = SituationACORFactory(usager=UsagerFactory(code_commune=DIJON))
    if prise_en_charge:
        situation = situation_acor_prendre_en_charge(
            situation=situation, date_entree=aujourdhui(), par=intervenant
        )

    if accepte:
        fin = situation_acor_cloturer(
            situation=situation, date_sortie=aujourdhui(), motif_sortie=motif, par=intervenant
        )
        assert fin.statut == StatutSituation.TERMINEE
    else:
        with pytest.raises(RegleMetierError) as erreur:
            situation_acor_cloturer(
                situation=situation, date_sortie=aujourdhui(), motif_sortie=motif, par=intervenant
            )
        assert erreur.value.champ == "motif_sortie"


def test_forcer_sans_objet_quand_une_place_est_libre(client):
    CapaciteACORFactory(places=2)
    situation = SituationACORFactory(usager=UsagerFactory(code_commune=DIJON))

    reponse = client.post(
        f"{SITUATIONS}{situation.id}/prendre-en-charge/",
        {"date_entree": aujourdhui().isoformat(), "forcer": True},
        format="json",
    )

    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["capacite_depassee"] is False
