"""Authentication hardening (docs/SECURITY.md): tokens expire and are revoked, passwords are long,
every login path is limited per account and per address, nothing tells whether an account exists."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from comptes import jetons
from comptes.models import ActiviteJeton
from comptes.services import agent_enregistrer
from config.errors import RegleMetierError
from tests.comptes.factories import UserFactory, agent
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db
MOT_DE_PASSE = "motdepasse-test"


def jeton_pour(client: APIClient, username: str) -> str:
    reponse = client.post(
        "/api/v1/auth/token/", {"username": username, "password": MOT_DE_PASSE}, format="json"
    )
    assert reponse.status_code == 200, reponse.content
    return reponse.json()["token"]


def appel(jeton: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton}")
    return client.get("/api/v1/auth/me/")


@pytest.fixture
def horloge(monkeypatch):
    """Frozen time for the token checks: `horloge.avancer(heures=…)`."""

    class Horloge:
        instant = timezone.now()

        def avancer(self, **duree):
            self.instant += timedelta(**duree)

    h = Horloge()
    monkeypatch.setattr(jetons, "maintenant", lambda: h.instant)
    return h


def test_un_jeton_inutilise_8_heures_expire(anonyme, horloge):
    agent("acces_droits", DIJON, username="alice")
    jeton = jeton_pour(anonyme, "alice")
    horloge.avancer(hours=7, minutes=59)
    assert appel(jeton).status_code == 200
    horloge.avancer(hours=7, minutes=59)  # used 7 h 59 ago: still alive
    assert appel(jeton).status_code == 200
    horloge.avancer(hours=8, minutes=1)

    reponse = appel(jeton)

    assert reponse.status_code == 401
    assert "expiré" in reponse.json()["detail"]
    assert not Token.objects.filter(key=jeton).exists()


def test_un_jeton_meurt_24_heures_apres_son_emission_meme_utilise(anonyme, horloge):
    agent("acces_droits", DIJON, username="alice")
    jeton = jeton_pour(anonyme, "alice")
    for _ in range(4):
        horloge.avancer(hours=5, minutes=59)
        assert appel(jeton).status_code == 200
    assert ActiviteJeton.objects.filter(jeton_id=jeton).exists()
    horloge.avancer(minutes=5)  # 24 h 01 after issue

    assert appel(jeton).status_code == 401
    assert jeton_pour(anonyme, "alice") != jeton  # a new login gives a new token


def test_la_deconnexion_revoque_le_jeton(anonyme):
    agent("acces_droits", DIJON, username="alice")
    jeton = jeton_pour(anonyme, "alice")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton}")

    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert appel(jeton).status_code == 401


def test_un_administrateur_revoque_les_jetons_d_un_compte(client, anonyme):
    alice = agent("acces_droits", DIJON, username="alice")
    jeton = jeton_pour(anonyme, "alice")
    client.force_login(UserFactory(administrateur=True))

    reponse = client.post(
        "/admin/comptes/user/", {"action": "revoquer_les_jetons", "_selected_action": [alice.pk]}
    )

    assert reponse.status_code == 302
    assert appel(jeton).status_code == 401


def test_desactiver_un_compte_revoque_ses_jetons_aussitot(anonyme):
    alice = agent("acces_droits", DIJON, username="alice")
    jeton = jeton_pour(anonyme, "alice")
    alice.is_active = False
    alice.save()

    assert not Token.objects.filter(user=alice).exists()
    assert appel(jeton).status_code == 401


def test_un_mot_de_passe_d_agent_fait_12_caracteres_au_moins():
    with pytest.raises(RegleMetierError) as erreur:
        agent_enregistrer(username="bob", role="asll", communes=[], password="Court-2026!")
    assert erreur.value.champ == "password"
    assert "12 caractères" in erreur.value.message
    agent_enregistrer(username="bob", role="asll", communes=[], password="Assez-long-2026!")


def test_compte_inconnu_et_mauvais_mot_de_passe_repondent_pareil(anonyme):
    agent("acces_droits", DIJON, username="alice")
    inconnu = anonyme.post("/api/v1/auth/token/", {"username": "personne", "password": "x"}, format="json")
    faux = anonyme.post("/api/v1/auth/token/", {"username": "alice", "password": "x"}, format="json")
    assert (inconnu.status_code, inconnu.json()) == (faux.status_code, faux.json())


def _echouer(client, chemin: str, username: str, **extra):
    if chemin == "/api/v1/auth/token/":
        return client.post(chemin, {"username": username, "password": "mauvais"}, format="json", **extra)
    return client.post(chemin, {"username": username, "password": "mauvais"}, **extra)


def _reussir(client, chemin: str, username: str, **extra):
    if chemin == "/api/v1/auth/token/":
        reponse = client.post(
            chemin, {"username": username, "password": MOT_DE_PASSE}, format="json", **extra
        )
        return reponse.status_code == 200
    reponse = client.post(chemin, {"username": username, "password": MOT_DE_PASSE}, **extra)
    return reponse.status_code == 302


CHEMINS = ["/api/v1/auth/token/", "/api/v1/auth/login/", "/admin/login/", "/connexion/"]


@pytest.mark.parametrize("chemin", CHEMINS)
@override_settings(CONNEXION_ECHECS_PAR_COMPTE=3, CONNEXION_ECHECS_PAR_IP=100)
def test_chaque_chemin_de_connexion_est_limite_par_compte(chemin):
    agent("acces_droits", DIJON, username="alice", is_staff=True)
    agent("acces_droits", DIJON, username="bruno", is_staff=True)
    for _ in range(3):
        _echouer(APIClient(), chemin, "alice")

    assert not _reussir(APIClient(), chemin, "alice")  # even the right password, from anywhere
    assert _reussir(APIClient(), chemin, "bruno")  # the other accounts still log in


@pytest.mark.parametrize("chemin", CHEMINS)
@override_settings(CONNEXION_ECHECS_PAR_COMPTE=100, CONNEXION_ECHECS_PAR_IP=3)
def test_chaque_chemin_de_connexion_est_limite_par_adresse(chemin):
    agent("acces_droits", DIJON, username="alice", is_staff=True)
    for i in range(3):  # a spray over usernames, each with a forged X-Forwarded-For
        _echouer(APIClient(), chemin, f"essai{i}", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")

    assert not _reussir(APIClient(), chemin, "alice", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert _reussir(APIClient(), chemin, "alice", REMOTE_ADDR="192.0.2.7")  # another address


@override_settings(
    CONNEXION_ECHECS_PAR_COMPTE=100,
    CONNEXION_ECHECS_PAR_IP=2,
    REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1},
)
def test_derriere_un_mandataire_declare_l_adresse_est_celle_qu_il_a_vue():
    agent("acces_droits", DIJON, username="alice")
    chemin = "/api/v1/auth/token/"
    for _ in range(2):
        _echouer(APIClient(), chemin, "x", HTTP_X_FORWARDED_FOR="forge, 198.51.100.1")

    assert not _reussir(APIClient(), chemin, "alice", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert _reussir(APIClient(), chemin, "alice", HTTP_X_FORWARDED_FOR="198.51.100.2")


def test_un_mot_de_passe_change_par_un_administrateur_revoque_les_jetons(client, anonyme):
    """Sessions died with the password (Django's session hash), API tokens lived up to 24 hours."""
    alice = agent("acces_droits", DIJON, username="alice")
    jeton = jeton_pour(anonyme, "alice")
    client.force_login(UserFactory(administrateur=True))

    reponse = client.post(
        f"/admin/comptes/user/{alice.pk}/password/",
        {"password1": "Nouveau-secret-2026!", "password2": "Nouveau-secret-2026!"},
    )

    assert reponse.status_code == 302
    assert not Token.objects.filter(user=alice).exists()
    assert appel(jeton).status_code == 401


def test_tout_changement_de_mot_de_passe_revoque_les_jetons_mais_pas_une_connexion(anonyme):
    alice = agent("acces_droits", DIJON, username="alice")
    jeton = jeton_pour(anonyme, "alice")
    alice.refresh_from_db()
    alice.save()  # an ordinary save (the last sign-in, a name): the tokens stay
    assert appel(jeton).status_code == 200

    alice.set_password("Encore-un-autre-2026!")  # a reset, the shell, `changepassword`
    alice.save()

    assert appel(jeton).status_code == 401
