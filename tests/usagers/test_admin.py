"""The admin applies the same commune rule as the API."""

import pytest

from tests.comptes.factories import UserFactory, agent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_dijon(client):
    user = agent("acces_droits", DIJON)
    client.force_login(user)
    return user


def test_la_liste_ne_montre_que_les_usagers_de_ses_communes(client, agent_dijon):
    UsagerFactory(code_commune=DIJON, nom="VISIBLE")
    UsagerFactory(code_commune=CHENOVE, nom="CACHE")

    reponse = client.get("/admin/usagers/usager/")

    assert reponse.status_code == 200
    assert b"VISIBLE" in reponse.content
    assert b"CACHE" not in reponse.content


def test_la_fiche_d_un_usager_hors_habilitation_est_introuvable(client, agent_dijon):
    autre = UsagerFactory(code_commune=CHENOVE)

    reponse = client.get(f"/admin/usagers/usager/{autre.pk}/change/", follow=True)

    assert reponse.status_code == 200  # the admin redirects to its index with "n'existe pas"
    assert reponse.redirect_chain and reponse.redirect_chain[-1][0] == "/admin/"
    assert str(autre.nom).encode() not in reponse.content


def test_creation_limitee_aux_communes_habilitees(client, agent_dijon):
    donnees = {"nom": "NOUVEAU", "prenom": "Anne", "date_naissance": "1980-05-17", "commune": CHENOVE}

    reponse = client.post("/admin/usagers/usager/add/", donnees)

    assert reponse.status_code == 200  # the form is shown again with the error
    assert not Usager.objects.filter(nom="NOUVEAU").exists()

    reponse = client.post("/admin/usagers/usager/add/", {**donnees, "commune": DIJON})
    assert reponse.status_code == 302
    cree = Usager.objects.get(nom="NOUVEAU")
    assert cree.cree_par == agent_dijon


def test_l_administration_des_comptes_est_reservee_aux_administrateurs(client, agent_dijon):
    assert client.get("/admin/comptes/user/").status_code == 403


def test_l_administrateur_gere_comptes_et_habilitations(client):
    client.force_login(UserFactory(administrateur=True))

    agent_asll = agent("asll", DIJON)

    assert client.get("/admin/comptes/user/").status_code == 200
    assert client.get("/admin/communes/commune/").status_code == 200
    fiche = client.get(f"/admin/comptes/user/{agent_asll.pk}/change/")
    assert fiche.status_code == 200
    assert b"habilitations (dispositif sur une commune)" in fiche.content.lower()
    assert client.get("/admin/auth/group/").status_code == 200


@pytest.mark.parametrize(
    ("saisi", "enregistre_ou_erreur"),
    [("+33 6 12 34 56 78", "06 12 34 56 78"), ("06.12.34.56.78", "06 12 34 56 78"), ("12345", None)],
)
def test_le_telephone_suit_la_meme_regle_que_l_api(client, agent_dijon, saisi, enregistre_ou_erreur):
    formulaire = {"nom": "Dupré", "prenom": "Hélène", "date_naissance": "1980-03-12", "commune": DIJON}

    admin = client.post("/admin/usagers/usager/add/", {**formulaire, "telephone": saisi})
    api = client.post(  # the same person twice: the second is a confirmed duplicate
        "/api/v1/usagers/",
        {**formulaire, "telephone": saisi, "confirmer_doublon": True},
        content_type="application/json",
    )

    if enregistre_ou_erreur is None:
        assert admin.status_code == 200 and "numéro français" in admin.content.decode()
        assert api.status_code == 400 and "numéro français" in api.json()["telephone"][0]
        assert not Usager.objects.exists()
    else:
        assert (admin.status_code, api.status_code) == (302, 201)
        assert set(Usager.objects.values_list("telephone", flat=True)) == {enregistre_ou_erreur}


def test_creer_puis_demenager_par_l_administration_ecrit_l_historique(client):
    client.force_login(agent("acces_droits", DIJON, CHENOVE))
    donnees = {"nom": "MOBILE", "prenom": "Anne", "date_naissance": "1980-05-17", "commune": DIJON}
    assert client.post("/admin/usagers/usager/add/", donnees).status_code == 302
    usager = Usager.objects.get(nom="MOBILE")
    assert list(usager.residences.values_list("commune_id", "au")) == [(DIJON, None)]

    changement = {**donnees, "commune": CHENOVE, "version_lue": usager.version}
    reponse = client.post(f"/admin/usagers/usager/{usager.pk}/change/", changement)
    assert reponse.status_code == 302
    assert list(usager.residences.order_by("du").values_list("commune_id", flat=True)) == [DIJON, CHENOVE]
    assert usager.residences.get(au__isnull=True).commune_id == CHENOVE
