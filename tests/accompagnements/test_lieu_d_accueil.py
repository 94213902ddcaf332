"""Fiches 1.1 and 1.5: where the person was received — an antenna of the métropole's social service or
a commune's CCAS, from the partners' directory — on each contact. The same rule through the API, the
admin and the workspace; a deactivated place is refused on input and kept where a contact names it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accompagnements.models import LIEU_ACCUEIL_REFUSE, Contact
from accompagnements.services import contact_modifier
from config.errors import RegleMetierError
from historique.models import modele_historique
from partenaires.models import Partenaire
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import agent
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db

HIER = timezone.localdate() - datetime.timedelta(days=1)
SERVICE_SOCIAL = "Dijon Métropole — service social métropolitain"


def _partenaire(nom: str) -> Partenaire:
    return Partenaire.objects.get(nom=nom)


@pytest.fixture
def agente():
    return agent("acces_droits", DIJON, is_staff=True)


@pytest.fixture
def accompagnement(agente):
    return AccompagnementFactory(usager__code_commune=DIJON, referent=agente)


def _corps(accompagnement, **autres) -> dict:
    return {
        "accompagnement": accompagnement.pk,
        "date": f"{HIER.isoformat()}T10:00:00+02:00",
        "mode": "rendez_vous",
        "duree_minutes": 30,
        **autres,
    }


def test_un_contact_dit_ou_la_personne_a_ete_recue(client_de, agente, accompagnement):
    client = client_de(agente)
    ccas = _partenaire("CCAS de Dijon")

    cree = client.post("/api/v1/contacts/", _corps(accompagnement, lieu_accueil=ccas.pk), format="json")

    assert cree.status_code == 201, cree.json()
    assert cree.json()["lieu_accueil"] == ccas.pk
    assert Contact.objects.get().lieu_accueil == ccas
    # Optional: a contact without its place is still recorded (and so are those recorded before).
    sans = client.post("/api/v1/contacts/", _corps(accompagnement), format="json")
    assert sans.status_code == 201 and sans.json()["lieu_accueil"] is None
    # The list filters by place.
    liste = client.get("/api/v1/contacts/", {"lieu_accueil": ccas.pk}).json()
    assert [c["id"] for c in liste["results"]] == [cree.json()["id"]]


@pytest.mark.parametrize(
    ("valeur", "extrait"),
    [
        ("caf", "antenne du service social métropolitain ou le CCAS"),  # a partner of another kind
        ("inactif", "antenne du service social métropolitain ou le CCAS"),
        (999_999, "antenne du service social métropolitain ou le CCAS"),
        ("abc", "lieu d'accueil invalide"),
    ],
)
def test_un_lieu_d_un_autre_type_ou_desactive_est_refuse(client_de, agente, accompagnement, valeur, extrait):
    if valeur == "caf":
        valeur = Partenaire.objects.get(nom__contains="(CAF)").pk
    elif valeur == "inactif":
        ccas = _partenaire("CCAS de Dijon")
        Partenaire.objects.filter(pk=ccas.pk).update(actif=False)
        valeur = ccas.pk

    reponse = client_de(agente).post(
        "/api/v1/contacts/", _corps(accompagnement, lieu_accueil=valeur), format="json"
    )

    assert reponse.status_code == 400, reponse.content
    assert extrait.lower() in " ".join(reponse.json()["lieu_accueil"]).lower()
    assert not Contact.objects.exists()


def test_un_contact_garde_son_lieu_desactive_mais_n_y_est_pas_deplace(client_de, agente, accompagnement):
    client = client_de(agente)
    antenne = _partenaire(SERVICE_SOCIAL)
    cree = client.post("/api/v1/contacts/", _corps(accompagnement, lieu_accueil=antenne.pk), format="json")
    Partenaire.objects.filter(pk=antenne.pk).update(actif=False)

    modifie = client.patch(f"/api/v1/contacts/{cree.json()['id']}/", {"duree_minutes": 45}, format="json")

    assert modifie.status_code == 200, modifie.json()
    assert modifie.json()["lieu_accueil"] == antenne.pk
    # The service, which the admin and the workspace call too, refuses moving a contact to it.
    autre = Contact.objects.create(
        accompagnement=accompagnement,
        commune_id=DIJON,
        date=timezone.now(),
        mode="telephone",
        duree_minutes=10,
        cree_par=agente,
    )
    with pytest.raises(RegleMetierError) as refus:
        contact_modifier(contact=autre, par=agente, lieu_accueil=Partenaire.objects.get(pk=antenne.pk))
    assert (refus.value.champ, refus.value.message) == ("lieu_accueil", LIEU_ACCUEIL_REFUSE)


def test_l_espace_propose_les_antennes_et_les_ccas_et_enregistre_le_lieu(agente, accompagnement):
    client = Client()
    client.force_login(agente)
    url = f"/espace/accompagnements/{accompagnement.pk}/contact/"
    page = client.get(url).content.decode()
    assert 'name="lieu_accueil"' in page
    assert SERVICE_SOCIAL in page and "CCAS de Dijon" in page
    assert "(CAF)" not in page  # not a place where the agents receive

    ccas = _partenaire("CCAS de Chenôve")
    reponse = client.post(
        url,
        {
            "jour": HIER.isoformat(),
            "heure": "10:00",
            "mode": "rendez_vous",
            "duree_minutes": "30",
            "lieu_accueil": ccas.pk,
        },
    )

    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    assert Contact.objects.get().lieu_accueil == ccas
    fiche = client.get(f"/espace/usagers/{accompagnement.usager_id}/").content.decode()
    assert "CCAS de Chenôve" in fiche


def test_l_admin_cherche_le_lieu_au_lieu_de_le_lister(agente, accompagnement):
    client = Client()
    client.force_login(agente)
    formulaire = client.get("/admin/accompagnements/contact/add/").content.decode()
    assert 'name="lieu_accueil"' in formulaire and "admin-autocomplete" in formulaire
    assert "CCAS de Dijon" not in formulaire  # searched, not listed
    source = {"app_label": "accompagnements", "model_name": "contact", "field_name": "lieu_accueil"}
    trouves = client.get("/admin/autocomplete/", {"term": "dijon", **source}).json()["results"]
    noms = {r["text"] for r in trouves}
    assert "CCAS de Dijon" in noms and not any("CAF" in n for n in noms)

    reponse = client.post(
        "/admin/accompagnements/contact/add/",
        {
            "accompagnement": accompagnement.pk,
            "date_0": HIER.strftime("%d/%m/%Y"),
            "date_1": "10:00:00",
            "mode": "rendez_vous",
            "duree_minutes": "40",
            "lieu_accueil": Partenaire.objects.get(nom__contains="(CAF)").pk,
        },
    )
    assert reponse.status_code == 200 and not Contact.objects.exists()  # refused: a form error
    reponse = client.post(
        "/admin/accompagnements/contact/add/",
        {
            "accompagnement": accompagnement.pk,
            "date_0": HIER.strftime("%d/%m/%Y"),
            "date_1": "10:00:00",
            "mode": "rendez_vous",
            "duree_minutes": "40",
            "lieu_accueil": _partenaire("CCAS de Dijon").pk,
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    assert Contact.objects.get().lieu_accueil.nom == "CCAS de Dijon"


@pytest.mark.postgres
def test_l_historique_garde_le_lieu_d_accueil(client_de, agente, accompagnement):
    client = client_de(agente)
    ccas, antenne = _partenaire("CCAS de Dijon"), _partenaire(SERVICE_SOCIAL)
    cree = client.post("/api/v1/contacts/", _corps(accompagnement, lieu_accueil=ccas.pk), format="json")
    client.patch(f"/api/v1/contacts/{cree.json()['id']}/", {"lieu_accueil": antenne.pk}, format="json")

    versions = (
        modele_historique("accompagnements.contact")
        .objects.filter(pgh_obj_id=cree.json()["id"])
        .order_by("pgh_id")
        .values_list("pgh_label", "lieu_accueil_id")
    )
    assert list(versions) == [("insert", ccas.pk), ("update", antenne.pk)]
