"""The second factor of the accounts that need one (`comptes.perms.exige_second_facteur`): a TOTP
application (django-otp's `TOTPDevice`) and ten single-use recovery codes (`StaticDevice`).

A browser session is *strong* once the agent typed a code (`django_otp.login` keeps the device in the
session, the session key is rotated) or signed in through ProConnect with an `acr` the deployment
declares strong (`SESSION_ACR_FORT`). The token endpoint verifies the code itself, with
`django_otp.verify_token` (the device row locked, its throttling and the TOTP replay guard applied):
django-otp's middleware never sees DRF's token authentication.

Recovery codes are stored as django-otp stores them (in clear, deleted on use): they are hidden from
the admin, their use is journaled, and they are regenerated as a set."""

import base64
import binascii
import re

import django_otp
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes.models import Evenement, Moyen, User
from comptes.services import evenement_de_connexion_enregistrer
from config.errors import RegleMetierError

SESSION_ACR_FORT = "comptes_acr_fort"
NOM_APPLICATION = "application d'authentification"
NOM_CODES = "codes de secours"
NOMBRE_DE_CODES = 10
CODE_TOTP = re.compile(r"^\d{6}$")


def totp_de(user, *, confirme: bool | None = True) -> TOTPDevice | None:
    """The TOTP application of `user` (confirmed by default; `confirme=None`: either)."""
    appareils = TOTPDevice.objects.filter(user=user)
    if confirme is not None:
        appareils = appareils.filter(confirmed=confirme)
    return appareils.order_by("-pk").first()


def codes_de_secours_de(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def session_forte(request) -> bool:
    """The browser session presented a second factor, or came through ProConnect strongly enough."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    return bool(session.get(django_otp.DEVICE_ID_SESSION_KEY) or session.get(SESSION_ACR_FORT))


def code_verifier(*, user, code: str):
    """The device that accepts `code` for `user` (six digits: the TOTP application; otherwise a
    recovery code), or None. A code is accepted once: a TOTP code not newer than the last one
    accepted is refused (`last_t`), a recovery code is deleted when used."""
    code = "".join(str(code or "").split()).lower()
    if not code or len(code) > 16:
        return None
    appareil = totp_de(user) if CODE_TOTP.match(code) else codes_de_secours_de(user)
    if appareil is None:
        return None
    return django_otp.verify_token(user, appareil.persistent_id, code)


def session_verifier(request, appareil) -> None:
    """The session presented `appareil`: kept in it, the session key rotated, the event journaled."""
    django_otp.login(request, appareil)
    request.session.cycle_key()
    evenement_de_connexion_enregistrer(
        evenement=Evenement.SECOND_FACTEUR,
        moyen=Moyen.LOCAL,
        request=request,
        user=request.user,
        detail=NOM_CODES if isinstance(appareil, StaticDevice) else NOM_APPLICATION,
    )


def cle_depuis_base32(secret: str) -> str:
    """The hexadecimal key django-otp stores, from the base32 secret an application shows."""
    nettoye = "".join(str(secret).split()).upper().rstrip("=")
    try:
        brut = base64.b32decode(nettoye + "=" * (-len(nettoye) % 8))
    except (binascii.Error, ValueError) as exc:
        raise RegleMetierError(
            "Secret TOTP invalide : base32 attendu (A-Z, 2-7).", champ="totp_secret"
        ) from exc
    if len(brut) < 10:
        raise RegleMetierError("Secret TOTP trop court : 16 caractères base32 au moins.", champ="totp_secret")
    return brut.hex()


def secret_base32(appareil: TOTPDevice) -> str:
    return base64.b32encode(appareil.bin_key).decode("ascii").rstrip("=")


@transaction.atomic
def totp_preparer(*, user: User) -> TOTPDevice:
    """The application being enrolled: an unconfirmed device, the same one until it is confirmed
    (reloading the page does not change the secret)."""
    appareil = totp_de(user, confirme=False)
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=user, name=NOM_APPLICATION, confirmed=False)
    return appareil


@transaction.atomic
def totp_confirmer(*, request, appareil: TOTPDevice, code: str) -> list[str] | None:
    """Enrolment: the first code from the application confirms it (the previous application, if
    any, is removed), ten new recovery codes are made, and the session counts as verified. Returns
    the recovery codes to show once, or None when the code is wrong."""
    user = request.user
    verifie = django_otp.verify_token(user, appareil.persistent_id, "".join(str(code or "").split()))
    if verifie is None:
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=verifie.pk).delete()
    verifie.confirmed = True
    verifie.save(update_fields=["confirmed"])
    codes = _codes_remplacer(user)
    evenement_de_connexion_enregistrer(
        evenement=Evenement.ENROLEMENT, moyen=Moyen.LOCAL, request=request, user=user, detail=NOM_APPLICATION
    )
    session_verifier(request, verifie)
    return codes


@transaction.atomic
def totp_enroler(*, user: User, secret: str, request=None, par: User | None = None) -> TOTPDevice:
    """Enrol the application whose base32 `secret` is given (scripted set-ups: `creer_agent
    --totp-secret`), replacing any other; journaled."""
    cle = cle_depuis_base32(secret)
    TOTPDevice.objects.filter(user=user).delete()
    appareil = TOTPDevice.objects.create(user=user, name=NOM_APPLICATION, key=cle, confirmed=True)
    evenement_de_connexion_enregistrer(
        evenement=Evenement.ENROLEMENT,
        moyen=Moyen.ADMINISTRATION,
        request=request,
        user=user,
        par=par,
        detail=f"{NOM_APPLICATION} (secret fourni)",
    )
    return appareil


def _codes_remplacer(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    appareil = StaticDevice.objects.create(user=user, name=NOM_CODES, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(NOMBRE_DE_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=appareil, token=code) for code in codes])
    return codes


@transaction.atomic
def codes_de_secours_generer(*, request, user: User) -> list[str]:
    """A new set of recovery codes (the previous ones stop working); journaled."""
    codes = _codes_remplacer(user)
    evenement_de_connexion_enregistrer(
        evenement=Evenement.CODES_DE_SECOURS, moyen=Moyen.LOCAL, request=request, user=user
    )
    return codes


@transaction.atomic
def second_facteur_reinitialiser(*, user: User, par: User, request=None) -> int:
    """An administrator removes the application and recovery codes of `user` (lost telephone): the
    agent enrols again at their next sign-in. Journaled with who did it."""
    supprimes = (
        TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    )
    evenement_de_connexion_enregistrer(
        evenement=Evenement.REINITIALISATION,
        moyen=Moyen.ADMINISTRATION,
        request=request,
        user=user,
        par=par,
    )
    return supprimes
