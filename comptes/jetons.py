"""API tokens that expire and can be revoked (docs/SECURITY.md).

A token dies after `JETON_INACTIVITE` without use (8 h by default) and in any case
`JETON_DUREE_MAX` after it was issued (24 h); an expired token is deleted on its next use. A
logout (`POST /auth/logout/`), an administrator (`jetons_revoquer`, the accounts admin) or the
deactivation of the account (a signal: every path, the admin's form included) delete the account's
tokens at once. The last use is written at most once a minute, so authenticating costs the one
query DRF already makes."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from comptes.models import ActiviteJeton, User

MESSAGE_JETON_EXPIRE = "Jeton expiré ou révoqué : reconnectez-vous pour en obtenir un nouveau."
ECRITURE_AU_PLUS_TOUTES = timedelta(minutes=1)


def maintenant():
    return timezone.now()


def jeton_expire(jeton: Token, instant) -> bool:
    derniere = jeton.activite.derniere_utilisation if hasattr(jeton, "activite") else jeton.created
    return (
        instant - jeton.created > settings.JETON_DUREE_MAX
        or instant - max(derniere, jeton.created) > settings.JETON_INACTIVITE
    )


class JetonExpirantAuthentication(TokenAuthentication):
    """`Authorization: Token …`, refused once expired (and the token deleted)."""

    def authenticate_credentials(self, key):
        try:
            jeton = Token.objects.select_related("user", "activite").get(key=key)
        except Token.DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(MESSAGE_JETON_EXPIRE) from exc
        if not jeton.user.is_active:
            jeton.delete()
            raise exceptions.AuthenticationFailed(MESSAGE_JETON_EXPIRE)
        instant = maintenant()
        if jeton_expire(jeton, instant):
            jeton.delete()
            raise exceptions.AuthenticationFailed(MESSAGE_JETON_EXPIRE)
        derniere = jeton.activite.derniere_utilisation if hasattr(jeton, "activite") else jeton.created
        if instant - derniere > ECRITURE_AU_PLUS_TOUTES:
            ActiviteJeton.objects.update_or_create(jeton=jeton, defaults={"derniere_utilisation": instant})
        return jeton.user, jeton


def jeton_emettre(*, user: User) -> Token:
    """The token of `user`: the current one while it lives, a new one once it has expired."""
    jeton = Token.objects.select_related("activite").filter(user=user).first()
    if jeton is not None and jeton_expire(jeton, maintenant()):
        jeton.delete()
        jeton = None
    if jeton is None:
        jeton = Token.objects.create(user=user)
    return jeton


def jetons_revoquer(*, user: User) -> int:
    """Delete every API token of `user` (logout, administrator's revocation, deactivation)."""
    return Token.objects.filter(user=user).delete()[0]
