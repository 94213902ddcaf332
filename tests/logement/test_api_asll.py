"""The ASLL API, as a social worker uses it: open a measure, hold checkpoints, renew, suspend, close."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from config.periodes import aujourdhui
from logement.models import MesureASLL, PointEtape
from tests.comptes.factories import agent
from tests.logement.factories import MesureASLLFactory
from tests.outils import champs_en_erreur, requetes_de_lignes_liees, requetes_de_liste
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

MESURES = "/api/v1/asll/mesures/"
POINTS = "/api/v1/asll/points-etape/"


@pytest.fixture
def travailleur():
    return agent("asll", DIJON)


@pytest.fixture
def client(client_de, travailleur):
    return client_de(travailleur)


def _il_y_a(mois: int = 0, jours: int = 0) -> date:
    return aujourdhui() - relativedelta(months=mois, days=jours)


def test_une_mesure_du_debut_a_l_issue(client, travailleur):
    usager = UsagerFactory(code_commune=DIJON)
    debut = _il_y_a(mois=3)

    creee = client.post(
        MESURES,
        {
            "usager": usager.id,
            "type": "maintien",
            "date_debut": debut.isoformat(),
            "duree_mois": 6,
            "objectifs": ["budget", "relation_bailleur"],
        },
        format="json",
    )
    assert creee.status_code == 201, creee.json()
    mesure = creee.json()
    assert mesure["referent"] == travailleur.id  # defaults to the creator
    assert mesure["statut"] == "en_cours"
    assert mesure["commune"] == DIJON
    assert mesure["prochain_point_etape"] == (debut + relativedelta(months=2)).isoformat()
    assert mesure["en_retard"] is True  # start + 2 months is a month ago

    points = client.get(POINTS, {"mesure": mesure["id"]}).json()["results"]
    assert [p["etat"] for p in points] == ["en_retard", "a_venir", "a_venir"]

    tenu = client.patch(
        f"{POINTS}{points[0]['id']}/",
        {
            "date_realisee": _il_y_a(jours=20).isoformat(),
            "compte_rendu": "Plan d'apurement signé avec le bailleur.",
            "progressions": [{"objectif": "budget", "avancement": "en_cours"}],
        },
        format="json",
    )
    assert tenu.status_code == 200, tenu.json()
    assert tenu.json()["etat"] == "realise"
    assert tenu.json()["progressions"] == [{"objectif": "budget", "avancement": "en_cours"}]
    assert client.get(f"{MESURES}{mesure['id']}/").json()["en_retard"] is False

    renouvelee = client.post(f"{MESURES}{mesure['id']}/renouveler/", {"duree_mois": 6}, format="json")
    assert renouvelee.status_code == 200, renouvelee.json()
    assert renouvelee.json()["duree_mois"] == 12
    assert client.get(POINTS, {"mesure": mesure["id"]}).json()["count"] == 6

    suspendue = client.post(f"{MESURES}{mesure['id']}/suspendre/", {}, format="json")
    assert suspendue.json()["statut"] == "suspendue"
    reprise = client.post(f"{MESURES}{mesure['id']}/reprendre/", {}, format="json")
    assert reprise.json()["statut"] == "en_cours"

    close = client.post(
        f"{MESURES}{mesure['id']}/cloturer/",
        {"date_fin": aujourdhui().isoformat(), "issue": "orientation", "orientation": "emas"},
        format="json",
    )
    assert close.status_code == 200, close.json()
    assert close.json()["statut"] == "terminee"
    assert close.json()["issue"] == "orientation"
    assert close.json()["orientation"] == "emas"
    assert close.json()["prochain_point_etape"] is None
    etats = [p["etat"] for p in client.get(POINTS, {"mesure": mesure["id"]}).json()["results"]]
    assert etats[0] == "realise"
    assert etats[-1] == "annule"

    encore = client.patch(
        f"{POINTS}{points[1]['id']}/", {"date_realisee": aujourdhui().isoformat()}, format="json"
    )
    assert encore.status_code == 400
    assert "mesure" in encore.json()


def test_portefeuille_trie_par_prochaine_echeance(client, travailleur, client_de):
    collegue = agent("asll", DIJON)
    a_jour = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=1))
    tres_en_retard = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=4))
    en_retard = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=3))
    suspendue = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=5))
    client.post(f"{MESURES}{suspendue.id}/suspendre/", {}, format="json")
    MesureASLLFactory(referent=collegue, date_debut=_il_y_a(mois=5))

    portefeuille = client.get(MESURES, {"referent": "me", "statut": "en_cours"}).json()

    assert [m["id"] for m in portefeuille["results"]] == [tres_en_retard.id, en_retard.id, a_jour.id]
    assert [m["en_retard"] for m in portefeuille["results"]] == [True, True, False]
    assert client.get(MESURES, {"referent": collegue.id}).json()["count"] == 1
    assert (
        client.get(MESURES, {"en_retard": "true"}).json()["count"] == 3
    )  # colleague's too, not the suspended
    assert client_de(collegue).get(MESURES, {"referent": "me"}).json()["count"] == 1


@pytest.mark.parametrize("nombre", [1, 25])
def test_portefeuille_en_nombre_constant_de_requetes(client, travailleur, django_assert_num_queries, nombre):
    for i in range(nombre):
        MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=i % 7))

    # a list's statements: next checkpoint and lateness are subqueries of the page's query
    with django_assert_num_queries(requetes_de_liste()):
        reponse = client.get(MESURES, {"referent": "me", "statut": "en_cours", "page_size": 50})

    assert len(reponse.json()["results"]) == nombre


@pytest.mark.parametrize("nombre", [1, 25])
def test_liste_des_points_en_nombre_constant_de_requetes(
    client, travailleur, django_assert_num_queries, nombre
):
    for _ in range(nombre):
        MesureASLLFactory(referent=travailleur, duree_mois=2)
    PointEtape.objects.update(date_realisee=aujourdhui())

    # a list's statements (outside PostgreSQL, the journal reads the persons of the page's
    # checkpoints), + the progressions (a prefetch, read in the page's statement on PostgreSQL)
    with django_assert_num_queries(requetes_de_liste(personnes_relues=True) + requetes_de_lignes_liees()):
        reponse = client.get(POINTS, {"page_size": 50})

    assert len(reponse.json()["results"]) == nombre


def test_filtres_des_points_d_etape(client, travailleur):
    MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=3))

    assert client.get(POINTS, {"etat": "en_retard"}).json()["count"] == 1
    assert client.get(POINTS, {"etat": "a_venir", "referent": "me"}).json()["count"] == 2
    assert client.get(POINTS, {"etat": "nimporte"}).status_code == 400


VALIDE = {"type": "acces", "date_debut": "2020-06-01", "duree_mois": 6, "objectifs": ["budget"]}


@pytest.mark.parametrize(
    ("modification", "champ"),
    [
        ({"duree_mois": 0}, "duree_mois"),
        ({"duree_mois": -3}, "duree_mois"),
        ({"duree_mois": 25}, "duree_mois"),
        ({"duree_mois": "six"}, "duree_mois"),
        ({"duree_mois": 6.5}, "duree_mois"),
        ({"duree_mois": True}, "duree_mois"),
        ({"duree_mois": 10**30}, "duree_mois"),
        ({"duree_mois": None}, "duree_mois"),
        ({"objectifs": ["budget", "voyage"]}, "objectifs"),
        ({"objectifs": []}, "objectifs"),
        ({"objectifs": "budget"}, "objectifs"),
        ({"objectifs": [["budget"]]}, "objectifs"),
        ({"objectifs": ["x" * 100_000]}, "objectifs"),
        ({"type": "location"}, "type"),
        ({"type": None}, "type"),
        ({"date_debut": "2020-02-30"}, "date_debut"),
        ({"date_debut": "01/06/2020"}, "date_debut"),
        ({"date_debut": 20200601}, "date_debut"),
        ({"date_debut": "1899-01-01"}, "date_debut"),
        ({"date_debut": "9999-12-31"}, "date_debut"),
        ({"usager": 999_999_999}, "usager"),
        ({"usager": "abc"}, "usager"),
        ({"usager": 10**30}, "usager"),
        ({"referent": 999_999_999}, "referent"),
        ({"nb_adultes": 0}, "nb_adultes"),
        ({"nb_enfants": 99}, "nb_enfants"),
        ({"prescripteur": "voisin"}, "prescripteur"),
    ],
)
def test_creation_refusee_en_nommant_le_champ(client, modification, champ):
    usager = UsagerFactory(code_commune=DIJON)

    reponse = client.post(MESURES, {**VALIDE, "usager": usager.id, **modification}, format="json")

    assert reponse.status_code == 400, reponse.content
    assert champ in reponse.json(), reponse.json()
    assert not MesureASLL.objects.exists()
    assert not PointEtape.objects.exists()


def test_un_referent_non_habilite_sur_la_commune_est_refuse(client):
    from tests.usagers.factories import CHENOVE

    ailleurs = agent("asll", CHENOVE)
    usager = UsagerFactory(code_commune=DIJON)

    reponse = client.post(MESURES, {**VALIDE, "usager": usager.id, "referent": ailleurs.id}, format="json")

    assert reponse.status_code == 400
    assert "habilité" in reponse.json()["referent"][0]
    assert not MesureASLL.objects.exists()


@pytest.mark.parametrize(
    ("chemin", "corps", "champ"),
    [
        ("cloturer", {"date_fin": "2020-07-01"}, "issue"),
        ("cloturer", {"date_fin": "2020-07-01", "issue": ""}, "issue"),
        ("cloturer", {"date_fin": "2020-07-01", "issue": "demenagement_lointain"}, "issue"),
        ("cloturer", {"date_fin": "2020-05-31", "issue": "autre"}, "date_fin"),
        ("cloturer", {"date_fin": "2099-01-01", "issue": "autre"}, "date_fin"),
        ("cloturer", {"issue": "autre"}, "date_fin"),
        ("cloturer", {"date_fin": "2020-07-01", "issue": "orientation"}, "orientation"),
        (
            "cloturer",
            {"date_fin": "2020-07-01", "issue": "orientation", "orientation": "lune"},
            "orientation",
        ),
        ("renouveler", {"duree_mois": 0}, "duree_mois"),
        ("renouveler", {"duree_mois": 19}, "duree_mois"),
        ("renouveler", {}, "duree_mois"),
        ("reprendre", {}, "statut"),
        ("suspendre", {"date_suspension": "2020-05-01"}, "date_suspension"),
        ("suspendre", {"date_suspension": "demain"}, "date_suspension"),
    ],
)
def test_transitions_refusees_en_nommant_le_champ(client, travailleur, chemin, corps, champ):
    mesure = MesureASLLFactory(referent=travailleur, date_debut=date(2020, 6, 1), duree_mois=6)

    reponse = client.post(f"{MESURES}{mesure.id}/{chemin}/", corps, format="json")

    assert reponse.status_code == 400, reponse.content
    assert champ in reponse.json(), reponse.json()
    mesure.refresh_from_db()
    assert (mesure.statut, mesure.duree_mois, mesure.date_fin) == ("en_cours", 6, None)
    assert mesure.points_etape.count() == 3
    assert not mesure.points_etape.filter(annule=True).exists()


@pytest.mark.parametrize(
    ("corps", "champ"),
    [
        ({"date_realisee": "2020-13-01"}, "date_realisee"),
        ({"date_realisee": "2099-01-01"}, "date_realisee"),
        ({"date_realisee": "2020-05-01"}, "date_realisee"),
        ({}, "date_realisee"),
        ({"date_realisee": "2020-08-01", "compte_rendu": "x" * 10_001}, "compte_rendu"),
        ({"date_realisee": "2020-08-01", "compte_rendu": "nul\x00"}, "compte_rendu"),
        (
            {
                "date_realisee": "2020-08-01",
                "progressions": [{"objectif": "recherche_logement", "avancement": "atteint"}],
            },
            "progressions",
        ),
        (
            {"date_realisee": "2020-08-01", "progressions": [{"objectif": "budget", "avancement": "fini"}]},
            "progressions",
        ),
        (
            {
                "date_realisee": "2020-08-01",
                "progressions": [{"objectif": "budget", "avancement": "atteint"}] * 2,
            },
            "progressions",
        ),
        ({"date_realisee": "2020-08-01", "progressions": "budget"}, "progressions"),
    ],
)
def test_saisie_d_un_point_refusee_en_nommant_le_champ(client, travailleur, corps, champ):
    mesure = MesureASLLFactory(referent=travailleur, date_debut=date(2020, 6, 1), duree_mois=6)
    point = mesure.points_etape.get(rang=1)

    reponse = client.patch(f"{POINTS}{point.id}/", corps, format="json")

    assert reponse.status_code == 400, reponse.content
    assert champ in reponse.json(), reponse.json()
    point.refresh_from_db()
    assert point.date_realisee is None
    assert not point.progressions.exists()


def test_modification_limitee_a_ce_qui_decrit_la_mesure(client, travailleur):
    mesure = MesureASLLFactory(referent=travailleur, date_debut=date(2020, 6, 1), duree_mois=6)

    ok = client.patch(f"{MESURES}{mesure.id}/", {"objectifs": ["droits"], "nb_enfants": 2}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["objectifs"] == ["droits"]

    refus = client.patch(f"{MESURES}{mesure.id}/", {"duree_mois": 24, "statut": "terminee"}, format="json")
    assert refus.status_code == 400
    assert champs_en_erreur(refus.json()) == {"duree_mois", "statut"}
    mesure.refresh_from_db()
    assert (mesure.duree_mois, mesure.statut) == (6, "en_cours")

    assert client.put(f"{MESURES}{mesure.id}/", {}, format="json").status_code == 405
    assert client.delete(f"{MESURES}{mesure.id}/").status_code == 405


@pytest.mark.parametrize(
    "parametres",
    [{"referent": "quelqu'un"}, {"statut": "ouverte"}, {"du": "hier"}, {"usager": "x"}],
)
def test_filtres_invalides_repondent_400(client, parametres):
    assert client.get(MESURES, parametres).status_code == 400


def test_corps_illisible(client):
    assert client.generic("POST", MESURES, b"{", content_type="application/json").status_code == 400
    assert client.generic("POST", MESURES, b"[]", content_type="application/json").status_code == 400
    assert not MesureASLL.objects.exists()


def test_suspendue_depuis_aujourd_hui_n_est_pas_en_retard(client, travailleur):
    mesure = MesureASLLFactory(referent=travailleur, date_debut=_il_y_a(mois=5))
    assert client.get(f"{MESURES}{mesure.id}/").json()["en_retard"] is True

    client.post(
        f"{MESURES}{mesure.id}/suspendre/",
        {"date_suspension": (aujourdhui() - timedelta(days=1)).isoformat()},
        format="json",
    )

    assert client.get(f"{MESURES}{mesure.id}/").json()["en_retard"] is False
    assert "en_retard" not in {p["etat"] for p in client.get(POINTS, {"mesure": mesure.id}).json()["results"]}
