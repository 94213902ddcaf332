"""The negative cases of the ProConnect return, with ID tokens and userinfo forged and signed here with
a test key: the provider's HTTP exchange is replaced, every check of `ProConnectBackend` runs for real
(signature, `iss`, `aud`, `exp`, `nonce`, the e-mail rule)."""

import time
from types import SimpleNamespace

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from comptes.models import Evenement, EvenementDeConnexion, User
from comptes.proconnect import ProConnectBackend
from tests.comptes.factories import agent
from tests.comptes.fournisseur import parametres, texte
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db

EMETTEUR = "https://proconnect.test/api/v2"
CLIENT = "pacte-solidarite"
EMAIL = "sacha.durand@dijon-metropole.test"
SUB = "sub-de-sacha"
CLE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
AUTRE_CLE = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def proconnect_forge(settings, monkeypatch):
    """ProConnect configured (its public key given as OIDC_RP_IDP_SIGN_KEY); `forge.id_token` and
    `forge.userinfo` are what the next exchange will answer."""
    settings.OIDC_RP_CLIENT_ID = CLIENT
    settings.OIDC_RP_CLIENT_SECRET = "secret-de-test-du-client-32-caracteres"
    settings.OIDC_OP_ISSUER = EMETTEUR
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{EMETTEUR}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{EMETTEUR}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{EMETTEUR}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{EMETTEUR}/jwks"
    settings.OIDC_RP_IDP_SIGN_KEY = (
        CLE.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    forge = SimpleNamespace(id_token="", userinfo={})
    monkeypatch.setattr(
        ProConnectBackend,
        "get_token",
        lambda self, payload: {"id_token": forge.id_token, "access_token": "a"},
    )
    monkeypatch.setattr(
        ProConnectBackend,
        "_demander_userinfo",
        lambda self, access_token: SimpleNamespace(
            headers={"content-type": "application/jwt; charset=utf-8"}, text=signer(forge.userinfo)
        ),
    )
    return forge


def signer(claims: dict, cle=CLE, algorithm="RS256") -> str:
    return jwt.encode(claims, cle, algorithm=algorithm, headers={"kid": "test"})


def id_token(nonce: str, **autres) -> dict:
    maintenant = int(time.time())
    base = {
        "iss": EMETTEUR,
        "aud": CLIENT,
        "sub": SUB,
        "iat": maintenant,
        "exp": maintenant + 60,
        "nonce": nonce,
    }
    return base | {"acr": "eidas1", "amr": ["pwd"]} | autres


def userinfo(**autres) -> dict:
    return {"iss": EMETTEUR, "aud": CLIENT, "sub": SUB, "email": EMAIL, "given_name": "Sacha"} | autres


def demarrer(client) -> dict:
    return parametres(client.get("/oidc/authenticate/")["Location"])


def revenir(client, state: str):
    return client.get(f"/oidc/callback/?code=code-de-test&state={state}")


def motifs() -> list[str]:
    return list(
        EvenementDeConnexion.objects.filter(evenement=Evenement.ECHEC).values_list("motif", flat=True)
    )


@pytest.fixture
def sacha():
    user = agent("asll", DIJON)
    User.objects.filter(pk=user.pk).update(email=EMAIL)
    return User.objects.get(pk=user.pk)


def test_un_jeton_bien_forme_connecte(client, proconnect_forge, sacha):
    demande = demarrer(client)
    proconnect_forge.id_token = signer(id_token(demande["nonce"]))
    proconnect_forge.userinfo = userinfo()

    assert revenir(client, demande["state"])["Location"] == "/espace/"
    sacha.refresh_from_db()
    assert sacha.proconnect_sub == SUB


@pytest.mark.parametrize(
    "changement, motif",
    [
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "jeton d'identité expiré (exp)"),
        ({"aud": "un-autre-client"}, "jeton destiné à un autre client (aud)"),
        ({"aud": [CLIENT, "un-autre-client"], "azp": "un-autre-client"}, "plusieurs clients"),
        ({"iss": "https://faux-fournisseur.test"}, "jeton d'un autre émetteur (iss)"),
        ({"nonce": "un-autre-nonce-de-32-caracteres-au-moins"}, "nonce du jeton différent"),
        ({"iat": int(time.time()) + 3600}, "jeton émis dans le futur (iat)"),
    ],
    ids=["expire", "audience", "azp", "emetteur", "nonce", "futur"],
)
def test_un_jeton_d_identite_invalide_est_refuse(client, proconnect_forge, sacha, changement, motif):
    demande = demarrer(client)
    proconnect_forge.id_token = signer(id_token(demande["nonce"]) | changement)
    proconnect_forge.userinfo = userinfo()

    reponse = revenir(client, demande["state"])

    assert reponse.status_code == 403
    assert motif in texte(reponse)
    assert motif in motifs()[0]
    assert client.get("/api/v1/auth/me/").status_code in (401, 403)
    sacha.refresh_from_db()
    assert sacha.proconnect_sub is None


@pytest.mark.parametrize(
    "jeton",
    [
        lambda nonce: signer(id_token(nonce), cle=AUTRE_CLE),
        lambda nonce: jwt.encode(id_token(nonce), key=None, algorithm="none"),
        lambda nonce: jwt.encode(
            id_token(nonce), "secret-de-test-du-client-32-caracteres", algorithm="HS256"
        ),
        lambda nonce: "",
    ],
    ids=["autre-cle", "alg-none", "hs256", "absent"],
)
def test_une_signature_fausse_ou_absente_est_refusee(client, proconnect_forge, sacha, jeton):
    demande = demarrer(client)
    proconnect_forge.id_token = jeton(demande["nonce"])
    proconnect_forge.userinfo = userinfo()

    assert revenir(client, demande["state"]).status_code == 403
    assert client.get("/api/v1/auth/me/").status_code in (401, 403)


def test_un_nonce_rejoue_est_refuse(proconnect_forge, sacha):
    premier = Client()
    demande = demarrer(premier)
    jeton_capture = signer(id_token(demande["nonce"]))
    proconnect_forge.id_token = jeton_capture
    proconnect_forge.userinfo = userinfo()
    assert revenir(premier, demande["state"])["Location"] == "/espace/"

    # The same ID token (its nonce already used) replayed in a new sign-in: another nonce is awaited.
    attaquant = Client()
    nouvelle = demarrer(attaquant)
    reponse = revenir(attaquant, nouvelle["state"])

    assert reponse.status_code == 403
    assert "nonce du jeton différent de celui de la demande" in texte(reponse)
    assert attaquant.get("/api/v1/auth/me/").status_code in (401, 403)


def test_une_adresse_non_verifiee_n_ouvre_rien(client, proconnect_forge, sacha, settings):
    demande = demarrer(client)
    proconnect_forge.id_token = signer(id_token(demande["nonce"]))
    proconnect_forge.userinfo = userinfo(email_verified=False)

    reponse = revenir(client, demande["state"])

    assert reponse.status_code == 403
    assert "adresse électronique non vérifiée" in texte(reponse)
    sacha.refresh_from_db()
    assert sacha.proconnect_sub is None

    # A provider that sends no `email_verified`: refused once the deployment demands it.
    settings.PROCONNECT_EMAIL_VERIFIE_EXIGE = True
    demande = demarrer(client)
    proconnect_forge.id_token = signer(id_token(demande["nonce"]))
    proconnect_forge.userinfo = userinfo()
    assert revenir(client, demande["state"]).status_code == 403
    assert motifs() == ["adresse électronique non vérifiée par le fournisseur"] * 2


def test_des_informations_d_une_autre_identite_sont_refusees(client, proconnect_forge, sacha):
    demande = demarrer(client)
    proconnect_forge.id_token = signer(id_token(demande["nonce"]))
    proconnect_forge.userinfo = userinfo(sub="quelqu-un-d-autre")

    reponse = revenir(client, demande["state"])

    assert reponse.status_code == 403
    assert "celles d'une autre identité (sub)" in texte(reponse)


def test_des_informations_mal_signees_sont_refusees(client, proconnect_forge, sacha, monkeypatch):
    demande = demarrer(client)
    proconnect_forge.id_token = signer(id_token(demande["nonce"]))
    monkeypatch.setattr(
        ProConnectBackend,
        "_demander_userinfo",
        lambda self, access_token: SimpleNamespace(
            headers={"content-type": "application/jwt"}, text=signer(userinfo(), cle=AUTRE_CLE)
        ),
    )

    assert revenir(client, demande["state"]).status_code == 403
    assert motifs() == ["signature ou format du jeton invalide"]


def test_un_compte_lie_a_une_autre_identite_n_est_pas_repris(client, proconnect_forge, sacha):
    User.objects.filter(pk=sacha.pk).update(proconnect_sub="une-autre-identite")
    demande = demarrer(client)
    proconnect_forge.id_token = signer(id_token(demande["nonce"]))
    proconnect_forge.userinfo = userinfo()

    assert revenir(client, demande["state"]).status_code == 403
    assert motifs() == ["ce compte est lié à une autre identité ProConnect"]
