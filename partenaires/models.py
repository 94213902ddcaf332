"""Action 1.4 of the pacte — « Promouvoir une action sociale décloisonnée »: the directory of the
partners shared by the 23 communes (CAF, CPAM, the CCAS, the métropole's social service, social
landlords, care, associations, the ASLL operator…), with the communes they serve and their domains.

Administrators maintain it; every agent reads it. A partner is never deleted while a record points
to it: it is deactivated (`actif`), and records keep pointing to it. Its use is counted (fiche 1.4:
« degré d'utilisation de cet outil »): the records pointing to each kind of partner, and the agents
who consulted it each month (`ConsultationAnnuaire`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from communes.models import Commune
from partenaires.validators import TypePartenaire, valider_domaines
from usagers.recherche import normaliser


class PartenaireQuerySet(models.QuerySet):
    def actifs(self) -> "PartenaireQuerySet":
        return self.filter(actif=True)

    def servant(self, commune: str) -> "PartenaireQuerySet":
        """Les partenaires qui servent une commune : les siens, et ceux de toute la métropole."""
        servies = Partenaire.communes.through.objects.filter(partenaire_id=OuterRef("pk"), commune_id=commune)
        return self.filter(Q(toute_la_metropole=True) | Exists(servies))

    def du_domaine(self, domaine: str) -> "PartenaireQuerySet":
        # A JSON list read as text on PostgreSQL and SQLite alike: the quoted code matches one element.
        return self.filter(domaines__icontains=f'"{domaine}"')

    def cherchant(self, terme: str) -> "PartenaireQuerySet":
        """Sans accents ni casse : « cpam » trouve « CPAM de Côte-d'Or », « habitat » les bailleurs."""
        condition = Q()
        for mot in normaliser(terme).split():
            condition &= Q(recherche__contains=mot)
        return self.filter(condition)


class Partenaire(models.Model):
    nom = models.CharField("nom", max_length=200, unique=True)
    type = models.CharField("type", max_length=20, choices=TypePartenaire.choices)
    domaines = models.JSONField("domaines", default=list, blank=True, validators=[valider_domaines])
    toute_la_metropole = models.BooleanField(
        "sert toute la métropole", default=False, help_text="Sinon, les communes cochées seulement."
    )
    communes = models.ManyToManyField(Commune, blank=True, related_name="+", verbose_name="communes servies")
    adresse = models.CharField("adresse", max_length=255, blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    site_web = models.URLField("site web", blank=True)
    contact = models.CharField("point de contact", max_length=255, blank=True)
    actif = models.BooleanField(
        "actif", default=True, help_text="Un partenaire n'est jamais supprimé : il est désactivé."
    )
    recherche = models.CharField("clé de recherche", max_length=200, editable=False, db_index=True)
    cree_le = models.DateTimeField("enregistré le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = PartenaireQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "annuaire des partenaires"
        ordering = ["nom"]
        indexes = [models.Index(fields=["type", "nom"], name="partenaire_type_nom_idx")]

    def __str__(self) -> str:
        return self.nom if self.actif else f"{self.nom} (inactif)"

    def save(self, *args, **kwargs):
        self.recherche = normaliser(self.nom)
        super().save(*args, **kwargs)


class ConsultationAnnuaire(models.Model):
    """An agent consulted the directory in a month, while granted on a commune: one row per agent,
    month and commune (inserted once, `ignore_conflicts`), counted by fiche 1.4's indicator."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted
        related_name="+",
        verbose_name="agent",
    )
    mois = models.DateField("mois (premier jour)")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune")

    class Meta:
        verbose_name = "consultation de l'annuaire"
        verbose_name_plural = "consultations de l'annuaire"
        constraints = [
            models.UniqueConstraint(fields=["agent", "mois", "commune"], name="consultation_une_par_mois")
        ]
        indexes = [models.Index(fields=["commune", "mois"], name="consultation_commune_mois_idx")]

    def __str__(self) -> str:
        return f"Consultation de l'annuaire, {self.mois:%m/%Y}"
