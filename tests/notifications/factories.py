"""Reminders come from the scan; these helpers build the records they are about."""

import datetime

import factory

from comptes.roles import Role
from logement.models import MesureASLL
from logement.rappels import OBJET_POINT_ETAPE, POINT_ETAPE_EN_RETARD
from notifications.models import Notification
from tests.comptes.factories import UserFactory, agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import DIJON, UsagerFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    destinataire = factory.SubFactory(UserFactory)
    type = POINT_ETAPE_EN_RETARD.code
    objet_type = OBJET_POINT_ETAPE.code
    objet_id = factory.Sequence(lambda n: n + 1)
    titre = "Point d'étape en retard"
    message = factory.LazyAttribute(lambda o: f"Le point d'étape n°1 de la mesure ASLL n°{o.objet_id}.")

    class Params:
        lue = factory.Trait(lue_le=factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC)))


def referent(commune: str = DIJON, **kwargs):
    """A social worker with the ASLL grant on `commune` and an e-mail address."""
    user = agent("asll", commune, **kwargs)
    if not user.email:
        user.email = f"{user.username}@exemple.fr"
        user.save(update_fields=["email"])
    return user


def encadrant(*communes: str, **kwargs):
    user = agent(Role.ENCADRANT, *(communes or (DIJON,)), **kwargs)
    user.email = f"{user.username}@exemple.fr"
    user.save(update_fields=["email"])
    return user


def mesure(
    date_debut: datetime.date, duree_mois: int = 6, commune: str = DIJON, par=None, usager=None
) -> MesureASLL:
    """A measure opened through the service (checkpoints at start + 2k months), référent with e-mail."""
    par = par or referent(commune)
    return MesureASLLFactory(
        usager=usager or UsagerFactory(code_commune=commune),
        referent=par,
        date_debut=date_debut,
        duree_mois=duree_mois,
    )
