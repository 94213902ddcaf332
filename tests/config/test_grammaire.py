"""One grammar for every dispositif (docs/ARCHITECTURE.md): the same filters, the same closing verb,
the same « introuvable », the same input descriptions — checked on every list at once, so that a
new dispositif that strays from it fails here."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import get_resolver

from communes.models import Commune
from comptes.roles import Role
from config.api.fields import INTROUVABLE
from config.api.viewsets import DossierViewSet
from config.errors import RegleMetierError
from logement.models import MesureASLL
from logement.services import mesure_renouveler
from logement.validators import MESSAGE_DUREE
from tests.accompagnements.factories import AccompagnementFactory, ContactFactory
from tests.comptes.factories import agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.services import usager_modifier

pytestmark = pytest.mark.django_db


def _listes_des_dossiers() -> dict[str, type]:
    """Every list route of a `DossierViewSet`, read from the URL configuration: a new dispositif's
    lists are checked here without this file naming them."""
    listes = {}
    for motif in get_resolver().url_patterns:
        for sous in getattr(motif, "url_patterns", []):
            for route in getattr(sous, "url_patterns", [sous]):
                vue = getattr(getattr(route, "callback", None), "cls", None)
                actions = getattr(getattr(route, "callback", None), "actions", {}) or {}
                if vue and issubclass(vue, DossierViewSet) and actions.get("get") == "list":
                    listes[str(route.pattern).removeprefix("^").removesuffix("/$")] = vue
    return listes


LISTES = _listes_des_dossiers()
# The lists of the pacte whose records carry no commune of their own event (a follow-up, a démarche,
# a checkpoint, a household and its estimations are placed by their person's current commune).
SANS_COMMUNE_D_EVENEMENT = {
    "accompagnements",
    "demarches",
    "asll/points-etape",
    "foyers",
    "estimations",
    "droits-detectes",
}


def test_les_listes_du_pacte_sont_toutes_lues_dans_les_routes():
    assert {
        "accompagnements",
        "contacts",
        "demarches",
        "droits",
        "asll/mesures",
        "asll/points-etape",
        "acor/situations",
        "emas/signalements",
        "emas/suivis",
        "emas/interventions",  # the referral's commune
        "foyers",
        "estimations",
        "droits-detectes",
    } <= set(LISTES)


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize("liste", LISTES)
def test_chaque_liste_a_les_memes_filtres(schema, liste):
    parametres = {p["name"] for p in schema["paths"][f"/api/v1/{liste}/"]["get"]["parameters"]}

    assert {"du", "au", "usager", "commune", "referent", "page", "page_size"} <= parametres
    assert ("commune_evenement" in parametres) == (liste not in SANS_COMMUNE_D_EVENEMENT)
    assert not {p for p in parametres if p.endswith(("_min", "_max"))}
    assert "agent" not in parametres


def test_un_seul_verbe_de_cloture(schema):
    chemins = set(schema["paths"])

    for ressource in ("accompagnements", "asll/mesures", "acor/situations", "emas/suivis"):
        assert f"/api/v1/{ressource}/{{id}}/cloturer/" in chemins
    assert not [c for c in chemins if c.endswith(("/terminer/", "/clore/"))]


@pytest.mark.parametrize("liste", LISTES)
def test_referent_malforme_400_jamais_500(client_de, liste):
    client = client_de(agent(Role.ENCADRANT, DIJON))
    for valeur in ("²", "１２", "-3", "1e3", "9" * 30, "moi-meme"):
        reponse = client.get(f"/api/v1/{liste}/", {"referent": valeur})
        assert reponse.status_code == 400, (valeur, reponse.content)
        assert "referent" in reponse.json()


def test_commune_est_la_commune_actuelle_commune_evenement_celle_de_l_evenement(client_de):
    """A person followed in Dijon moves to Chenôve: her records follow her (`commune`), while the
    events keep the commune where they were counted (`commune_evenement`)."""
    encadrante = agent(Role.ENCADRANT, DIJON, CHENOVE)
    usager = UsagerFactory(code_commune=DIJON)
    contact = ContactFactory(accompagnement=AccompagnementFactory(usager=usager, referent=encadrante))
    mesure = MesureASLLFactory(usager=usager)
    usager_modifier(usager=usager, par=encadrante, commune=Commune.objects.get(pk=CHENOVE))
    client = client_de(encadrante)

    for liste, cible in (("contacts", contact), ("asll/mesures", mesure)):

        def ids(liste=liste, **filtre):
            return [r["id"] for r in client.get(f"/api/v1/{liste}/", filtre).json()["results"]]

        assert ids(commune=CHENOVE) == [cible.pk]
        assert ids(commune=DIJON) == []
        assert ids(commune_evenement=DIJON) == [cible.pk]
        assert ids(commune_evenement=CHENOVE) == []


@pytest.mark.parametrize("liste", LISTES)
def test_introuvable_un_seul_message(client_de, liste):
    client = client_de(agent(Role.ENCADRANT, DIJON))

    reponse = client.get(f"/api/v1/{liste}/987654321/")

    assert reponse.status_code == 404
    assert reponse.json() == {"detail": INTROUVABLE, "code": "introuvable"}


def test_options_decrit_ce_que_l_on_ecrit(client_de):
    client = client_de(agent("asll", DIJON))

    champs = client.options("/api/v1/asll/mesures/").json()["actions"]["POST"]

    assert {"usager", "type", "date_debut", "duree_mois", "objectifs"} <= set(champs)
    assert not {"prochain_point_etape", "en_retard", "statut", "cree_le"} & set(champs)


# --- each rule is defined once and answers the same on every path -----------------------------


@override_settings(LANGUAGE_CODE="fr")
def test_duree_d_une_mesure_une_regle_sur_chaque_chemin(client_de):
    travailleur = agent("asll", DIJON)
    usager = UsagerFactory(code_commune=DIJON)
    corps = {"usager": usager.pk, "type": "acces", "date_debut": "2024-01-01", "objectifs": ["budget"]}

    api = client_de(travailleur).post("/api/v1/asll/mesures/", {**corps, "duree_mois": 25}, format="json")
    assert api.status_code == 400 and api.json()["duree_mois"] == [MESSAGE_DUREE]

    modele = MesureASLL(duree_mois=25)
    with pytest.raises(ValidationError) as erreur:
        modele.clean_fields(exclude=[f.name for f in MesureASLL._meta.fields if f.name != "duree_mois"])
    assert erreur.value.message_dict["duree_mois"] == [MESSAGE_DUREE]

    mesure = MesureASLLFactory(usager=usager, referent=travailleur, duree_mois=6)
    with pytest.raises(RegleMetierError) as refus:
        mesure_renouveler(mesure=mesure, duree_mois=0, par=travailleur)
    assert (refus.value.champ, refus.value.message) == ("duree_mois", MESSAGE_DUREE)


def test_date_plausible_une_regle_sur_chaque_chemin(client_de):
    travailleur = agent("asll", DIJON)
    agente = agent("acces_droits", DIJON)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON), referent=travailleur)
    suivi = AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON), referent=agente)

    contact = client_de(agente).post(
        "/api/v1/contacts/",
        {
            "accompagnement": suivi.pk,
            "date": "1999-12-31T10:00:00+01:00",
            "mode": "telephone",
            "duree_minutes": 5,
        },
        format="json",
    )
    cloture = client_de(travailleur).post(
        f"/api/v1/asll/mesures/{mesure.pk}/cloturer/",
        {"date_fin": "1999-12-31", "issue": "autre"},
        format="json",
    )

    assert "01/01/2000" in contact.json()["date"][0]
    assert "01/01/2000" in cloture.json()["date_fin"][0]
