"""The admin of actions 2.1 and 2.2 applies the same commune rule as the API."""

import pytest

from comptes.roles import Role
from logement.models import CapaciteACOR, MesureASLL
from tests.comptes.factories import UserFactory, agent
from tests.logement.factories import CapaciteACORFactory, MesureASLLFactory, SituationACORFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


def test_un_travailleur_asll_ne_voit_que_les_mesures_de_ses_communes(client):
    travailleur = agent("asll", DIJON)
    client.force_login(travailleur)
    MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON, nom="VISIBLE"), referent=travailleur)
    cachee = MesureASLLFactory(usager=UsagerFactory(code_commune=CHENOVE, nom="CACHE"))

    liste = client.get("/admin/logement/mesureasll/")
    assert liste.status_code == 200
    assert b"VISIBLE" in liste.content
    assert b"CACHE" not in liste.content

    fiche = client.get(f"/admin/logement/mesureasll/{cachee.pk}/change/", follow=True)
    assert fiche.redirect_chain and fiche.redirect_chain[-1][0] == "/admin/"
    assert client.get("/admin/logement/situationacor/").status_code == 403
    # A worker opens a measure from the admin (through `mesure_creer`, calendar included).
    assert client.get("/admin/logement/mesureasll/add/").status_code == 200


def test_modifier_une_mesure_dans_l_admin_passe_par_le_service(client):
    travailleur = agent("asll", DIJON)
    ailleurs = agent("asll", CHENOVE)
    client.force_login(travailleur)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON), referent=travailleur)
    formulaire = {
        "type": "maintien",
        "prescripteur": "bailleur",
        "financement": "droit_commun",
        "nb_adultes": 2,
        "nb_enfants": 1,
        "referent": travailleur.pk,
        "objectifs": ["budget", "droits"],
        "points_etape-TOTAL_FORMS": 0,
        "points_etape-INITIAL_FORMS": 0,
        "rencontres-TOTAL_FORMS": 0,
        "rencontres-INITIAL_FORMS": 0,
        "version_lue": mesure.version,
    }

    refus = client.post(
        f"/admin/logement/mesureasll/{mesure.pk}/change/", {**formulaire, "referent": ailleurs.pk}
    )
    # A worker granted elsewhere is offered (he holds the grant somewhere) but refused by the service's
    # rule, shown as a form error in French, never a 500.
    assert refus.status_code == 200
    assert "Le référent doit être un compte actif habilité ASLL sur la commune de l&#x27;usager." in (
        refus.content.decode()
    )
    ok = client.post(f"/admin/logement/mesureasll/{mesure.pk}/change/", formulaire)
    assert ok.status_code == 302, ok.content.decode()[:2000]
    mesure.refresh_from_db()
    assert (mesure.type, mesure.nb_enfants, mesure.objectifs) == ("maintien", 1, ["budget", "droits"])
    assert mesure.financement == "droit_commun"


def test_les_capacites_sont_fixees_par_un_administrateur(client):
    intervenant = agent("acor", DIJON)
    SituationACORFactory(usager=UsagerFactory(code_commune=DIJON, nom="SUIVI"))
    CapaciteACORFactory(places=12)

    client.force_login(intervenant)
    assert b"SUIVI" in client.get("/admin/logement/situationacor/").content
    assert client.get("/admin/logement/capaciteacor/").status_code == 200
    assert client.get("/admin/logement/capaciteacor/add/").status_code == 403

    client.force_login(UserFactory(administrateur=True))
    reponse = client.post(
        "/admin/logement/capaciteacor/add/",
        {"date_debut": "2030-09-01", "date_fin": "2030-12-31", "places": 15},
    )
    assert reponse.status_code == 302
    chevauche = client.post(
        "/admin/logement/capaciteacor/add/",
        {"date_debut": "2030-12-01", "date_fin": "2031-03-31", "places": 15},
    )
    assert chevauche.status_code == 200  # refused: overlaps the previous period
    assert CapaciteACOR.objects.count() == 2


def test_l_encadrant_consulte_tout(client):
    client.force_login(agent(Role.ENCADRANT, DIJON))
    MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))
    for url in ("mesureasll", "pointetape", "situationacor", "capaciteacor"):
        assert client.get(f"/admin/logement/{url}/").status_code == 200
    assert MesureASLL.objects.count() == 1


def test_les_choix_de_referent_sont_les_comptes_habilites_du_dispositif(client):
    travailleur = agent("asll", DIJON)
    collegue_de_groupe = agent("asll", CHENOVE)  # granted on another commune: offered, then checked
    agent_1_1 = agent("acces_droits", DIJON)
    inactif = agent("asll", DIJON)
    inactif.is_active = False
    inactif.save()
    client.force_login(travailleur)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON), referent=travailleur)

    choix = client.get(f"/admin/logement/mesureasll/{mesure.pk}/change/").context["adminform"].form
    offerts = set(choix.fields["referent"].queryset)

    assert {travailleur, collegue_de_groupe} <= offerts
    assert agent_1_1 not in offerts and inactif not in offerts
