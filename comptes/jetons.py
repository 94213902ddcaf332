"""API tokens that expire and can be revoked (docs/SECURITY.md).

A token dies after `JETON_INACTIVITE` without use (8 h by default) and in any case
`JETON_DUREE_MAX` after it was issued (24 h); an expired token is deleted on its next use. A
logout (`POST /auth/logout/`), an administrator (`jetons_revoquer`, the accounts admin) or the
deactivation of the account (a signal: every path, the admin's form included) delete the account's
tokens at once. The last use is written at most once a minute, so authenticating costs the one
query DRF already makes, which reads the account's grants too (`communes.habilitations`).

An account that needs strong authentication (`comptes.perms.exige_second_facteur`: administrators,
the compartments' teams, health data) gets a token only with its second factor (`POST /auth/token/`
with `otp`), and the token remembers it (`ActiviteJeton.second_facteur`): a token issued without it
— before the account joined a compartment's team, say — answers 403 until a new one is obtained with
the code."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from communes.habilitations import habilitations_a_lire_avec, retenir_habilitations
from comptes.models import ActiviteJeton, User
from comptes.perms import exige_second_facteur
from config.sql import LectureCompilee

MESSAGE_JETON_EXPIRE = "Jeton expiré ou révoqué : reconnectez-vous pour en obtenir un nouveau."
MESSAGE_JETON_SANS_SECOND_FACTEUR = (
    "Ce compte demande un second facteur et ce jeton a été délivré sans lui : demandez-en un nouveau à "
    "POST /api/v1/auth/token/ avec le champ « otp » (code de votre application d'authentification)."
)
ECRITURE_AU_PLUS_TOUTES = timedelta(minutes=1)


def maintenant():
    return timezone.now()


def jeton_expire(jeton: Token, instant) -> bool:
    derniere = jeton.activite.derniere_utilisation if hasattr(jeton, "activite") else jeton.created
    return (
        instant - jeton.created > settings.JETON_DUREE_MAX
        or instant - max(derniere, jeton.created) > settings.JETON_INACTIVITE
    )


def jeton_sans_second_facteur_a_verifier(activite: ActiviteJeton | None, a_ecrire: bool) -> bool:
    """Whether to ask `exige_second_facteur` about this token's account. Never for a token issued with
    the second factor. For one issued without it by `jeton_emettre` — whose account needed none then —
    with the minute's activity write, so the account's grants are read at most once a minute: an
    account that joins a compartment's team is refused within a minute (at once by `agent_enregistrer`, which
    revokes such tokens, and at once for a new administrator, `comptes.signaux`). A token issued
    elsewhere (no activity row), on every use."""
    if activite is None:
        return True
    return not activite.second_facteur and a_ecrire


# The token, its account, its activity and the account's grants: one statement, compiled once per
# process (building it cost twice the statement at every request).
_lire_jeton = LectureCompilee(
    lambda cle: (
        Token.objects.select_related("user", "activite")
        .annotate(**habilitations_a_lire_avec("user"))
        .filter(key=cle)
    )
)


class JetonExpirantAuthentication(TokenAuthentication):
    """`Authorization: Token …`, refused once expired (and the token deleted)."""

    def authenticate_credentials(self, key):
        jetons = _lire_jeton(key)
        if not jetons:
            raise exceptions.AuthenticationFailed(MESSAGE_JETON_EXPIRE)
        jeton = jetons[0]
        retenir_habilitations(jeton.user, jeton)  # read with the token: no second round trip
        if not jeton.user.is_active:
            jeton.delete()
            raise exceptions.AuthenticationFailed(MESSAGE_JETON_EXPIRE)
        instant = maintenant()
        if jeton_expire(jeton, instant):
            jeton.delete()
            raise exceptions.AuthenticationFailed(MESSAGE_JETON_EXPIRE)
        activite = getattr(jeton, "activite", None)
        derniere = activite.derniere_utilisation if activite is not None else jeton.created
        a_ecrire = instant - derniere > ECRITURE_AU_PLUS_TOUTES
        if jeton_sans_second_facteur_a_verifier(activite, a_ecrire) and exige_second_facteur(jeton.user):
            raise exceptions.PermissionDenied(MESSAGE_JETON_SANS_SECOND_FACTEUR)
        if a_ecrire:
            ActiviteJeton.objects.update_or_create(jeton=jeton, defaults={"derniere_utilisation": instant})
        return jeton.user, jeton


def jeton_emettre(*, user: User, second_facteur: bool = False) -> Token:
    """The token of `user`: the current one while it lives, a new one once it has expired. Obtained
    with the second factor, it is a new token marked so (one issued without it is replaced)."""
    jeton = Token.objects.select_related("activite").filter(user=user).first()
    if jeton is not None and (
        jeton_expire(jeton, maintenant())
        or (second_facteur and not (hasattr(jeton, "activite") and jeton.activite.second_facteur))
    ):
        jeton.delete()
        jeton = None
    if jeton is None:
        jeton = Token.objects.create(user=user)
        ActiviteJeton.objects.create(
            jeton=jeton, derniere_utilisation=jeton.created, second_facteur=second_facteur
        )
    return jeton


def jetons_revoquer(*, user: User) -> int:
    """Delete every API token of `user` (logout, administrator's revocation, deactivation)."""
    return Token.objects.filter(user=user).delete()[0]


def jetons_sans_second_facteur_revoquer(*, user: User) -> int:
    """Delete the tokens of `user` issued without the second factor (the account now needs it)."""
    sans = Token.objects.filter(user=user).exclude(activite__second_facteur=True)
    return sans.delete()[0]
