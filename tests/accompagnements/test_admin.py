"""The admin of action 1.1: scoped like the API, writes through the services and the state machine."""

import datetime

import pytest
from django.utils import timezone

from accompagnements.models import Accompagnement, Contact, Demarche, Droit, TypeDroit
from partenaires.models import Partenaire
from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import agent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

HIER = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def agente(client):
    user = agent("acces_droits", DIJON)
    client.force_login(user)
    return user


def test_les_listes_ne_montrent_que_ses_communes(client, agente):
    visible = DroitFactory(usager__code_commune=DIJON, usager__nom="VISIBLE")
    DroitFactory(usager__code_commune=CHENOVE, usager__nom="CACHE")
    AccompagnementFactory(usager=visible.usager)

    for url in ["/admin/accompagnements/droit/", "/admin/accompagnements/accompagnement/"]:
        reponse = client.get(url)
        assert reponse.status_code == 200
        assert b"VISIBLE" in reponse.content
        assert b"CACHE" not in reponse.content


def test_fiche_hors_habilitation_introuvable(client, agente):
    autre = DroitFactory(usager__code_commune=CHENOVE)

    reponse = client.get(f"/admin/accompagnements/droit/{autre.pk}/change/", follow=True)

    assert reponse.redirect_chain and reponse.redirect_chain[-1][0] == "/admin/"


def test_choix_limites_aux_usagers_visibles(client, agente):
    UsagerFactory(code_commune=DIJON, nom="PROCHE")
    UsagerFactory(code_commune=CHENOVE, nom="LOINTAIN")

    # The person is searched (autocomplete), not listed: the form carries no list of persons.
    formulaire = client.get("/admin/accompagnements/accompagnement/add/")
    reponse = client.get(
        "/admin/autocomplete/",
        {"term": "", "app_label": "accompagnements", "model_name": "accompagnement", "field_name": "usager"},
    )

    assert b"PROCHE" not in formulaire.content
    assert b"PROCHE" in reponse.content
    assert b"LOINTAIN" not in reponse.content


def test_un_suivi_complet_par_l_admin(client, agente):
    usager = UsagerFactory(code_commune=DIJON)

    reponse = client.post(
        "/admin/accompagnements/accompagnement/add/",
        {"usager": usager.pk, "referent": "", "date_debut": HIER.isoformat()},
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    accompagnement = Accompagnement.objects.get()
    assert (accompagnement.referent, accompagnement.cree_par) == (agente, agente)

    reponse = client.post(
        "/admin/accompagnements/contact/add/",
        {
            "accompagnement": accompagnement.pk,
            "date_0": HIER.strftime("%d/%m/%Y"),
            "date_1": "10:00:00",
            "mode": "rendez_vous",
            "duree_minutes": "40",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    assert Contact.objects.get().commune_id == DIJON

    reponse = client.post(
        "/admin/accompagnements/demarche/add/",
        {
            "accompagnement": accompagnement.pk,
            "type": "cpam",
            "date": HIER.strftime("%d/%m/%Y"),
            "en_ligne": "on",
            "statut": "faite",
        },
    )
    assert reponse.status_code == 302
    assert Demarche.objects.get().type == "cpam"

    rsa = TypeDroit.objects.get(code="rsa")
    droit_cree = {
        "usager": usager.pk,
        "accompagnement": accompagnement.pk,
        "type": rsa.pk,
        "statut": "identifie",
        "date_identification": HIER.strftime("%d/%m/%Y"),
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    reponse = client.post("/admin/accompagnements/droit/add/", droit_cree)
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    droit = Droit.objects.get()

    changement = {k: v for k, v in droit_cree.items() if k != "usager"}
    changement.update({"transitions-TOTAL_FORMS": "1", "transitions-INITIAL_FORMS": "1"})
    changement["transitions-0-id"] = str(droit.transitions.get().pk)
    changement["transitions-0-droit"] = str(droit.pk)
    changement["version_lue"] = str(droit.version)

    # Straight to "opened": not offered (only the statuses allowed from here are), refused as a form
    # error if sent anyway, nothing changed.
    reponse = client.post(
        f"/admin/accompagnements/droit/{droit.pk}/change/",
        {**changement, "statut": "ouvert", "date_ouverture": HIER.strftime("%d/%m/%Y")},
    )
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    droit.refresh_from_db()
    assert droit.statut == "identifie"

    for statut, champ in [("demande", "date_demande"), ("ouvert", "date_ouverture")]:
        changement.update({"statut": statut, champ: HIER.strftime("%d/%m/%Y")})
        droit.refresh_from_db()
        changement["version_lue"] = str(droit.version)
        reponse = client.post(f"/admin/accompagnements/droit/{droit.pk}/change/", changement)
        assert reponse.status_code == 302, reponse.content.decode()[:3000]
        changement["transitions-TOTAL_FORMS"] = changement["transitions-INITIAL_FORMS"] = "1"

    droit.refresh_from_db()
    assert droit.statut == "ouvert"
    assert list(droit.transitions.values_list("statut", "par")) == [
        ("identifie", agente.pk),
        ("demande", agente.pk),
        ("ouvert", agente.pk),
    ]


def test_contact_dans_le_futur_refuse_par_le_formulaire(client, agente):
    accompagnement = AccompagnementFactory(usager__code_commune=DIJON, referent=agente)
    demain = timezone.localdate() + datetime.timedelta(days=1)

    reponse = client.post(
        "/admin/accompagnements/contact/add/",
        {
            "accompagnement": accompagnement.pk,
            "date_0": demain.strftime("%d/%m/%Y"),
            "date_1": "10:00:00",
            "mode": "telephone",
            "duree_minutes": "481",
        },
    )

    assert reponse.status_code == 200
    assert "postérieure à aujourd" in reponse.content.decode()
    assert not Contact.objects.exists()


def test_le_catalogue_est_visible_mais_pas_modifiable_par_un_agent(client, agente):
    assert client.get("/admin/accompagnements/typedroit/").status_code == 200
    assert client.get("/admin/accompagnements/typedroit/add/").status_code == 403


def test_un_droit_garde_son_type_retire_du_catalogue(client, agente):
    accompagnement = AccompagnementFactory(usager__code_commune=DIJON, referent=agente)
    droit = DroitFactory(usager=accompagnement.usager, code_type="faj", cree_par=agente)
    TypeDroit.objects.filter(code="faj").update(actif=False)

    reponse = client.post(
        f"/admin/accompagnements/droit/{droit.pk}/change/",
        {
            "accompagnement": accompagnement.pk,
            "type": droit.type_id,
            "statut": "demande",
            "date_identification": droit.date_identification.strftime("%d/%m/%Y"),
            "date_demande": HIER.strftime("%d/%m/%Y"),
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "0",
            "version_lue": str(droit.version),
        },
    )

    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    droit.refresh_from_db()
    assert droit.statut == "demande"
    assert droit.type.code == "faj"
    # a retired type is not offered for a new right
    assert f'value="{droit.type_id}"'.encode() not in client.get("/admin/accompagnements/droit/add/").content


def test_la_demarche_designe_un_partenaire_de_l_annuaire_par_une_recherche(client, agente):
    accompagnement = AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON), referent=agente)
    cpam = Partenaire.objects.get(nom="Caisse primaire d'assurance maladie de la Côte-d'Or (CPAM)")
    page = client.get("/admin/accompagnements/demarche/add/").content.decode()
    assert 'data-field-name="partenaire"' in page  # an autocomplete, not a list
    trouves = client.get(
        "/admin/autocomplete/",
        {
            "term": "cpam",
            "app_label": "accompagnements",
            "model_name": "demarche",
            "field_name": "partenaire",
        },
    )
    assert trouves.status_code == 200
    assert [r["text"] for r in trouves.json()["results"]] == [cpam.nom]

    reponse = client.post(
        "/admin/accompagnements/demarche/add/",
        {
            "accompagnement": accompagnement.pk,
            "type": "cpam",
            "date": HIER.strftime("%d/%m/%Y"),
            "statut": "faite",
            "partenaire": cpam.pk,
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    demarche = Demarche.objects.get()
    assert demarche.partenaire == cpam

    Partenaire.objects.filter(pk=cpam.pk).update(actif=False)
    reponse = client.post(
        f"/admin/accompagnements/demarche/{demarche.pk}/change/",
        {
            "type": "cpam",
            "date": HIER.strftime("%d/%m/%Y"),
            "statut": "faite",
            "partenaire": cpam.pk,
            "note": "vu",
            "version_lue": demarche.version,
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]  # kept though deactivated
    assert Demarche.objects.get().note == "vu"
