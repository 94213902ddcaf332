"""Accounts of the people who use the product: agents of the four dispositifs, supervisors, administrators."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from rest_framework.authtoken.models import Token

from communes.habilitations import comptes_habilites


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

    @classmethod
    def habilites(cls, dispositif: str, commune=None) -> models.QuerySet:
        """Les comptes actifs qui peuvent être référents d'un dossier de `dispositif` (sur `commune`,
        ou sur au moins une commune) : la règle de `communes.habilitations.peut_etre_referent`."""
        return comptes_habilites(dispositif, commune)


class ActiviteJeton(models.Model):
    """When a token was last used (its inactivity is counted from there)."""

    jeton = models.OneToOneField(
        Token, primary_key=True, on_delete=models.CASCADE, related_name="activite", verbose_name="jeton"
    )
    derniere_utilisation = models.DateTimeField("dernière utilisation")

    class Meta:
        verbose_name = "activité d'un jeton"
        verbose_name_plural = "activités des jetons"

    def __str__(self) -> str:
        return f"{self.jeton_id[:6]}… {self.derniere_utilisation:%Y-%m-%d %H:%M}"
