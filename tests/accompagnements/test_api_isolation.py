"""Each agent sees and changes only the 1.1 records of the usagers of their communes; another
dispositif's grant on the same commune opens nothing; model-level permissions open nothing.

Choice documented here: a record outside your grants answers 404 (retrieve, update); creating a
record that points to a usager or follow-up outside your grants answers 400 naming that field
with "introuvable" — the same answer as for an id that does not exist, so nothing leaks."""

import pytest
from django.contrib.auth.models import Group, Permission

from accompagnements.models import Accompagnement, Contact, Demarche, Droit
from accompagnements.perms import ACCES_DROITS
from comptes.roles import Role
from config.dispositifs import codename
from tests.accompagnements.factories import (
    AccompagnementFactory,
    ContactFactory,
    DemarcheFactory,
    DroitFactory,
)
from tests.comptes.factories import UserFactory, agent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

LISTES = ["accompagnements", "contacts", "demarches", "droits"]


def _dossier(commune: str) -> dict:
    accompagnement = AccompagnementFactory(usager__code_commune=commune)
    return {
        "usager": accompagnement.usager,
        "accompagnements": accompagnement,
        "contacts": ContactFactory(accompagnement=accompagnement),
        "demarches": DemarcheFactory(accompagnement=accompagnement),
        "droits": DroitFactory(usager=accompagnement.usager, accompagnement=accompagnement),
    }


@pytest.fixture
def monde():
    return {
        "agent_dijon": agent("acces_droits", DIJON),
        "agent_chenove": agent("acces_droits", CHENOVE),
        "asll_dijon": agent("asll", DIJON),
        DIJON: _dossier(DIJON),
        CHENOVE: _dossier(CHENOVE),
    }


@pytest.mark.parametrize("liste", LISTES)
@pytest.mark.parametrize(
    ("qui", "sienne", "autre"), [("agent_dijon", DIJON, CHENOVE), ("agent_chenove", CHENOVE, DIJON)]
)
def test_chaque_agent_ne_voit_que_sa_commune(monde, client_de, liste, qui, sienne, autre):
    client = client_de(monde[qui])

    corps = client.get(f"/api/v1/{liste}/").json()
    assert [r["id"] for r in corps["results"]] == [monde[sienne][liste].pk]
    assert client.get(f"/api/v1/{liste}/{monde[sienne][liste].pk}/").status_code == 200
    assert client.get(f"/api/v1/{liste}/{monde[autre][liste].pk}/").status_code == 404
    assert client.patch(f"/api/v1/{liste}/{monde[autre][liste].pk}/", {}, format="json").status_code == 404
    # One grammar: PATCH changes a record, PUT is not offered.
    assert client.put(f"/api/v1/{liste}/{monde[autre][liste].pk}/", {}, format="json").status_code == 405


@pytest.mark.parametrize("liste", LISTES)
def test_un_agent_asll_de_la_meme_commune_ne_voit_rien_du_1_1(monde, client_de, liste):
    client = client_de(monde["asll_dijon"])

    assert client.get(f"/api/v1/{liste}/").json()["count"] == 0
    assert client.get(f"/api/v1/{liste}/{monde[DIJON][liste].pk}/").status_code == 404
    assert client.get(f"/api/v1/usagers/{monde[DIJON]['usager'].pk}/droits/").status_code == 404
    # …while he does see the person in the shared register of usagers.
    assert client.get(f"/api/v1/usagers/{monde[DIJON]['usager'].pk}/").status_code == 200


def test_droits_d_un_usager_hors_habilitation_404(monde, client_de):
    client = client_de(monde["agent_dijon"])

    assert client.get(f"/api/v1/usagers/{monde[DIJON]['usager'].pk}/droits/").status_code == 200
    assert client.get(f"/api/v1/usagers/{monde[CHENOVE]['usager'].pk}/droits/").status_code == 404
    assert client.get("/api/v1/usagers/99999999/droits/").status_code == 404


@pytest.mark.parametrize(
    ("url", "champ", "corps"),
    [
        ("/api/v1/accompagnements/", "usager", {}),
        (
            "/api/v1/contacts/",
            "accompagnement",
            {"date": "2024-03-01T10:00:00Z", "mode": "telephone", "duree_minutes": 20},
        ),
        ("/api/v1/demarches/", "accompagnement", {"type": "caf", "date": "2024-03-01", "statut": "faite"}),
        ("/api/v1/droits/", "usager", {"type": "rsa"}),
        ("/api/v1/droits/", "accompagnement", {"type": "rsa"}),
    ],
)
def test_creer_hors_habilitation_repond_introuvable_sans_rien_enregistrer(
    monde, client_de, url, champ, corps
):
    client = client_de(monde["agent_dijon"])
    chez_chenove = {
        "usager": monde[CHENOVE]["usager"].pk,
        "accompagnement": monde[CHENOVE]["accompagnements"].pk,
    }
    payload = {**corps, champ: chez_chenove[champ]}
    if url.endswith("droits/") and champ == "accompagnement":
        payload["usager"] = monde[DIJON]["usager"].pk
    comptes_avant = [m.objects.count() for m in (Accompagnement, Contact, Demarche, Droit)]

    reponse = client.post(url, payload, format="json")
    inexistant = client.post(url, {**payload, champ: 987654321}, format="json")

    assert reponse.status_code == 400
    assert "introuvable" in reponse.json()[champ][0]
    # The same answer as for an id that does not exist (apart from the id itself).
    assert reponse.json()[champ][0].replace(str(payload[champ]), "N") == inexistant.json()[champ][0].replace(
        "987654321", "N"
    )
    assert [m.objects.count() for m in (Accompagnement, Contact, Demarche, Droit)] == comptes_avant


def test_filtres_combines_a_l_habilitation(monde, client_de):
    encadrant = agent(Role.ENCADRANT, DIJON, CHENOVE)
    client = client_de(encadrant)

    assert client.get("/api/v1/droits/").json()["count"] == 2
    assert [d["id"] for d in client.get("/api/v1/droits/", {"commune": CHENOVE}).json()["results"]] == [
        monde[CHENOVE]["droits"].pk
    ]
    assert client.get("/api/v1/contacts/", {"usager": monde[DIJON]["usager"].pk}).json()["count"] == 1
    assert client.get("/api/v1/accompagnements/", {"commune": DIJON, "statut": "ouvert"}).json()["count"] == 1
    assert client.get("/api/v1/demarches/", {"statut": "bloquee"}).json()["count"] == 0
    # Filtering on another commune's usager never widens the scope.
    assert (
        client_de(monde["agent_dijon"])
        .get("/api/v1/droits/", {"usager": monde[CHENOVE]["usager"].pk})
        .json()["count"]
        == 0
    )


def test_piege_les_permissions_de_modele_n_ouvrent_aucun_dossier(monde, client_de):
    """Every model permission of the app plus the global dispositif permission: still nothing."""
    groupe = Group.objects.create(name="tout-global")
    groupe.permissions.add(
        *Permission.objects.filter(content_type__app_label="accompagnements"),
        Permission.objects.get(content_type__app_label="communes", codename=codename(ACCES_DROITS)),
    )
    user = UserFactory(is_staff=True)
    user.groups.add(groupe)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="accompagnements"))
    client = client_de(user)

    for liste in LISTES:
        assert client.get(f"/api/v1/{liste}/").json()["count"] == 0
        assert client.get(f"/api/v1/{liste}/{monde[DIJON][liste].pk}/").status_code == 404
    assert client.get(f"/api/v1/usagers/{monde[DIJON]['usager'].pk}/droits/").status_code == 404
    # Anonymised counts are for supervisors (role group), whatever the model permissions.
    indicateurs = client.get(
        "/api/v1/indicateurs/valeurs/",
        {"indicateur": "1.1.personnes_recues", "du": "2000-01-01", "au": "2100-01-01"},
    )
    assert indicateurs.status_code == 403
    assert client.post("/api/v1/accompagnements/", {"usager": monde[DIJON]["usager"].pk}).status_code == 400


def test_un_agent_qui_perd_son_habilitation_ne_voit_plus_rien(monde, client_de):
    from communes.habilitations import habilitations_remplacer

    client = client_de(monde["agent_dijon"])
    habilitations_remplacer(user=monde["agent_dijon"], dispositifs=[], communes=[])

    assert client.get("/api/v1/droits/").json()["count"] == 0


def test_l_usager_qui_demenage_suit_sa_commune_actuelle(monde, client_de):
    usager = monde[DIJON]["usager"]
    usager.commune_id = CHENOVE
    usager.save()

    assert client_de(monde["agent_dijon"]).get("/api/v1/contacts/").json()["count"] == 0
    assert client_de(monde["agent_chenove"]).get("/api/v1/contacts/").json()["count"] == 2


def test_sans_authentification_401(anonyme, monde):
    for liste in [*LISTES, "types-droits"]:
        assert anonyme.get(f"/api/v1/{liste}/").status_code == 401
    assert anonyme.get(f"/api/v1/usagers/{monde[DIJON]['usager'].pk}/droits/").status_code == 401
    assert (
        anonyme.get(
            "/api/v1/indicateurs/valeurs/",
            {"indicateur": "1.1.personnes_recues", "du": "2024-01-01", "au": "2024-01-31"},
        ).status_code
        == 401
    )


def test_usager_d_une_autre_commune_invisible_meme_si_habilite_asll(monde, client_de):
    usager = UsagerFactory(code_commune=DIJON)

    reponse = client_de(monde["asll_dijon"]).post("/api/v1/accompagnements/", {"usager": usager.pk})

    assert reponse.status_code == 400
    assert "introuvable" in reponse.json()["usager"][0]
