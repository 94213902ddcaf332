"""Issue 23, fiche 1.4: the partners' directory, loaded with the partners the seeds (fiches 1.1 to
2.3) and the demo name; read by every agent (filters, accent-blind search), its use counted; a
partner is deactivated, never deleted."""

import pytest

from communes.models import Commune
from comptes.roles import Role
from partenaires.models import ConsultationAnnuaire, Partenaire
from tests.comptes.factories import administrateur_habilite, agent
from tests.emas.factories import membre
from tests.outils import requetes_de_page, requetes_du_jeton
from tests.usagers.factories import CHENOVE, DIJON

pytestmark = pytest.mark.django_db

URL = "/api/v1/partenaires/"

# Named by fiche 2.3 (the EMAS convention), fiche 1.1 (the démarches), the demo (emas/demo.py).
NOMMES_PAR_LES_FICHES = [
    "CDC Habitat",
    "Grand Dijon Habitat",
    "Habellis",
    "ICF Sud-Est-Méditerranée",
    "Orvitis",
    "Agence régionale de santé Bourgogne-Franche-Comté (ARS)",
    "Direction départementale de la cohésion sociale de la Côte-d'Or (DDCS)",
    "Ville de Chenôve",
    "Ville de Dijon",
    "Ville de Longvic",
    "Ville de Quetigny",
    "Ville de Talant",
    "Dijon Métropole — service social métropolitain",
    "Caisse d'allocations familiales de la Côte-d'Or (CAF)",
    "Caisse primaire d'assurance maladie de la Côte-d'Or (CPAM)",
    "France Travail",
    "Opérateur ASLL de la métropole (appel à projets 2020)",
    "ACOR Grand Dijon",
]


def test_l_annuaire_est_charge_avec_les_partenaires_des_fiches_et_un_ccas_par_commune():
    noms = set(Partenaire.objects.values_list("nom", flat=True))
    assert set(NOMMES_PAR_LES_FICHES) <= noms
    for commune in Commune.objects.all():
        ccas = Partenaire.objects.get(nom=f"CCAS de {commune.nom}")
        assert list(ccas.communes.values_list("pk", flat=True)) == [commune.pk]


@pytest.mark.parametrize("role", ["acces_droits", "asll", "acor", "emas", Role.ENCADRANT])
def test_chaque_agent_lit_l_annuaire(client_de, role):
    lecteur = membre(DIJON) if role == "emas" else agent(role, DIJON)

    reponse = client_de(lecteur).get(URL, {"page_size": 200})

    assert reponse.status_code == 200
    premier = reponse.json()["results"][0]
    assert {"id", "nom", "type", "domaines", "communes"} <= set(premier)


def test_recherche_sans_accents_ni_casse(client_de):
    client = client_de(agent("acces_droits", DIJON))

    noms = [p["nom"] for p in client.get(URL, {"search": "chenove"}).json()["results"]]
    assert noms == ["CCAS de Chenôve", "Ville de Chenôve"]
    assert [p["nom"] for p in client.get(URL, {"search": "ICF SUD est"}).json()["results"]] == [
        "ICF Sud-Est-Méditerranée"
    ]


def test_filtres_commune_domaine_type(client_de):
    client = client_de(agent("acces_droits", DIJON))

    a_chenove = {p["nom"] for p in client.get(URL, {"commune": CHENOVE, "page_size": 200}).json()["results"]}
    assert "CCAS de Chenôve" in a_chenove and "Orvitis" in a_chenove  # its own and the whole métropole's
    assert "CCAS de Dijon" not in a_chenove
    logement = client.get(URL, {"domaine": "logement", "type": "bailleur"}).json()
    assert logement["count"] == 5
    assert all(p["type"] == "bailleur" and "logement" in p["domaines"] for p in logement["results"])
    assert client.get(URL, {"domaine": "inconnu"}).status_code == 400
    assert (
        client.get(URL, {"commune": "99999"}).json()["count"]
        == client.get(URL, {"commune": "99999", "search": "orvitis"}).json()["count"] + 20
    )  # only the whole métropole's partners serve an unknown commune


def test_une_consultation_par_agent_mois_et_commune(client_de):
    lecteur = agent("acces_droits", DIJON, CHENOVE)
    client = client_de(lecteur)

    for _ in range(3):
        client.get(URL)

    assert set(ConsultationAnnuaire.objects.values_list("agent_id", "commune_id")) == {
        (lecteur.pk, DIJON),
        (lecteur.pk, CHENOVE),
    }


def test_un_administrateur_sans_habilitation_n_est_pas_compte(client_de):
    admin = agent(Role.ENCADRANT, is_superuser=True, is_staff=True)

    assert client_de(admin).get(URL).status_code == 200
    assert not ConsultationAnnuaire.objects.exists()


@pytest.mark.parametrize("nombre", [1, 30])
def test_liste_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, nombre):
    client = client_de(agent("asll", DIJON))
    for i in range(nombre):
        Partenaire.objects.create(nom=f"Association n°{i}", type="association", domaines=["alimentation"])

    # token (with the grants on PostgreSQL), the consultation's INSERT, count and page, the communes
    # served (one prefetch)
    with django_assert_num_queries(requetes_du_jeton() + 1 + requetes_de_page() + 1):
        reponse = client.get(URL, {"type": "association", "page_size": 50})

    assert reponse.json()["count"] == nombre


def test_l_annuaire_s_ecrit_seulement_dans_l_admin_par_un_administrateur(client_de, client):
    lecteur = client_de(agent("acces_droits", DIJON))
    assert lecteur.post(URL, {"nom": "X", "type": "autre"}, format="json").status_code == 405
    orvitis = Partenaire.objects.get(nom="Orvitis")
    assert lecteur.delete(f"{URL}{orvitis.pk}/").status_code == 405

    client.force_login(administrateur_habilite(DIJON))
    assert client.get(f"/admin/partenaires/partenaire/{orvitis.pk}/delete/").status_code == 403
    page = client.post(
        "/admin/partenaires/partenaire/",
        {"action": "desactiver", "_selected_action": [orvitis.pk]},
    )
    assert page.status_code == 302
    orvitis.refresh_from_db()
    assert not orvitis.actif and Partenaire.objects.filter(pk=orvitis.pk).exists()
