import django_otp
import factory
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from communes.models import Commune
from comptes.models import User
from comptes.perms import exige_second_facteur
from comptes.roles import Role
from comptes.second_facteur import NOM_APPLICATION, totp_de
from comptes.services import agent_enregistrer

# A fixed TOTP secret (base32) for the tests that type real codes (`code_totp`).
SECRET_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"agent{n}")
    password = factory.django.Password("motdepasse-test")

    class Params:
        administrateur = factory.Trait(is_superuser=True, is_staff=True)


def agent(role: Role | str, *codes_insee: str, username: str | None = None, **kwargs) -> User:
    """An account with `role` and that role's grants on the communes `codes_insee`."""
    user = UserFactory(**({"username": username} if username else {}), **kwargs)
    return agent_enregistrer(
        username=user.username,
        role=role,
        communes=list(Commune.objects.filter(code_insee__in=codes_insee)),
    )


def administrateur_habilite(*codes_insee: str, **kwargs) -> User:
    """An administrator who also holds the supervisor's grants (1.1, 2.1, 2.2) on `codes_insee`
    (all 23 communes by default): administrators read files only through grants, like anyone."""
    codes = codes_insee or tuple(Commune.objects.values_list("pk", flat=True))
    return agent(Role.ENCADRANT, *codes, is_superuser=True, is_staff=True, **kwargs)


def demande_le_second_facteur(user) -> bool:
    """`exige_second_facteur`, read on a fresh copy: the grants it reads stay uncached on `user`."""
    return exige_second_facteur(User.objects.get(pk=user.pk))


def application_enrolee(user) -> TOTPDevice:
    """The account's TOTP application, enrolled if it has none."""
    return totp_de(user) or TOTPDevice.objects.create(user=user, name=NOM_APPLICATION, confirmed=True)


class ClientNavigateur(Client):
    """A browser whose `force_login` signs in as an agent does: an account that needs the second factor
    (administrators, the EMAS team) also presents it — its application enrolled and the session marked
    as the typed code marks it (`django_otp.login`). `force_login(user, second_facteur=False)`: the
    password alone, for the tests of what such a session is refused."""

    def force_login(self, user, backend=None, second_facteur=True):
        super().force_login(user, backend)
        if second_facteur and demande_le_second_facteur(user):
            session = self.session
            session[django_otp.DEVICE_ID_SESSION_KEY] = application_enrolee(user).persistent_id
            session.save()
