"""ASLL records need the `asll` grant on the usager's current commune, ACOR ones `acor`; else 404."""

import pytest
from django.contrib.auth.models import Group, Permission

from comptes.roles import Role
from config.dispositifs import codename
from logement.models import MesureASLL, SituationACOR, StatutMesure
from logement.perms import ACOR, ASLL
from tests.comptes.factories import UserFactory, agent
from tests.logement.factories import CapaciteACORFactory, MesureASLLFactory, SituationACORFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

MESURES = "/api/v1/asll/mesures/"
POINTS = "/api/v1/asll/points-etape/"
SITUATIONS = "/api/v1/acor/situations/"


@pytest.fixture
def monde():
    usager = UsagerFactory(code_commune=DIJON)
    mesure = MesureASLLFactory(usager=usager)
    situation = SituationACORFactory(usager=usager)
    return {
        "usager": usager,
        "mesure": mesure,
        "point": mesure.points_etape.first(),
        "situation": situation,
        "asll_dijon": mesure.referent,
        "acor_dijon": agent("acor", DIJON),
        "asll_chenove": agent("asll", CHENOVE),
        "acces_droits_dijon": agent("acces_droits", DIJON),
        "emas_dijon": agent("emas", DIJON),
        "encadrant_dijon": agent(Role.ENCADRANT, DIJON),
    }


# (who, sees the measure and its checkpoints, sees the situation)
MATRICE = [
    ("asll_dijon", True, False),
    ("acor_dijon", False, True),
    ("asll_chenove", False, False),
    ("acces_droits_dijon", False, False),
    ("emas_dijon", False, False),
    ("encadrant_dijon", True, True),
]


@pytest.mark.parametrize(("qui", "voit_mesure", "voit_situation"), MATRICE)
def test_matrice_de_visibilite(monde, client_de, qui, voit_mesure, voit_situation):
    client = client_de(monde[qui])
    attendu = lambda voit: 200 if voit else 404  # noqa: E731

    assert client.get(f"{MESURES}{monde['mesure'].id}/").status_code == attendu(voit_mesure)
    assert client.get(f"{POINTS}{monde['point'].id}/").status_code == attendu(voit_mesure)
    assert client.get(f"{SITUATIONS}{monde['situation'].id}/").status_code == attendu(voit_situation)
    assert client.get(MESURES).json()["count"] == int(voit_mesure)
    assert client.get(POINTS).json()["count"] == (monde["mesure"].points_etape.count() if voit_mesure else 0)
    assert client.get(SITUATIONS).json()["count"] == int(voit_situation)


@pytest.mark.parametrize("qui", ["acor_dijon", "asll_chenove", "acces_droits_dijon"])
def test_ecrire_hors_habilitation_repond_404_et_ne_change_rien(monde, client_de, qui):
    client = client_de(monde[qui])
    mesure, point = monde["mesure"], monde["point"]

    assert (
        client.post(
            f"{MESURES}{mesure.id}/cloturer/",
            {"date_fin": str(mesure.date_debut), "issue": "autre"},
            format="json",
        ).status_code
        == 404
    )
    assert (
        client.post(f"{MESURES}{mesure.id}/renouveler/", {"duree_mois": 6}, format="json").status_code == 404
    )
    assert client.post(f"{MESURES}{mesure.id}/suspendre/", {}, format="json").status_code == 404
    assert client.patch(f"{MESURES}{mesure.id}/", {"nb_enfants": 3}, format="json").status_code == 404
    assert (
        client.patch(
            f"{POINTS}{point.id}/", {"date_realisee": str(mesure.date_debut)}, format="json"
        ).status_code
        == 404
    )

    mesure.refresh_from_db()
    point.refresh_from_db()
    assert (mesure.statut, mesure.duree_mois, mesure.nb_enfants) == (StatutMesure.EN_COURS, 6, 0)
    assert point.date_realisee is None


@pytest.mark.parametrize("qui", ["asll_dijon", "asll_chenove"])
def test_ecrire_une_situation_hors_habilitation_repond_404(monde, client_de, qui):
    CapaciteACORFactory()
    client = client_de(monde[qui])
    situation = monde["situation"]

    assert (
        client.post(
            f"{SITUATIONS}{situation.id}/prendre-en-charge/",
            {"date_entree": str(situation.date_orientation)},
            format="json",
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{SITUATIONS}{situation.id}/cloturer/",
            {"date_sortie": str(situation.date_orientation), "motif_sortie": "autre"},
            format="json",
        ).status_code
        == 404
    )
    situation.refresh_from_db()
    assert situation.statut == "en_attente"


def test_creer_pour_un_usager_hors_habilitation_est_indiscernable_d_un_usager_inexistant(monde, client_de):
    """The usager of another commune is « introuvable », word for word as an id that does not exist."""
    client = client_de(monde["asll_chenove"])
    corps = {"type": "acces", "date_debut": "2020-06-01", "duree_mois": 6, "objectifs": ["budget"]}

    ailleurs = client.post(MESURES, {**corps, "usager": monde["usager"].id}, format="json")
    inexistant = client.post(MESURES, {**corps, "usager": 987_654_321}, format="json")

    assert ailleurs.status_code == inexistant.status_code == 400
    assert ailleurs.json() == inexistant.json()
    assert ailleurs.json()["usager"] == ["Usager introuvable."]

    acor = client_de(monde["acor_dijon"]).post(
        MESURES, {**corps, "usager": monde["usager"].id}, format="json"
    )
    assert acor.json() == inexistant.json()  # the commune is granted, but not for ASLL
    situation = client_de(monde["asll_dijon"]).post(
        SITUATIONS,
        {"usager": monde["usager"].id, "date_orientation": "2020-09-01", "difficultes": ["sociale"]},
        format="json",
    )
    assert situation.json()["usager"] == ["Usager introuvable."]
    assert MesureASLL.objects.count() == 1
    assert SituationACOR.objects.count() == 1


def test_l_acces_suit_la_commune_actuelle_de_l_usager(monde, client_de):
    usager = monde["usager"]
    usager.commune_id = CHENOVE
    usager.save()

    assert client_de(monde["asll_dijon"]).get(f"{MESURES}{monde['mesure'].id}/").status_code == 404
    lue = client_de(monde["asll_chenove"]).get(f"{MESURES}{monde['mesure'].id}/")
    assert lue.status_code == 200
    assert lue.json()["commune"] == DIJON  # the commune at the start stays, for the indicators


def test_le_piege_de_la_permission_globale_n_ouvre_rien(monde, client_de):
    """Model-level permissions (the dispositif's on Commune, or logement's own) never open a commune."""
    groupe = Group.objects.create(name="equipe-globale-logement")
    groupe.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="communes",
            codename__in=[codename(ASLL), codename(ACOR)],
        ),
        *Permission.objects.filter(content_type__app_label="logement"),
    )
    user = UserFactory(is_staff=True)
    user.groups.add(groupe)
    client = client_de(user)

    assert client.get(MESURES).json()["count"] == 0
    assert client.get(POINTS).json()["count"] == 0
    assert client.get(SITUATIONS).json()["count"] == 0
    assert client.get(f"{MESURES}{monde['mesure'].id}/").status_code == 404
    assert client.get(f"{SITUATIONS}{monde['situation'].id}/").status_code == 404
    assert not MesureASLL.objects.visibles_par(user).exists()


def test_sans_authentification_401(anonyme, monde):
    for url in (
        MESURES,
        POINTS,
        SITUATIONS,
        f"{MESURES}{monde['mesure'].id}/",
        "/api/v1/indicateurs/valeurs/",
    ):
        assert anonyme.get(url).status_code == 401
    assert anonyme.post(MESURES, {}, format="json").status_code == 401
