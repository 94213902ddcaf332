"""The access journal (CNIL, référentiel « action sociale » 2021 and its logging recommendation):
who consulted or changed which nominative record, when, from where. Serves every dispositif.

Append-only: the model refuses update and delete; on PostgreSQL a trigger created by migration
(`0002_journal_ajout_seul`) refuses any `UPDATE` or `DELETE`, raw SQL included, except the
scheduled purge of rows older than `JOURNAL_CONSERVATION_MOIS` (`journal.services.journal_purger`).
No foreign key: the table may live in its own database (`config.routers.JournalRouter`,
setting `JOURNAL_DATABASE`), so the author and the record are kept as ids and a name.
"""

from django.db import models
from django.utils import timezone

from comptes.perms import est_dpo, peut_lire_les_journaux
from journal.perms import compartiments_de


class JournalImmuable(Exception):
    """A journal entry is never changed nor deleted."""


class Action(models.TextChoices):
    LU = "lu", "consultation d'un dossier"
    LISTE = "liste", "affichage dans une liste"
    CREE = "cree", "création"
    MODIFIE = "modifie", "modification"
    SUPPRIME = "supprime", "suppression"
    EXPORTE = "exporte", "export"


class Origine(models.TextChoices):
    API = "api", "API"
    ADMIN = "admin", "administration"
    ESPACE = "espace", "espace de travail"
    TACHE = "tache", "tâche planifiée ou commande"


class EntreeJournalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalImmuable("Le journal des accès ne se modifie pas.")

    def delete(self):
        raise JournalImmuable("Le journal des accès ne se supprime pas (seule la purge planifiée le fait).")

    def _purger(self):
        """Only `journal.services.journal_purger` calls this (and the trigger checks the dates)."""
        return super().delete()

    def visibles_par(self, user) -> "EntreeJournalQuerySet":
        """Les administrateurs et le délégué à la protection des données (rôle `dpo`) lisent le
        journal ; les entrées d'un compartiment (données de santé) ne sont lues que par le `dpo` et
        par les membres de ce compartiment."""
        if not peut_lire_les_journaux(user):
            return self.none()
        if est_dpo(user):
            return self
        return self.filter(compartiment__in=["", *compartiments_de(user)])


class EntreeJournal(models.Model):
    quand = models.DateTimeField("quand", default=timezone.now)
    auteur_id = models.BigIntegerField("compte (id)", null=True, blank=True)
    auteur = models.CharField("compte", max_length=150, blank=True)
    action = models.CharField("action", max_length=10, choices=Action.choices)
    origine = models.CharField("origine", max_length=10, choices=Origine.choices)
    objet_type = models.CharField("type de dossier", max_length=100)  # "app_label.model"
    objet_id = models.BigIntegerField("dossier (id)")
    usager_id = models.BigIntegerField("personne (id)", null=True, blank=True)
    # The compartment (health data) the entry reveals: its record's, its person's, or its author's
    # (a team member's reads reveal the team's interest in a person). "" for the shared register.
    compartiment = models.CharField("compartiment (données de santé)", max_length=10, blank=True, default="")
    requete = models.CharField("identifiant de requête", max_length=64, blank=True)

    objects = EntreeJournalQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal des accès"
        verbose_name_plural = "journal des accès"
        ordering = ["-quand", "-id"]
        indexes = [
            models.Index(fields=["usager_id", "quand"], name="journal_usager_quand_idx"),
            models.Index(fields=["quand"], name="journal_quand_idx"),
            models.Index(fields=["objet_type", "objet_id"], name="journal_objet_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.quand:%d/%m/%Y %H:%M} {self.auteur} {self.action} {self.objet_type} {self.objet_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalImmuable("Une entrée du journal des accès ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalImmuable("Une entrée du journal des accès ne se supprime pas.")
