"""Malformed input on each endpoint of action 1.1: 400 naming the field, in French, nothing saved."""

import datetime

import pytest
from django.utils import timezone

from accompagnements.models import Accompagnement, Contact, Demarche, Droit, TransitionDroit
from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import agent
from tests.outils import champs_en_erreur
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

DEMAIN = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
HIER = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
ENORME = "x" * 5000


@pytest.fixture
def agente():
    return agent("acces_droits", DIJON)


@pytest.fixture
def client(client_de, agente):
    return client_de(agente)


@pytest.fixture
def accompagnement(agente):
    return AccompagnementFactory(usager__code_commune=DIJON, referent=agente)


def _refuse(client, url, corps, champ, modele, extrait=None):
    avant = modele.objects.count()
    reponse = client.post(url, corps, format="json")
    assert reponse.status_code == 400, reponse.content
    erreurs = reponse.json()
    assert champ in erreurs, erreurs
    if extrait:
        assert extrait.lower() in " ".join(map(str, erreurs[champ])).lower(), erreurs
    assert modele.objects.count() == avant


# --- contacts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("modification", "champ", "extrait"),
    [
        ({"date": f"{DEMAIN}T10:00:00+02:00"}, "date", "postérieure à aujourd'hui"),
        ({"date": "2999-01-01T10:00:00Z"}, "date", "postérieure"),
        ({"date": "1999-12-31T10:00:00Z"}, "date", "2000"),
        ({"date": "hier"}, "date", "format"),
        ({"date": "2024-02-30T10:00:00"}, "date", "format"),
        ({"date": None}, "date", "nul"),
        ({"date": ENORME}, "date", "format"),
        ({"date": "0001-01-01T00:00:00"}, "date", "limites"),
        ({"date": "0001-01-01T00:00:00+14:00"}, "date", ""),
        ({"duree_minutes": 0}, "duree_minutes", "au moins une minute"),
        ({"duree_minutes": -5}, "duree_minutes", "au moins une minute"),
        ({"duree_minutes": 481}, "duree_minutes", "8 heures"),
        ({"duree_minutes": 10**30}, "duree_minutes", "8 heures"),
        ({"duree_minutes": "trente"}, "duree_minutes", "entier"),
        ({"duree_minutes": 12.5}, "duree_minutes", "entier"),
        ({"mode": "pigeon"}, "mode", "valide"),
        ({"mode": ["telephone"]}, "mode", "valide"),
        ({"lieu": ENORME}, "lieu", "200"),
        ({"note": ENORME}, "note", "500"),
        ({"accompagnement": "abc"}, "accompagnement", "entier"),
        ({"accompagnement": True}, "accompagnement", "entier"),
        ({"accompagnement": 10**30}, "accompagnement", "introuvable"),
        ({"accompagnement": 999999}, "accompagnement", "introuvable"),
        ({"accompagnement": None}, "accompagnement", "nul"),
    ],
)
def test_contact_refuse(client, accompagnement, modification, champ, extrait):
    corps = {
        "accompagnement": accompagnement.pk,
        "date": f"{HIER}T10:00:00+02:00",
        "mode": "telephone",
        "duree_minutes": 30,
    }
    _refuse(client, "/api/v1/contacts/", {**corps, **modification}, champ, Contact, extrait)


@pytest.mark.parametrize("duree", [1, 480])
def test_contact_durees_limites_acceptees(client, accompagnement, duree):
    corps = {
        "accompagnement": accompagnement.pk,
        "date": timezone.now().isoformat(),
        "mode": "domicile",
        "duree_minutes": duree,
    }

    assert client.post("/api/v1/contacts/", corps, format="json").status_code == 201


def test_contact_plus_tard_aujourd_hui_accepte(client, accompagnement):
    """ "In the future beyond today" is refused; later today (an appointment being logged) is not."""
    ce_soir = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    corps = {
        "accompagnement": accompagnement.pk,
        "date": ce_soir.isoformat(),
        "mode": "rendez_vous",
        "duree_minutes": 30,
    }

    assert client.post("/api/v1/contacts/", corps, format="json").status_code == 201


def test_contact_sur_accompagnement_clos_refuse(client, agente):
    clos = AccompagnementFactory(
        usager__code_commune=DIJON,
        referent=agente,
        statut="clos",
        date_fin=datetime.date(2024, 2, 1),
        motif_cloture="autre",
    )
    corps = {
        "accompagnement": clos.pk,
        "date": f"{HIER}T10:00:00+02:00",
        "mode": "telephone",
        "duree_minutes": 30,
    }
    _refuse(client, "/api/v1/contacts/", corps, "accompagnement", Contact, "clos")


def test_contact_la_commune_n_est_pas_modifiable(client, accompagnement):
    corps = {
        "accompagnement": accompagnement.pk,
        "date": f"{HIER}T10:00:00+02:00",
        "mode": "telephone",
        "duree_minutes": 30,
        "commune": "21166",
    }

    reponse = client.post("/api/v1/contacts/", corps, format="json")

    assert reponse.status_code == 201
    assert reponse.json()["commune"] == DIJON


def test_contact_modification_invalide_ne_change_rien(client, accompagnement):
    corps = {
        "accompagnement": accompagnement.pk,
        "date": f"{HIER}T10:00:00+02:00",
        "mode": "telephone",
        "duree_minutes": 30,
    }
    contact = client.post("/api/v1/contacts/", corps, format="json").json()

    reponse = client.patch(
        f"/api/v1/contacts/{contact['id']}/", {"duree_minutes": 0, "mode": "pigeon"}, format="json"
    )

    assert reponse.status_code == 400
    assert champs_en_erreur(reponse.json()) == {"duree_minutes", "mode"}
    assert Contact.objects.get().duree_minutes == 30


# --- démarches ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("modification", "champ", "extrait"),
    [
        ({"type": "sorcellerie"}, "type", "valide"),
        ({"type": None}, "type", "nul"),
        ({"statut": "peut_etre"}, "statut", "valide"),
        ({"en_ligne": "peut-être"}, "en_ligne", "booléen"),
        ({"date": "32/01/2024"}, "date", "format"),
        ({"date": DEMAIN, "statut": "faite"}, "date", "à faire"),
        ({"organisme": ENORME}, "organisme", "200"),
        ({"accompagnement": {"id": 1}}, "accompagnement", "entier"),
    ],
)
def test_demarche_refusee(client, accompagnement, modification, champ, extrait):
    corps = {
        "accompagnement": accompagnement.pk,
        "type": "caf",
        "date": HIER,
        "en_ligne": True,
        "statut": "faite",
    }
    _refuse(client, "/api/v1/demarches/", {**corps, **modification}, champ, Demarche, extrait)


def test_demarche_a_faire_peut_etre_planifiee(client, accompagnement):
    corps = {
        "accompagnement": accompagnement.pk,
        "type": "ants",
        "date": DEMAIN,
        "en_ligne": False,
        "statut": "a_faire",
    }

    assert client.post("/api/v1/demarches/", corps, format="json").status_code == 201


# --- accompagnements ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("modification", "champ", "extrait"),
    [
        ({"usager": None}, "usager", "nul"),
        ({"usager": "x"}, "usager", "entier"),
        ({"usager": 123456789}, "usager", "introuvable"),
        ({"date_debut": DEMAIN}, "date_debut", "postérieure"),
        ({"date_debut": "2024-13-01"}, "date_debut", "format"),
        ({"statut": "clos"}, "statut", "cloturer"),
        ({"statut": "en_veille"}, "statut", "cloturer"),
        ({"date_fin": HIER}, "date_fin", "cloturer"),
        # A nonexistent id gets the answer an existing account not allowed gets (nothing to infer).
        (
            {"referent": 987654},
            "referent",
            "compte actif habilité",
        ),  # the same answer as an existing account's
    ],
)
def test_accompagnement_refuse(client, modification, champ, extrait):
    usager = UsagerFactory(code_commune=DIJON)
    _refuse(
        client,
        "/api/v1/accompagnements/",
        {"usager": usager.pk, **modification},
        champ,
        Accompagnement,
        extrait,
    )


def test_accompagnement_agent_sans_habilitation_refuse(client):
    usager = UsagerFactory(code_commune=DIJON)
    collegue_asll = agent("asll", DIJON)
    corps = {"usager": usager.pk, "referent": collegue_asll.pk}
    _refuse(client, "/api/v1/accompagnements/", corps, "referent", Accompagnement, "habilité")


@pytest.mark.parametrize(
    ("action", "modification", "champ"),
    [
        ("cloturer/", {}, "date_fin"),
        ("cloturer/", {"date_fin": "2024-01-01", "motif_cloture": "autonomie"}, "date_fin"),  # before start
        ("cloturer/", {"date_fin": HIER}, "motif_cloture"),
        ("cloturer/", {"date_fin": HIER, "motif_cloture": "lassitude"}, "motif_cloture"),
        ("rouvrir/", {}, "statut"),  # already open
        ("", {"statut": "clos", "date_fin": HIER}, "statut"),  # a status moves by its transition only
        ("", {"usager": "autre"}, "usager"),
    ],
)
def test_cloture_invalide(client, accompagnement, action, modification, champ):
    if modification.get("usager") == "autre":
        modification = {"usager": UsagerFactory(code_commune=DIJON).pk}
    url = f"/api/v1/accompagnements/{accompagnement.pk}/{action}"
    envoyer = client.post if action else client.patch
    reponse = envoyer(url, modification, format="json")

    assert reponse.status_code == 400, reponse.content
    assert champ in reponse.json()
    accompagnement.refresh_from_db()
    assert (accompagnement.statut, accompagnement.date_fin) == ("ouvert", None)


# --- droits ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("modification", "champ", "extrait"),
    [
        ({"type": "droit_au_bonheur"}, "type", "inconnu"),
        ({"type": "RSA"}, "type", "inconnu"),
        ({"type": ENORME}, "type", "invalide"),
        ({"type": 12}, "type", "invalide"),
        ({"type": None}, "type", "nul"),
        ({"statut": "accorde"}, "statut", "valide"),
        ({"statut": "demande"}, "date_demande", "indiquez la date de la demande"),
        ({"statut": "ouvert", "date_demande": "2024-05-02"}, "date_ouverture", "indiquez"),
        ({"date_identification": DEMAIN}, "date_identification", "postérieure"),
        ({"date_identification": "2024-02-30"}, "date_identification", "format"),
        ({"date_ouverture": "2024-05-02"}, "date_ouverture", "identifié"),
        ({"statut": "demande", "date_demande": "2024-04-01"}, "date_demande", "précéder"),
        ({"montant_mensuel": "-1"}, "montant_mensuel", "négatif"),
        ({"montant_mensuel": "beaucoup"}, "montant_mensuel", "nombre"),
        ({"montant_mensuel": "1e40"}, "montant_mensuel", "chiffres"),
        ({"usager": 10**25}, "usager", "introuvable"),
        ({"accompagnement": 424242}, "accompagnement", "introuvable"),
    ],
)
def test_droit_refuse(client, modification, champ, extrait):
    usager = UsagerFactory(code_commune=DIJON)
    corps = {"usager": usager.pk, "type": "rsa", "date_identification": "2024-05-01", **modification}
    _refuse(client, "/api/v1/droits/", corps, champ, Droit, extrait)
    assert not TransitionDroit.objects.exists()


@pytest.mark.parametrize(
    ("url", "parametres"),
    [
        ("/api/v1/accompagnements/", {"usager": "abc"}),
        ("/api/v1/accompagnements/", {"referent": "10000000000000000000000"}),
        ("/api/v1/accompagnements/", {"statut": "flou"}),
        ("/api/v1/accompagnements/", {"du": "2024-02-30"}),
        ("/api/v1/contacts/", {"du": "hier"}),
        ("/api/v1/contacts/", {"mode": "pigeon"}),
        ("/api/v1/contacts/", {"usager": "-1"}),
        ("/api/v1/demarches/", {"statut": "x"}),
        ("/api/v1/demarches/", {"au": "2024-12-32"}),
        ("/api/v1/droits/", {"statut": "accorde"}),
        ("/api/v1/droits/", {"ouvert_du": "2024-1-1x"}),
        ("/api/v1/droits/", {"commune": "x" * 300}),
    ],
)
def test_filtre_invalide_400(client, url, parametres):
    reponse = client.get(url, parametres)

    assert reponse.status_code == 400
    assert set(parametres) <= set(reponse.json())


def test_filtres_extremes_sans_erreur(client):
    DroitFactory(usager__code_commune=DIJON)
    for url in ["/api/v1/contacts/", "/api/v1/droits/", "/api/v1/demarches/", "/api/v1/accompagnements/"]:
        reponse = client.get(url, {"du": "0001-01-01", "au": "9999-12-31"})
        assert reponse.status_code == 200, (url, reponse.content)


@pytest.mark.parametrize("corps", [b"{", b"[]", b"null", b'{"usager": "\\ud800"}'])
def test_corps_illisible_400(client, corps):
    for url in ["/api/v1/accompagnements/", "/api/v1/contacts/", "/api/v1/demarches/", "/api/v1/droits/"]:
        assert client.generic("POST", url, corps, content_type="application/json").status_code == 400


def test_catalogue_en_lecture_seule(client):
    assert client.post("/api/v1/types-droits/", {"code": "nouveau", "libelle": "Nouveau"}).status_code == 405
    assert client.get("/api/v1/types-droits/rsa/").json() == {
        "code": "rsa",
        "libelle": "Revenu de solidarité active (RSA)",
    }
    assert client.get("/api/v1/types-droits/inconnu/").status_code == 404


def test_pas_de_suppression_par_l_api(client, accompagnement):
    assert client.delete(f"/api/v1/accompagnements/{accompagnement.pk}/").status_code == 405
    assert Accompagnement.objects.filter(pk=accompagnement.pk).exists()
