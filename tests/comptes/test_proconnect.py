"""ProConnect sign-in against a real OpenID provider (oidc-provider under Node, e2e/idp/serveur.mjs):
the authorisation code flow with PKCE S256, `state` and `nonce`; accounts linked, never created; the
`acr` read; the logout at the provider too (docs/SECURITY.md)."""

import pytest
import requests
from django.core.management import call_command
from django.test import Client

from comptes.models import Evenement, EvenementDeConnexion, Moyen, User
from e2e.idp import CAMILLE, DOMINIQUE
from tests.comptes.factories import agent
from tests.comptes.fournisseur import chemin, parametres, parcourir_le_fournisseur, se_connecter, texte
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db


def compte_de(personne: dict, role="asll", **kwargs) -> User:
    user = agent(role, DIJON, **kwargs)
    User.objects.filter(pk=user.pk).update(email=personne["email"].upper())  # matched without case
    return User.objects.get(pk=user.pk)


def evenements(**filtre) -> list[tuple[str, str, str]]:
    return list(
        EvenementDeConnexion.objects.filter(**filtre)
        .order_by("id")
        .values_list("evenement", "moyen", "motif")
    )


def test_sans_configuration_la_page_ne_montre_que_le_formulaire_local(client):
    page = client.get("/connexion/")

    assert page.status_code == 200
    assert "ProConnect" not in page.content.decode().split("</form>")[0]
    assert 'id="proconnect"' not in page.content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_la_demande_porte_pkce_s256_state_et_nonce(client, proconnect, settings):
    settings.PROCONNECT_ACR_VALUES = "eidas1"
    assert 'id="proconnect"' in client.get("/connexion/").content.decode()

    demande = parametres(client.get("/oidc/authenticate/")["Location"])

    assert demande["code_challenge_method"] == "S256"
    assert len(demande["code_challenge"]) == 43
    assert len(demande["state"]) >= 32 and len(demande["nonce"]) >= 32
    assert demande["acr_values"] == "eidas1"
    assert demande["claims"] == '{"id_token":{"amr":{"essential":true}}}'
    assert demande["redirect_uri"] == "http://testserver/oidc/callback/"
    assert set(demande) == {
        "response_type", "scope", "client_id", "redirect_uri", "state", "nonce",
        "code_challenge", "code_challenge_method", "acr_values", "claims",
    }  # fmt: skip


def test_la_premiere_connexion_lie_le_compte_par_son_adresse_puis_le_sub_seul(client, proconnect):
    user = compte_de(CAMILLE)

    arrivee = se_connecter(client, CAMILLE)

    assert arrivee.status_code == 302 and arrivee["Location"] == "/espace/"
    user.refresh_from_db()
    assert user.proconnect_sub == "b6c1a3f0e2d94c5e8f7a6b5c4d3e2f10"
    assert client.get("/api/v1/auth/me/").json()["username"] == user.username
    assert [(e, m) for e, m, _ in evenements(compte_id=user.pk)] == [
        (Evenement.LIAISON, Moyen.PROCONNECT),
        (Evenement.CONNEXION, Moyen.PROCONNECT),
    ]
    assert EvenementDeConnexion.objects.get(evenement=Evenement.CONNEXION).detail == "acr eidas1"

    # From then on the `sub` alone: the account's e-mail no longer matters.
    User.objects.filter(pk=user.pk).update(email="autre.adresse@dijon-metropole.test")
    autre = Client()
    assert se_connecter(autre, CAMILLE)["Location"] == "/espace/"
    assert autre.get("/api/v1/auth/me/").json()["username"] == user.username


def test_une_adresse_inconnue_ne_cree_pas_de_compte(client, proconnect):
    agent("asll", DIJON)  # someone else
    avant = User.objects.count()

    reponse = se_connecter(client, CAMILLE)

    assert reponse.status_code == 403
    assert "votre compte n'est pas\nencore ouvert, contactez l'administrateur" in reponse.content.decode()
    assert User.objects.count() == avant
    assert client.get("/api/v1/auth/me/").status_code in (401, 403)
    assert evenements(evenement=Evenement.ECHEC) == [(Evenement.ECHEC, Moyen.PROCONNECT, "compte non ouvert")]
    assert EvenementDeConnexion.objects.get(evenement=Evenement.ECHEC).compte == CAMILLE["email"]


def test_un_compte_desactive_ne_se_connecte_pas(client, proconnect):
    user = compte_de(CAMILLE, is_active=False)
    User.objects.filter(pk=user.pk).update(is_active=False)

    reponse = se_connecter(client, CAMILLE)

    assert reponse.status_code == 403
    assert "compte désactivé" in reponse.content.decode()
    user.refresh_from_db()
    assert user.proconnect_sub is None  # not linked either

    # Already linked, then deactivated: refused the same way.
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert se_connecter(Client(), CAMILLE)["Location"] == "/espace/"
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert se_connecter(Client(), CAMILLE).status_code == 403


def test_un_state_inconnu_ou_rejoue_est_refuse(client, proconnect):
    compte_de(CAMILLE)
    depart = client.get("/oidc/authenticate/")
    retour = parcourir_le_fournisseur(depart["Location"], CAMILLE)
    state = parametres(retour)["state"]

    faux = client.get(chemin(retour).replace(state, "x" * 32))

    assert faux.status_code == 403
    assert "state inconnu" in faux.content.decode()
    assert client.get("/api/v1/auth/me/").status_code in (401, 403)
    assert client.get(chemin(retour))["Location"] == "/espace/"  # the genuine return still works once
    rejoue = Client().get(chemin(retour))  # another browser, without this state
    assert rejoue.status_code == 403
    assert client.get(chemin(retour)).status_code == 403  # the same browser: the state is used up
    assert [m for _, _, m in evenements(evenement=Evenement.ECHEC)] == ["state inconnu ou déjà utilisé"] * 3


def test_un_refus_du_fournisseur_est_une_page_francaise(client, proconnect):
    depart = parametres(client.get("/oidc/authenticate/")["Location"])

    reponse = client.get(f"/oidc/callback/?error=access_denied&state={depart['state']}")

    assert reponse.status_code == 403
    assert "refus du fournisseur : access_denied" in reponse.content.decode()


def test_un_acr_trop_faible_laisse_un_membre_emas_devant_son_second_facteur(client, proconnect):
    compte_de(CAMILLE, role="emas")  # eidas1, not declared strong

    arrivee = se_connecter(client, CAMILLE, suivant="/api/v1/emas/signalements/")

    assert arrivee["Location"] == "/connexion/second-facteur/"
    emas = client.get("/api/v1/emas/signalements/")
    assert emas.status_code == 403
    assert "second facteur" in emas.json()["detail"]
    assert client.get("/admin/").status_code == 403


def test_un_acr_declare_fort_vaut_second_facteur(client, proconnect):
    user = compte_de(DOMINIQUE, role="emas")  # eidas2

    arrivee = se_connecter(client, DOMINIQUE, suivant="/api/v1/emas/signalements/")

    assert arrivee["Location"] == "/api/v1/emas/signalements/"
    assert client.get("/api/v1/emas/signalements/").status_code == 200
    assert [(e, m) for e, m, _ in evenements(compte_id=user.pk)][-1] == (
        Evenement.SECOND_FACTEUR,
        Moyen.PROCONNECT,
    )


def test_un_administrateur_avec_un_acr_fort_atteint_l_admin(client, proconnect):
    user = compte_de(DOMINIQUE)
    User.objects.filter(pk=user.pk).update(is_superuser=True)

    assert se_connecter(client, DOMINIQUE)["Location"] == "/espace/"
    assert client.get("/admin/").status_code == 200


def test_la_deconnexion_termine_aussi_la_session_proconnect(client, proconnect):
    compte_de(CAMILLE)
    navigateur = requests.Session()
    se_connecter(client, CAMILLE, navigateur)

    sortie = client.post("/deconnexion/")

    assert client.get("/api/v1/auth/me/").status_code in (401, 403)
    fin = parametres(sortie["Location"])
    assert sortie["Location"].startswith(proconnect.decouverte["end_session_endpoint"])
    assert set(fin) == {"id_token_hint", "state", "post_logout_redirect_uri"}
    assert fin["post_logout_redirect_uri"] == "http://testserver/deconnexion/terminee/"
    # The provider asks for confirmation (a form); confirmed, it sends the browser back with the state.
    confirmation = navigateur.get(sortie["Location"], timeout=10)
    assert "Oui, me déconnecter" in confirmation.text
    xsrf = confirmation.text.split('name="xsrf" value="')[1].split('"')[0]
    action = confirmation.text.split('action="')[1].split('"')[0]
    retour = navigateur.post(
        requests.compat.urljoin(sortie["Location"], action),
        data={"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False,
        timeout=10,
    )
    assert retour.headers["Location"] == f"http://testserver/deconnexion/terminee/?state={fin['state']}"
    page = client.get(chemin(retour.headers["Location"]), follow=True)
    assert "déconnecté, de ce service et de ProConnect" in page.content.decode()
    # The provider's session is over: signing in again asks for the password.
    autre = Client()
    demande = autre.get("/oidc/authenticate/")["Location"]
    assert 'name="login"' in navigateur.get(demande, timeout=10).text
    assert evenements(evenement=Evenement.DECONNEXION) == [(Evenement.DECONNEXION, Moyen.PROCONNECT, "")]


def test_le_point_d_acces_des_jetons_n_accepte_aucune_identite_proconnect(anonyme, proconnect):
    user = compte_de(CAMILLE)
    user.set_unusable_password()
    user.save()
    se_connecter(Client(), CAMILLE)  # linked, signed in by ProConnect

    for corps in (
        {"username": user.username, "password": ""},
        {"username": user.username, "password": CAMILLE["mot_de_passe"]},
        {"username": CAMILLE["email"], "password": CAMILLE["mot_de_passe"]},
        {"id_token": "eyJ…", "sub": "b6c1a3f0e2d94c5e8f7a6b5c4d3e2f10"},
    ):
        reponse = anonyme.post("/api/v1/auth/token/", corps, format="json")
        assert reponse.status_code == 400, corps
        assert "token" not in reponse.json()


def test_le_retour_de_proconnect_est_limite_par_adresse(proconnect, settings):
    settings.CONNEXION_ECHECS_PAR_IP = 2
    for _ in range(2):  # unknown e-mail: two failures from this address
        assert se_connecter(Client(), CAMILLE).status_code == 403
    compte_de(CAMILLE)

    reponse = se_connecter(Client(), CAMILLE)

    assert reponse.status_code == 403
    assert "trop de tentatives" in texte(reponse)
    assert se_connecter(Client(REMOTE_ADDR="192.0.2.7"), CAMILLE)["Location"] == "/espace/"


def test_un_retour_signe_par_un_autre_emetteur_est_refuse(client, proconnect):
    compte_de(CAMILLE)
    retour = parcourir_le_fournisseur(client.get("/oidc/authenticate/")["Location"], CAMILLE)
    assert parametres(retour)["iss"] == proconnect.url  # the test provider names itself (RFC 9207)

    reponse = client.get(chemin(retour).replace("iss=", "iss=https%3A%2F%2Fautre.test&x="))

    assert reponse.status_code == 403
    assert "retour d'un autre émetteur (iss)" in texte(reponse)


def test_la_configuration_se_lit_dans_le_document_de_decouverte(proconnect, capsys):
    call_command("proconnect_configuration", f"{proconnect.url}/.well-known/openid-configuration")

    sortie = capsys.readouterr().out.splitlines()
    assert f"PROCONNECT_ISSUER={proconnect.url}" in sortie
    assert f"PROCONNECT_AUTHORIZATION_ENDPOINT={proconnect.url}/api/v2/authorize" in sortie
    assert f"PROCONNECT_END_SESSION_ENDPOINT={proconnect.url}/api/v2/session/end" in sortie
    assert "# acr_values_supported : eidas1 eidas2 eidas3" in sortie
