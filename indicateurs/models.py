"""Monthly snapshots of the pacte's indicators (all four actions) and the years locked once reported.

A snapshot keeps, for one month, the raw counts of every registered indicator — for the month
itself and for the year to date — by every combination of at most two of its breakdowns
(commune, type, outcome…). They are counts, never persons: suppression is applied when they are
published, like live figures. Re-extracting a month replaces it in one transaction; a locked year
(`AnneeVerrouillee`) refuses it, so the figures sent to the Préfet stay what they were.
"""

from django.conf import settings
from django.db import models


class PorteeValeur(models.TextChoices):
    MOIS = "mois", "Le mois"
    CUMUL = "cumul", "Depuis le 1er janvier"


class Extraction(models.Model):
    annee = models.PositiveSmallIntegerField("année")
    mois = models.PositiveSmallIntegerField("mois")
    extrait_le = models.DateTimeField("extrait le")

    class Meta:
        verbose_name = "extraction mensuelle"
        verbose_name_plural = "extractions mensuelles"
        ordering = ["-annee", "-mois"]
        constraints = [
            models.UniqueConstraint(fields=["annee", "mois"], name="extraction_un_mois_une_fois"),
            models.CheckConstraint(
                condition=models.Q(mois__gte=1, mois__lte=12), name="extraction_mois_valide"
            ),
        ]

    def __str__(self) -> str:
        return f"Indicateurs de {self.mois:02d}/{self.annee}"


class ValeurExtraite(models.Model):
    extraction = models.ForeignKey(
        Extraction,
        on_delete=models.CASCADE,  # derived counts: replaced with their month (a locked year refuses it)
        related_name="valeurs",
        verbose_name="extraction",
    )
    indicateur = models.CharField("indicateur", max_length=60)
    portee = models.CharField("portée", max_length=5, choices=PorteeValeur.choices)
    # The breakdowns of this row, in the indicator's order ("" for the total, "commune,type"…)
    ventilation = models.CharField("ventilation", max_length=60, blank=True)
    cle = models.JSONField("codes", default=list)  # one code per breakdown, same order
    valeur = models.PositiveIntegerField("valeur")

    class Meta:
        verbose_name = "valeur extraite"
        verbose_name_plural = "valeurs extraites"
        indexes = [
            models.Index(fields=["indicateur", "ventilation", "portee"], name="valeur_extraite_lecture_idx")
        ]

    def __str__(self) -> str:
        return f"{self.indicateur} {self.ventilation} {self.cle} = {self.valeur}"


class AnneeVerrouillee(models.Model):
    annee = models.PositiveSmallIntegerField("année", unique=True)
    verrouillee_le = models.DateTimeField("verrouillée le", auto_now_add=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # who locked the reported figures stays known
        related_name="+",
        null=True,
        blank=True,
        verbose_name="par",
    )

    class Meta:
        verbose_name = "année verrouillée"
        verbose_name_plural = "années verrouillées"
        ordering = ["-annee"]

    def __str__(self) -> str:
        return f"Année {self.annee} verrouillée"
