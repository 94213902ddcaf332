"""Every login path — `/auth/token/`, `/auth/login/` (browsable API) and `/admin/login/` — goes
through `django.contrib.auth.authenticate`, which calls this backend first: after
`CONNEXION_ECHECS_PAR_COMPTE` failures for one username, or `CONNEXION_ECHECS_PAR_IP` from one
address, within `CONNEXION_FENETRE`, further attempts are refused without checking the password,
until the window passes. Usernames that do not exist are counted the same way, and the answer is
the same « invalid credentials » either way, so nothing tells whether an account exists.

The address is the peer's, or — behind `NUM_PROXIES` reverse proxies declared by the deployment —
the one the last of them saw; by default (no proxy) `X-Forwarded-For` is ignored, so a client
cannot pick the address it is counted under. Counters live in the cache (Redis in production); if
it is down, logins are not counted rather than refused (logged)."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

logger = logging.getLogger(__name__)


def adresse_du_client(request) -> str:
    """The client's IP address, trusting `X-Forwarded-For` only for the declared proxies."""
    if request is None:
        return ""
    distante = request.META.get("REMOTE_ADDR", "")
    mandataires = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    transmises = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if mandataires > 0 and transmises:
        adresses = [a.strip() for a in transmises.split(",") if a.strip()]
        if adresses:
            return adresses[-min(mandataires, len(adresses))]
    return distante


def _cles(request, username) -> list[tuple[str, int]]:
    cles = []
    if username:
        empreinte = hashlib.sha256(str(username).strip().lower().encode("utf-8", "replace")).hexdigest()
        cles.append((f"connexion:compte:{empreinte}", settings.CONNEXION_ECHECS_PAR_COMPTE))
    adresse = adresse_du_client(request)
    if adresse:
        empreinte = hashlib.sha256(adresse.encode("utf-8", "replace")).hexdigest()
        cles.append((f"connexion:ip:{empreinte}", settings.CONNEXION_ECHECS_PAR_IP))
    return cles


def connexion_bloquee(request, username) -> bool:
    try:
        valeurs = cache.get_many([cle for cle, _ in _cles(request, username)])
    except Exception:  # noqa: BLE001 - the cache down must not lock everyone out
        logger.exception("Compteur des connexions indisponible : tentative non limitée")
        return False
    return any(valeurs.get(cle, 0) >= limite for cle, limite in _cles(request, username))


@receiver(user_login_failed, dispatch_uid="comptes.connexion.echec")
def compter_un_echec(sender, credentials, request=None, **kwargs):
    fenetre = int(settings.CONNEXION_FENETRE.total_seconds())
    for cle, _ in _cles(request, credentials.get("username")):
        try:
            if cache.add(cle, 1, fenetre):
                continue
            cache.incr(cle)
        except ValueError:  # expired between add and incr
            cache.add(cle, 1, fenetre)
        except Exception:  # noqa: BLE001
            logger.exception("Compteur des connexions indisponible : échec non compté")


class LimiteDesConnexionsBackend:
    """First in AUTHENTICATION_BACKENDS: refuses (PermissionDenied stops the chain) while the
    username or the address is over its limit; otherwise lets the next backend check the password.
    It has no `get_user`, so a session is never attached to it (the test client's `force_login`
    and `login()` pick the first backend that has one)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if connexion_bloquee(request, username):
            if request is not None:
                request.motif_d_echec = "trop de tentatives : refusé sans vérifier les identifiants"
            raise PermissionDenied("Trop de tentatives de connexion.")
        return None
