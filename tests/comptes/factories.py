import factory

from communes.models import Commune
from comptes.models import User
from comptes.roles import Role
from comptes.services import agent_enregistrer


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
