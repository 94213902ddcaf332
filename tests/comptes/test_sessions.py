"""Browser sessions (docs/SECURITY.md): idle and absolute lifetime, cookie flags, CSRF on every form
of the sign-in pages."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client

from comptes import middleware
from comptes.models import Evenement, EvenementDeConnexion
from tests.comptes.factories import agent
from tests.config.test_production import ENV_PRODUCTION, manage
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db
MOT_DE_PASSE = "motdepasse-test"


@pytest.fixture
def horloge(monkeypatch):
    """The sessions' clock, frozen: `horloge.avancer(minutes=…)`."""

    class Horloge:
        instant = middleware.maintenant()

        def avancer(self, **duree):
            self.instant += sum(v * {"minutes": 60, "heures": 3600}[k] for k, v in duree.items())

    h = Horloge()
    monkeypatch.setattr(middleware, "maintenant", lambda: h.instant)
    return h


def connecte(client) -> bool:
    return client.get("/api/v1/auth/me/", HTTP_ACCEPT="application/json").status_code == 200


def test_une_session_inactive_se_ferme(client, horloge):
    user = agent("asll", DIJON)
    client.force_login(user)
    horloge.avancer(minutes=59)
    assert connecte(client)
    horloge.avancer(minutes=59)  # 59 minutes since the last request
    assert connecte(client)

    horloge.avancer(minutes=61)

    assert not connecte(client)
    entree = EvenementDeConnexion.objects.filter(evenement=Evenement.DECONNEXION).get()
    assert (entree.compte_id, entree.motif) == (user.pk, "session expirée")


def test_une_session_meurt_12_heures_apres_la_connexion_meme_active(client, horloge):
    client.force_login(agent("asll", DIJON))
    for _ in range(14):
        horloge.avancer(minutes=50)
        assert connecte(client)

    horloge.avancer(minutes=21)  # 12 h 01 after sign-in

    assert not connecte(client)


def test_les_durees_sont_des_reglages(client, horloge, settings):
    settings.SESSION_INACTIVITE = timedelta(minutes=5)
    client.force_login(agent("asll", DIJON))
    horloge.avancer(minutes=6)

    assert not connecte(client)


def test_le_cookie_de_session_est_httponly_samesite_et_secure_en_production():
    agent("asll", DIJON, username="sabine")
    client = Client()

    reponse = client.post("/connexion/", {"username": "sabine", "password": MOT_DE_PASSE})

    cookie = reponse.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 12 * 3600
    lecture = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    production = manage("shell", "-c", lecture, **ENV_PRODUCTION)
    assert production.stdout.split()[-2:] == ["True", "True"], production.stderr


@pytest.mark.parametrize(
    "chemin, corps",
    [
        ("/connexion/", {"username": "sabine", "password": MOT_DE_PASSE}),
        ("/admin/login/", {"username": "sabine", "password": MOT_DE_PASSE}),
        ("/connexion/second-facteur/", {"code": "123456"}),
        ("/connexion/second-facteur/enrolement/", {"code": "123456"}),
        ("/connexion/codes-de-secours/", {}),
        ("/deconnexion/", {}),
        ("/admin/logout/", {}),
    ],
)
def test_chaque_formulaire_demande_le_jeton_csrf(chemin, corps):
    user = agent("emas", DIJON, username="sabine")
    client = Client(enforce_csrf_checks=True)
    if "connexion/" in chemin and "login" not in chemin and chemin != "/connexion/":
        client.force_login(user)

    assert client.post(chemin, corps).status_code == 403
    assert not EvenementDeConnexion.objects.filter(evenement=Evenement.SECOND_FACTEUR).exists()


def test_la_page_de_connexion_porte_le_jeton_csrf():
    page = Client(enforce_csrf_checks=True).get("/connexion/")

    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
