"""Accounts of the people who use the product: agents of the four dispositifs, supervisors, administrators."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Profession(models.TextChoices):
    TRAVAILLEUR_SOCIAL = "travailleur_social", "Travailleur social"
    INFIRMIER = "infirmier", "Infirmier"
    PSYCHOLOGUE = "psychologue", "Psychologue"
    AGENT_ADMINISTRATIF = "agent_administratif", "Agent d'accompagnement administratif"
    ENCADRANT = "encadrant", "Encadrant"
    AUTRE = "autre", "Autre"


class User(AbstractUser):
    profession = models.CharField("profession", max_length=30, choices=Profession.choices, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "compte"
        verbose_name_plural = "comptes"
        swappable = "AUTH_USER_MODEL"
