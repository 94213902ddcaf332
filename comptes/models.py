"""Accounts of the people who use the product: agents of the four dispositifs, supervisors, administrators;
and the journal of their sign-ins (local password, ProConnect, API token)."""

import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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
    # The ProConnect identity (`sub`) linked at the first ProConnect sign-in, by the verified e-mail;
    # every later sign-in is matched on it, never on the e-mail again (comptes.proconnect).
    proconnect_sub = models.CharField(
        "identifiant ProConnect (sub)", max_length=255, unique=True, null=True, blank=True, editable=False
    )

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
    """When a token was last used (its inactivity is counted from there), and whether it was issued
    against the account's second factor (comptes.jetons)."""

    jeton = models.OneToOneField(
        Token, primary_key=True, on_delete=models.CASCADE, related_name="activite", verbose_name="jeton"
    )
    derniere_utilisation = models.DateTimeField("dernière utilisation")
    second_facteur = models.BooleanField("délivré avec le second facteur", default=False)

    class Meta:
        verbose_name = "activité d'un jeton"
        verbose_name_plural = "activités des jetons"

    def __str__(self) -> str:
        return f"{self.jeton_id[:6]}… {self.derniere_utilisation:%Y-%m-%d %H:%M}"


class JournalDesConnexionsImmuable(Exception):
    """An entry of the sign-in journal is never changed nor deleted."""


class Evenement(models.TextChoices):
    CONNEXION = "connexion", "connexion"
    ECHEC = "echec", "échec de connexion"
    SECOND_FACTEUR = "second_facteur", "second facteur présenté"
    DECONNEXION = "deconnexion", "déconnexion"
    ENROLEMENT = "enrolement", "enrôlement du second facteur"
    CODES_DE_SECOURS = "codes_de_secours", "nouveaux codes de secours"
    REINITIALISATION = "reinitialisation", "second facteur réinitialisé"
    LIAISON = "liaison", "identité ProConnect liée"
    DELIAISON = "deliaison", "identité ProConnect déliée"


class Moyen(models.TextChoices):
    LOCAL = "local", "identifiant et mot de passe"
    PROCONNECT = "proconnect", "ProConnect"
    JETON = "jeton", "jeton d'API"
    ADMINISTRATION = "administration", "administration"


class EvenementDeConnexionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalDesConnexionsImmuable("Le journal des connexions ne se modifie pas.")

    def delete(self):
        raise JournalDesConnexionsImmuable("Le journal des connexions ne se supprime pas.")


class EvenementDeConnexion(models.Model):
    """Who signed in (or failed to, or signed out, or changed their second factor), how, when and from
    where. Append-only: the model refuses update and delete, and on PostgreSQL a trigger refuses them
    too. No foreign key (like the access journal): an entry outlives the account and names a username
    that may not exist. Never a password, a one-time code or a token."""

    quand = models.DateTimeField("quand", default=timezone.now)
    evenement = models.CharField("événement", max_length=20, choices=Evenement.choices)
    moyen = models.CharField("moyen", max_length=20, choices=Moyen.choices)
    compte_id = models.BigIntegerField("compte (id)", null=True, blank=True)
    # The account's username, or the identifier typed / the e-mail given by ProConnect for a failure.
    compte = models.CharField("compte", max_length=254, blank=True)
    adresse = models.CharField("adresse IP", max_length=45, blank=True)
    motif = models.CharField("motif", max_length=200, blank=True)
    detail = models.CharField("détail", max_length=200, blank=True)
    # An administrator's action on another account (a reset): who did it.
    par_id = models.BigIntegerField("par (id)", null=True, blank=True)
    par = models.CharField("par", max_length=150, blank=True)

    objects = EvenementDeConnexionQuerySet.as_manager()

    class Meta:
        verbose_name = "événement du journal des connexions"
        verbose_name_plural = "journal des connexions"
        ordering = ["-quand", "-id"]
        indexes = [
            models.Index(fields=["quand"], name="connexion_quand_idx"),
            models.Index(fields=["compte_id", "quand"], name="connexion_compte_quand_idx"),
        ]
        triggers = [
            pgtrigger.Protect(name="connexions_ajout_seul", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.quand:%d/%m/%Y %H:%M} {self.compte} {self.get_evenement_display()} ({self.moyen})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalDesConnexionsImmuable("Une entrée du journal des connexions ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalDesConnexionsImmuable("Une entrée du journal des connexions ne se supprime pas.")
