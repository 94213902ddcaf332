"""The sign-in journal (docs/SECURITY.md): every sign-in, failure and sign-out — who, how, when, from
where —, append-only, read by the dpo and the administrators only, never a password nor a code."""

import pytest
from django.contrib.auth.models import Group
from django.db import ProgrammingError, connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from comptes.models import Evenement, EvenementDeConnexion, JournalDesConnexionsImmuable, Moyen
from comptes.roles import Role
from comptes.services import evenement_de_connexion_enregistrer
from tests.comptes.factories import UserFactory, agent
from tests.outils import requetes_de_liste
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db
MOT_DE_PASSE = "motdepasse-test"


def dpo():
    user = agent("acces_droits", DIJON)
    user.groups.set([Group.objects.get(name=Role.DPO)])
    return user


def test_connexions_echecs_et_deconnexions_sont_journalises(anonyme):
    user = agent("asll", DIJON, username="sabine")
    navigateur = Client(REMOTE_ADDR="192.0.2.10")
    navigateur.post("/connexion/", {"username": "sabine", "password": "mauvais-mot-de-passe"})
    navigateur.post("/connexion/", {"username": "sabine", "password": MOT_DE_PASSE})
    navigateur.post("/deconnexion/")
    anonyme.post("/api/v1/auth/token/", {"username": "sabine", "password": "faux"}, format="json")
    jeton = anonyme.post(
        "/api/v1/auth/token/", {"username": "sabine", "password": MOT_DE_PASSE}, format="json"
    ).json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {jeton}")
    api.post("/api/v1/auth/logout/")
    Client().post("/api/v1/auth/login/", {"username": "inconnu", "password": "x"})  # the browsable API's

    lignes = list(
        EvenementDeConnexion.objects.order_by("id").values_list(
            "evenement", "moyen", "compte", "adresse", "motif"
        )
    )

    assert lignes == [
        (Evenement.ECHEC, Moyen.LOCAL, "sabine", "192.0.2.10", "identifiant ou mot de passe invalide"),
        (Evenement.CONNEXION, Moyen.LOCAL, "sabine", "192.0.2.10", ""),
        (Evenement.DECONNEXION, Moyen.LOCAL, "sabine", "192.0.2.10", ""),
        (Evenement.ECHEC, Moyen.JETON, "sabine", "127.0.0.1", "identifiant ou mot de passe invalide"),
        (Evenement.CONNEXION, Moyen.JETON, "sabine", "127.0.0.1", ""),
        (Evenement.DECONNEXION, Moyen.JETON, "sabine", "127.0.0.1", ""),
        (Evenement.ECHEC, Moyen.LOCAL, "inconnu", "127.0.0.1", "identifiant ou mot de passe invalide"),
    ]
    assert (
        EvenementDeConnexion.objects.filter(compte_id=user.pk).count() == 4
    )  # failures: the identifier typed
    assert all(e.quand is not None for e in EvenementDeConnexion.objects.all())


def test_ni_mot_de_passe_ni_code_ni_jeton_dans_le_journal(anonyme):
    agent("asll", DIJON, username="sabine")
    secrets = ["mauvais-mot-de-passe", MOT_DE_PASSE, "123456"]
    Client().post("/connexion/", {"username": "sabine", "password": secrets[0]})
    jeton = anonyme.post(
        "/api/v1/auth/token/",
        {"username": "sabine", "password": MOT_DE_PASSE, "otp": "123456"},
        format="json",
    ).json()["token"]

    contenu = " ".join(
        " ".join(str(v) for v in ligne) for ligne in EvenementDeConnexion.objects.values_list()
    )

    for secret in [*secrets, jeton]:
        assert secret not in contenu


def test_le_journal_des_connexions_est_en_ajout_seul():
    entree = evenement_de_connexion_enregistrer(evenement=Evenement.CONNEXION, moyen=Moyen.LOCAL, compte="x")

    entree.motif = "effacé"
    with pytest.raises(JournalDesConnexionsImmuable):
        entree.save()
    with pytest.raises(JournalDesConnexionsImmuable):
        entree.delete()
    with pytest.raises(JournalDesConnexionsImmuable):
        EvenementDeConnexion.objects.update(motif="effacé")
    with pytest.raises(JournalDesConnexionsImmuable):
        EvenementDeConnexion.objects.all().delete()


@pytest.mark.postgres
def test_postgresql_refuse_aussi_update_et_delete_en_sql_brut():
    entree = evenement_de_connexion_enregistrer(evenement=Evenement.CONNEXION, moyen=Moyen.LOCAL, compte="x")
    for requete in (
        "UPDATE comptes_evenementdeconnexion SET motif = 'effacé' WHERE id = %s",
        "DELETE FROM comptes_evenementdeconnexion WHERE id = %s",
    ):
        with (
            pytest.raises(ProgrammingError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as curseur,
        ):
            curseur.execute(requete, [entree.pk])
    assert EvenementDeConnexion.objects.filter(pk=entree.pk, motif="").exists()


def test_l_api_du_journal_des_connexions_dpo_et_administrateurs_seulement(client_de):
    evenement_de_connexion_enregistrer(evenement=Evenement.CONNEXION, moyen=Moyen.LOCAL, compte="x")

    for lecteur in (dpo(), UserFactory(administrateur=True)):
        reponse = client_de(lecteur).get("/api/v1/connexions/", {"evenement": "connexion"})
        assert reponse.status_code == 200
        assert reponse.json()["count"] >= 1
    for autre in (agent("asll", DIJON), agent("emas", DIJON), agent(Role.ENCADRANT, DIJON)):
        refus = client_de(autre).get("/api/v1/connexions/")
        assert refus.status_code == 403
        assert "réservé aux administrateurs et au délégué" in refus.json()["detail"]


@pytest.mark.parametrize("nombre", [1, 30])
def test_la_liste_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, nombre):
    lecteur = client_de(dpo())
    for i in range(nombre):
        evenement_de_connexion_enregistrer(evenement=Evenement.ECHEC, moyen=Moyen.LOCAL, compte=f"c{i}")

    # The token (with its account), the dpo's group, the count and the page (one statement on PostgreSQL).
    with django_assert_num_queries(requetes_de_liste(nominative=False) + 1):
        reponse = lecteur.get("/api/v1/connexions/")

    assert reponse.json()["count"] == nombre


def test_l_admin_du_journal_des_connexions_en_lecture_seule_pour_le_dpo(client):
    evenement_de_connexion_enregistrer(evenement=Evenement.CONNEXION, moyen=Moyen.LOCAL, compte="x")
    entree = EvenementDeConnexion.objects.get()
    client.force_login(dpo())

    assert client.get("/admin/comptes/evenementdeconnexion/").status_code == 200
    assert client.get(f"/admin/comptes/evenementdeconnexion/{entree.pk}/change/").status_code == 200
    assert (
        client.post(f"/admin/comptes/evenementdeconnexion/{entree.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/comptes/evenementdeconnexion/add/").status_code == 403
    client.force_login(agent("asll", DIJON, is_staff=True))
    assert client.get("/admin/comptes/evenementdeconnexion/").status_code == 403
