"""Issue 23: a 1.1 agent orients a person to ACOR, to ASLL and to EMAS, or to a partner of the
directory. Each target receives it in its own workflow, its team is reminded once, and the orienting
agent learns the outcome as far as they may know it (EMAS: « reçue », nothing more)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emas.models import Signalement
from emas.services import signalement_accepter, signalement_modifier
from logement.models import DemandeASLL, SituationACOR, StatutDemande, StatutSituation
from logement.services import demande_asll_refuser, situation_acor_prendre_en_charge
from notifications.models import Notification
from notifications.services import rappels_creer
from orientations.models import Orientation
from partenaires.models import Partenaire
from tests.comptes.factories import agent
from tests.emas.factories import OUI, membre
from tests.logement.factories import CapaciteACORFactory, MesureASLLFactory
from tests.outils import champs_en_erreur, requetes_de_liste
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

AHUY = "21003"  # outside the Contrat Local de Santé: EMAS does not work there


def _corps(**autres) -> dict:
    return {
        "motif": "logement_menace",
        "note": "Impayés de loyer depuis trois mois.",
        "accord_personne": True,
        "accord_modalite": "oral",
        **autres,
    }


@pytest.fixture
def monde():
    return {
        "agent_1_1": agent("acces_droits", DIJON, AHUY),
        "asll": agent("asll", DIJON),
        "acor": agent("acor", DIJON),
        "equipe": membre(DIJON),
        "personne": UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1)),
    }


def _orienter(client_de, monde, **autres):
    return client_de(monde["agent_1_1"]).post(
        "/api/v1/orientations/", _corps(usager=monde["personne"].pk, **autres), format="json"
    )


def test_vers_acor_la_situation_rejoint_la_liste_d_attente_puis_prise_en_charge(client_de, monde):
    reponse = _orienter(client_de, monde, vers_dispositif="acor")

    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert {"id", "statut", "date"} <= set(corps)
    assert corps["statut"] == "recue"
    situation = SituationACOR.objects.get(usager=monde["personne"])
    assert situation.statut == StatutSituation.EN_ATTENTE and situation.orientee_par == monde["agent_1_1"]
    attente = client_de(monde["acor"]).get("/api/v1/acor/situations/", {"statut": "en_attente"}).json()
    assert [s["id"] for s in attente["results"]] == [situation.pk]

    CapaciteACORFactory()
    situation_acor_prendre_en_charge(
        situation=situation, date_entree=situation.date_orientation, par=monde["acor"]
    )

    lu = client_de(monde["agent_1_1"]).get(f"/api/v1/orientations/{corps['id']}/").json()
    assert lu["statut"] == "prise_en_charge"


def test_vers_asll_une_demande_que_le_service_accepte_ou_ne_retient_pas(client_de, monde):
    reponse = _orienter(client_de, monde, vers_dispositif="asll")
    assert reponse.status_code == 201, reponse.json()
    demande = DemandeASLL.objects.get(usager=monde["personne"])
    asll = client_de(monde["asll"])
    assert asll.get("/api/v1/asll/demandes/", {"statut": "en_attente"}).json()["count"] == 1

    mesure = MesureASLLFactory(usager=monde["personne"], referent=monde["asll"])
    accepte = asll.post(f"/api/v1/asll/demandes/{demande.pk}/accepter/", {"mesure": mesure.pk}, format="json")

    assert accepte.status_code == 200, accepte.json()
    assert accepte.json()["statut"] == StatutDemande.ACCEPTEE
    orientation = client_de(monde["agent_1_1"]).get(f"/api/v1/orientations/{reponse.json()['id']}/").json()
    assert orientation["statut"] == "prise_en_charge"


def test_une_demande_asll_non_retenue_se_lit_non_retenue_sans_son_motif(client_de, monde):
    reponse = _orienter(client_de, monde, vers_dispositif="asll")
    demande_asll_refuser(demande=DemandeASLL.objects.get(), motif_refus="MOTIF-INTERNE", par=monde["asll"])

    lu = client_de(monde["agent_1_1"]).get(f"/api/v1/orientations/{reponse.json()['id']}/")

    assert lu.json()["statut"] == "non_retenue"
    assert "MOTIF-INTERNE" not in lu.content.decode()


def test_vers_emas_un_signalement_en_attente_de_la_decision_de_l_equipe(client_de, monde):
    reponse = _orienter(client_de, monde, vers_dispositif="emas", motif="souffrance_psychique")

    assert reponse.status_code == 201, reponse.json()
    signalement = Signalement.objects.get(usager=monde["personne"])
    assert signalement.decision == "en_attente" and signalement.orientee_par == monde["agent_1_1"]
    equipe = client_de(monde["equipe"])
    assert equipe.get("/api/v1/emas/signalements/", {"decision": "en_attente"}).json()["count"] == 1
    url = f"/api/v1/orientations/{reponse.json()['id']}/"
    avant = client_de(monde["agent_1_1"]).get(url).json()

    signalement = signalement_modifier(signalement=signalement, par=monde["equipe"], **OUI)
    signalement_accepter(signalement=signalement, par=monde["equipe"])

    apres = client_de(monde["agent_1_1"]).get(url).json()
    assert apres == avant and apres["statut"] == "recue"


def test_chaque_equipe_est_rappelee_une_fois(client_de, monde):
    for cible in ("acor", "asll", "emas"):
        assert _orienter(client_de, monde, vers_dispositif=cible).status_code == 201
    jour = datetime.date.today()

    rappels_creer(jour=jour)
    rappels_creer(jour=jour)

    recus = {
        (n.destinataire_id, n.type)
        for n in Notification.objects.filter(
            type__in=["orientation_acor_recue", "demande_asll_recue", "orientation_emas_recue"]
        )
    }
    assert recus == {
        (monde["acor"].pk, "orientation_acor_recue"),
        (monde["asll"].pk, "demande_asll_recue"),
        (monde["equipe"].pk, "orientation_emas_recue"),
    }
    assert Notification.objects.filter(type__endswith="_recue").count() == 3
    # the orienting agent is told nothing by the reminders
    assert not Notification.objects.filter(destinataire=monde["agent_1_1"]).exists()


def test_vers_un_partenaire_actif_de_l_annuaire(client_de, monde):
    caf = Partenaire.objects.get(nom__contains="(CAF)")

    reponse = _orienter(client_de, monde, vers_partenaire=caf.pk, motif="acces_droits")

    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["statut"] == "envoyee" and reponse.json()["vers"] == caf.nom


# --- Bad input ---------------------------------------------------------------------------------


def test_une_personne_que_l_agent_ne_voit_pas_404(client_de, monde):
    ailleurs = UsagerFactory(code_commune="21166")

    reponse = client_de(monde["agent_1_1"]).post(
        "/api/v1/orientations/", _corps(usager=ailleurs.pk, vers_dispositif="acor"), format="json"
    )

    inconnu = client_de(monde["agent_1_1"]).post(
        "/api/v1/orientations/", _corps(usager=987654321, vers_dispositif="acor"), format="json"
    )
    assert reponse.status_code == inconnu.status_code == 404
    assert reponse.json() == inconnu.json()
    assert not SituationACOR.objects.exists()


def test_emas_hors_du_contrat_local_de_sante_400_nommant_le_champ(client_de, monde):
    personne = UsagerFactory(code_commune=AHUY, date_naissance=datetime.date(1970, 1, 1))

    reponse = client_de(monde["agent_1_1"]).post(
        "/api/v1/orientations/", _corps(usager=personne.pk, vers_dispositif="emas"), format="json"
    )

    assert reponse.status_code == 400
    assert champs_en_erreur(reponse.json()) == {"vers_dispositif"}
    assert "Ahuy" in reponse.json()["detail"]
    assert not Orientation.objects.exists() and not Signalement.objects.exists()


def test_sans_l_accord_de_la_personne_400(client_de, monde):
    reponse = _orienter(client_de, monde, vers_dispositif="acor", accord_personne=False)

    assert reponse.status_code == 400
    assert champs_en_erreur(reponse.json()) == {"accord_personne"}
    assert not SituationACOR.objects.exists()


def test_une_seconde_orientation_ouverte_409_nommant_la_premiere(client_de, monde):
    premiere = _orienter(client_de, monde, vers_dispositif="acor").json()

    seconde = _orienter(client_de, monde, vers_dispositif="acor")

    assert seconde.status_code == 409
    assert f"n°{premiere['id']}" in seconde.json()["detail"]
    assert Orientation.objects.count() == SituationACOR.objects.count() == 1


def test_une_orientation_non_retenue_n_empeche_pas_d_orienter_a_nouveau(client_de, monde):
    _orienter(client_de, monde, vers_dispositif="asll")
    demande_asll_refuser(demande=DemandeASLL.objects.get(), motif_refus="Complet", par=monde["asll"])

    assert _orienter(client_de, monde, vers_dispositif="asll").status_code == 201


def test_un_partenaire_desactive_400(client_de, monde):
    partenaire = Partenaire.objects.get(nom="Orvitis")
    Partenaire.objects.filter(pk=partenaire.pk).update(actif=False)

    reponse = _orienter(client_de, monde, vers_partenaire=partenaire.pk)

    assert reponse.status_code == 400
    assert champs_en_erreur(reponse.json()) == {"vers_partenaire"}


def test_un_dispositif_et_un_partenaire_a_la_fois_400(client_de, monde):
    reponse = _orienter(
        client_de, monde, vers_dispositif="acor", vers_partenaire=Partenaire.objects.first().pk
    )

    assert reponse.status_code == 400
    assert not SituationACOR.objects.exists()


def test_rien_de_cree_a_moitie_quand_la_cible_refuse(client_de, monde):
    """ACOR refuses a second active situation: the orientation is not recorded either."""
    SituationACOR.objects.create(
        usager=monde["personne"],
        date_orientation=datetime.date.today(),
        difficultes=["autre"],
        cree_par=monde["acor"],
    )

    reponse = _orienter(client_de, monde, vers_dispositif="acor")

    assert reponse.status_code in (400, 409)
    assert not Orientation.objects.exists()
    assert SituationACOR.objects.count() == 1


@pytest.mark.parametrize("role", ["encadrant", "emas"])
def test_ni_un_encadrant_ni_l_equipe_emas_n_orientent(client_de, monde, role):
    auteur = monde["equipe"] if role == "emas" else agent(role, DIJON)

    reponse = client_de(auteur).post(
        "/api/v1/orientations/", _corps(usager=monde["personne"].pk, vers_dispositif="acor"), format="json"
    )

    assert reponse.status_code == 403
    assert not SituationACOR.objects.exists()


# --- Lists: constant SQL ---------------------------------------------------------------------


@pytest.mark.parametrize("nombre", [1, 12])
def test_liste_des_orientations_en_nombre_constant_de_requetes(
    client_de, monde, django_assert_num_queries, nombre
):
    caf = Partenaire.objects.get(nom__contains="(CAF)")
    for _ in range(nombre):
        personne = UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))
        for cible in ({"vers_dispositif": "acor"}, {"vers_dispositif": "emas"}, {"vers_partenaire": caf.pk}):
            assert (
                client_de(monde["agent_1_1"])
                .post("/api/v1/orientations/", _corps(usager=personne.pk, **cible), format="json")
                .status_code
                == 201
            )
    client = client_de(monde["agent_1_1"])

    with django_assert_num_queries(requetes_de_liste()):  # outcomes in the page's query
        reponse = client.get("/api/v1/orientations/", {"page_size": 50})

    assert reponse.json()["count"] == 3 * nombre


def test_le_statut_se_lit_dans_la_requete_de_la_liste(client_de, monde):
    _orienter(client_de, monde, vers_dispositif="acor")
    client = client_de(monde["agent_1_1"])
    client.get("/api/v1/orientations/")  # the token's first use

    with CaptureQueriesContext(connection) as requetes:
        client.get("/api/v1/orientations/")

    page = [q["sql"] for q in requetes.captured_queries if "logement_situationacor" in q["sql"]]
    assert len(page) == 1 and "orientations_orientation" in page[0]


# --- The person's file: the path, in date order, as far as the viewer may know it ---------------


def test_le_dossier_de_la_personne_montre_le_parcours(client_de, monde):
    from usagers.dossier import dossier_de

    caf = Partenaire.objects.get(nom__contains="(CAF)")
    _orienter(client_de, monde, vers_partenaire=caf.pk, motif="acces_droits")
    _orienter(client_de, monde, vers_dispositif="acor")
    _orienter(client_de, monde, vers_dispositif="emas")

    def parcours(user):
        sections = {s.titre: s for s in dossier_de(user, monde["personne"])}
        return [cellules for _, cellules in sections["Parcours : orientations (action 1.4)"].lignes]

    auteur = parcours(monde["agent_1_1"])
    assert [(c[2], c[4]) for c in auteur] == [
        (caf.nom, "Envoyée"),
        ("Action 2.2 — ACOR", "Reçue"),
        ("Action 2.3 — EMAS", "Reçue"),
    ]
    # the ACOR team sees the orientation it received; never the one to EMAS
    assert [(c[2], c[4]) for c in parcours(monde["acor"])] == [("Action 2.2 — ACOR", "Reçue")]
    assert [c[2] for c in parcours(monde["asll"])] == []


@pytest.mark.parametrize("nombre", [1, 12])
def test_liste_des_demandes_asll_en_nombre_constant_de_requetes(
    client_de, monde, django_assert_num_queries, nombre
):
    for _ in range(nombre):
        personne = UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))
        reponse = client_de(monde["agent_1_1"]).post(
            "/api/v1/orientations/", _corps(usager=personne.pk, vers_dispositif="asll"), format="json"
        )
        assert reponse.status_code == 201
    client = client_de(monde["asll"])

    with django_assert_num_queries(requetes_de_liste()):
        reponse = client.get("/api/v1/asll/demandes/", {"page_size": 50})

    assert reponse.json()["count"] == nombre
