"""The team records a case from referral to outcome through the API; lists cost a constant number
of queries; OPTIONS and the OpenAPI schema describe what each POST takes."""

import datetime

import pytest

from comptes.models import Profession
from emas.models import Intervention, Signalement, SuiviEMAS
from tests.emas.factories import intervention, jours, membre, signalement, suivi
from tests.outils import requetes_de_liste
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/emas"


def test_parcours_complet_signalement_acceptation_interventions_cloture(client_de):
    infirmier = membre(DIJON, profession=Profession.INFIRMIER)
    psychologue = membre(DIJON, profession=Profession.PSYCHOLOGUE)
    client = client_de(infirmier)
    usager = client.post(
        "/api/v1/usagers/",
        {"nom": "MARTIN", "prenom": "Paul", "date_naissance": "1961-03-02", "commune": DIJON},
        format="json",
    ).json()

    cree = client.post(
        f"{API}/signalements/",
        {
            "usager": usager["id"],
            "date": str(jours(40)),
            "origine": "grand_dijon_habitat",
            "motifs": ["troubles_voisinage", "incurie"],
            "contact": "Mme Durand, gardienne, 03 80 11 22 33",
            "description": "Plaintes du voisinage, odeurs, refus d'ouvrir.",
            "majeur": True,
            "logement_autonome": True,
            "non_suivi_psychiatrie": True,
            "incapacite_demande_soins": True,
        },
        format="json",
    )
    assert cree.status_code == 201, cree.json()
    signalement = cree.json()
    assert {k: signalement[k] for k in ("usager", "date", "origine", "motifs", "decision")} == {
        "usager": usager["id"],
        "date": str(jours(40)),
        "origine": "grand_dijon_habitat",
        "motifs": ["troubles_voisinage", "incurie"],
        "decision": "en_attente",
    }
    assert signalement["suivi"] is None

    accepte = client.post(
        f"{API}/signalements/{signalement['id']}/accepter/", {"date_decision": str(jours(35))}, format="json"
    )
    assert accepte.status_code == 200, accepte.json()
    assert accepte.json()["decision"] == "accepte"
    assert accepte.json()["decision_par"] == infirmier.pk
    suivi_id = accepte.json()["suivi"]

    suivi = client.get(f"{API}/suivis/{suivi_id}/").json()
    assert {k: suivi[k] for k in ("id", "signalement", "usager", "date_debut", "date_fin", "statut")} == {
        "id": suivi_id,
        "signalement": signalement["id"],
        "usager": usager["id"],
        "date_debut": str(jours(35)),
        "date_fin": None,
        "statut": "en_cours",
    }
    assert suivi["referent"] == infirmier.pk

    for jour, type_, intervenants, duree in [
        (jours(30), "visite_domicile", [infirmier.pk, psychologue.pk], 90),
        (jours(20), "accompagnement_soins", [infirmier.pk], 180),
    ]:
        reponse = client.post(
            f"{API}/interventions/",
            {
                "suivi": suivi_id,
                "date": str(jour),
                "type": type_,
                "intervenants": intervenants,
                "duree_minutes": duree,
                "notes": "RAS",
            },
            format="json",
        )
        assert reponse.status_code == 201, reponse.json()
        assert sorted(reponse.json()["intervenants"]) == sorted(intervenants)

    en_route = client.patch(f"{API}/suivis/{suivi_id}/", {"acces_soins_cmp": True}, format="json")
    assert en_route.status_code == 200, en_route.json()
    assert en_route.json()["acces_soins"] is True

    clos = client.post(
        f"{API}/suivis/{suivi_id}/cloturer/",
        {
            "date_fin": str(jours(5)),
            "motif_fin": "relais_soins",
            "acces_soins_medecin_traitant": True,
            "droit_commun": True,
            "maintien_domicile": True,
            "soins_sans_consentement": "aucun",
            "rupture_parcours": False,
        },
        format="json",
    )
    assert clos.status_code == 200, clos.json()
    fin = clos.json()
    assert (fin["statut"], fin["date_fin"], fin["motif_fin"]) == ("clos", str(jours(5)), "relais_soins")
    assert fin["acces_soins_cmp"] and fin["acces_soins_medecin_traitant"] and fin["maintien_domicile"]

    liste = client.get(f"{API}/interventions/", {"suivi": suivi_id, "intervenant": "me"}).json()
    assert liste["count"] == 2
    assert client.get(f"{API}/interventions/", {"intervenant": psychologue.pk}).json()["count"] == 1
    assert client_de(psychologue).get(f"{API}/interventions/", {"intervenant": "me"}).json()["count"] == 1
    assert (
        client.patch(f"{API}/suivis/{suivi_id}/", {"droit_commun": False}, format="json").status_code == 400
    )


def test_refuser_et_reorienter(client_de):
    equipe = membre()
    client = client_de(equipe)
    a, b = signalement(equipe), signalement(equipe)

    refus = client.post(
        f"{API}/signalements/{a.pk}/refuser/", {"motif_refus": "Suivi par le CMP"}, format="json"
    )
    vers = client.post(f"{API}/signalements/{b.pk}/reorienter/", {"reoriente_vers": "ACOR"}, format="json")

    assert (refus.status_code, refus.json()["decision"], refus.json()["motif_refus"]) == (
        200,
        "refuse",
        "Suivi par le CMP",
    )
    assert (vers.status_code, vers.json()["decision"], vers.json()["reoriente_vers"]) == (
        200,
        "reoriente",
        "ACOR",
    )
    assert SuiviEMAS.objects.count() == 0
    assert client.get(f"{API}/signalements/", {"decision": "refuse"}).json()["count"] == 1


def test_filtres_des_listes(client_de):
    equipe = membre(DIJON, CHENOVE)
    client = client_de(equipe)
    a_dijon = suivi(equipe, date=jours(50))
    usager_chenove = UsagerFactory(code_commune=CHENOVE, date_naissance=datetime.date(1980, 1, 1))
    b_chenove = suivi(equipe, usager_chenove, date=jours(10), origine="orvitis")
    intervention(equipe, a_dijon, date=jours(45))
    # the person moves from Chenôve to Dijon: `commune` follows her, `commune_evenement` stays
    usager_chenove.commune_id = DIJON
    usager_chenove.save()

    def ids(ressource, **params):
        return sorted(r["id"] for r in client.get(f"{API}/{ressource}/", params).json()["results"])

    assert ids("signalements", du=str(jours(20))) == [b_chenove.signalement_id]
    assert ids("signalements", au=str(jours(20))) == [a_dijon.signalement_id]
    assert ids("signalements", origine="orvitis") == [b_chenove.signalement_id]
    assert ids("signalements", commune=DIJON) == sorted([a_dijon.signalement_id, b_chenove.signalement_id])
    assert ids("signalements", commune_evenement=CHENOVE) == [b_chenove.signalement_id]
    assert ids("suivis", usager=usager_chenove.pk) == [b_chenove.pk]
    assert ids("suivis", referent="me") == sorted([a_dijon.pk, b_chenove.pk])
    assert ids("suivis", statut="clos") == []
    assert ids("interventions", usager=a_dijon.usager_id) == [a_dijon.interventions.get().pk]
    assert ids("interventions", type="appel") == []
    assert client.get(f"{API}/suivis/", {"referent": "personne"}).status_code == 400
    assert client.get(f"{API}/signalements/", {"du": "hier"}).status_code == 400


# --- query counts -------------------------------------------------------------------------------

# A list's statements (tests.outils.requetes_de_liste); the interventions: + the team members (one
# prefetch), and outside PostgreSQL one query for the persons of the page (read through their follow-ups)
REQUETES = {
    "signalements": lambda: requetes_de_liste(),
    "suivis": lambda: requetes_de_liste(),
    "interventions": lambda: requetes_de_liste(personnes_relues=True) + 1,
}


@pytest.mark.parametrize("nombre", [1, 20])
@pytest.mark.parametrize("ressource", ["signalements", "suivis", "interventions"])
def test_listes_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, ressource, nombre):
    equipe = membre()
    collegue = membre(profession=Profession.PSYCHOLOGUE)
    for _ in range(nombre):
        s = suivi(equipe)
        intervention(equipe, s, intervenants=[equipe, collegue])
    client = client_de(equipe)

    with django_assert_num_queries(REQUETES[ressource]()):
        reponse = client.get(f"{API}/{ressource}/")

    assert len(reponse.json()["results"]) == nombre


# --- OPTIONS and schema ----------------------------------------------------------------------------


def test_options_decrit_les_champs_saisis_de_chaque_post(client_de):
    equipe = membre()
    s = signalement(equipe)
    client = client_de(equipe)

    def champs(url):
        return set(client.options(url).json()["actions"]["POST"])

    assert champs(f"{API}/signalements/") == {
        "usager",
        "date",
        "origine",
        "origine_partenaire",  # the partner of the directory, when the origin names one
        "motifs",
        "contact",
        "description",
        "majeur",
        "logement_autonome",
        "non_suivi_psychiatrie",
        "incapacite_demande_soins",
    }
    assert champs(f"{API}/signalements/{s.pk}/accepter/") == {"date_decision", "referent"}
    assert champs(f"{API}/signalements/{s.pk}/refuser/") == {"motif_refus", "date_decision"}
    assert champs(f"{API}/signalements/{s.pk}/reorienter/") == {
        "reoriente_vers",
        "reoriente_vers_partenaire",
        "date_decision",
    }
    assert champs(f"{API}/interventions/") == {
        "suivi",
        "date",
        "type",
        "intervenants",
        "duree_minutes",
        "notes",
    }
    suivi_ = suivi(equipe)
    assert {"date_fin", "motif_fin"} <= champs(f"{API}/suivis/{suivi_.pk}/cloturer/")


def test_le_schema_decrit_les_entrees_et_les_sorties(client_de):
    schema = client_de(membre()).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    chemins = schema["paths"]

    def corps(chemin):
        return chemins[chemin]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]

    assert corps("/api/v1/emas/signalements/").endswith("/SignalementCreationRequest")
    assert corps("/api/v1/emas/signalements/{id}/accepter/").endswith("/AcceptationRequest")
    assert corps("/api/v1/emas/interventions/").endswith("/InterventionCreationRequest")
    assert corps("/api/v1/emas/suivis/{id}/cloturer/").endswith("/ClotureSuiviRequest")
    evaluation = chemins["/api/v1/emas/evaluation/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert evaluation["schema"]["$ref"].endswith("/Evaluation")
    assert "post" not in chemins["/api/v1/emas/suivis/"]
    proprietes = schema["components"]["schemas"]["Intervention"]["properties"]
    assert {"id", "suivi", "date", "type", "intervenants", "duree_minutes"} <= set(proprietes)


def test_aucun_signalement_n_est_enregistre_a_moitie(client_de):
    equipe = membre()
    reponse = client_de(equipe).post(f"{API}/signalements/", {"origine": "ars"}, format="json")
    assert reponse.status_code == 400
    assert {"usager", "date", "motifs"} <= set(reponse.json())
    assert Signalement.objects.count() == Intervention.objects.count() == 0


def test_corriger_une_intervention(client_de):
    equipe = membre()
    collegue = membre(profession=Profession.PSYCHOLOGUE)
    i = intervention(equipe, suivi(equipe), duree_minutes=30)
    client = client_de(equipe)

    ok = client.patch(
        f"{API}/interventions/{i.pk}/", {"duree_minutes": 45, "intervenants": [collegue.pk]}, format="json"
    )
    assert ok.status_code == 200, ok.json()
    assert (ok.json()["duree_minutes"], ok.json()["intervenants"]) == (45, [collegue.pk])
    assert (
        "duree_minutes"
        in client.patch(f"{API}/interventions/{i.pk}/", {"duree_minutes": 0}, format="json").json()
    )
    assert "suivi" in client.patch(f"{API}/interventions/{i.pk}/", {"suivi": 1}, format="json").json()
    i.refresh_from_db()
    assert i.duree_minutes == 45
