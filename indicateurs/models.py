"""Monthly snapshots of the pacte's indicators (all four actions) and the years locked once reported.

A snapshot keeps, for one month, the raw counts of every registered indicator — for the month
itself and for the year to date — by every combination of at most two of its breakdowns
(commune, type, outcome…). They are counts, never persons: suppression is applied when they are
published, like live figures. Re-extracting a month replaces it in one transaction; a locked year
(`AnneeVerrouillee`) refuses it, so the figures sent to the Préfet stay what they were.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models

from indicateurs.annexe import actions_connues
from indicateurs.registre import indicateur as indicateur_declare


def _verifier_action(action: str, *, vide_permis: bool = False) -> None:
    """(In `clean`, not as a field validator: migrations freeze no application code.)"""
    if vide_permis and not action:
        return
    if action not in actions_connues():
        raise ValidationError(
            {"action": f"Action inconnue « {action} » (connues : {', '.join(actions_connues())})."}
        )


class PorteeValeur(models.TextChoices):
    MOIS = "mois", "Le mois"
    CUMUL = "cumul", "Depuis le 1er janvier"
    TRIMESTRE = "trim", "Le trimestre (extraction de son dernier mois)"


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


class ProductionEtat(models.Model):
    """Each production of figures at the « rapport à l'État » level (exact métropole totals), by an
    administrator: who, when, what. Append-only (no update, no delete from the application)."""

    quand = models.DateTimeField("quand", auto_now_add=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # who produced exact totals stays known
        related_name="+",
        verbose_name="par",
    )
    quoi = models.CharField("production", max_length=255)

    class Meta:
        verbose_name = "production au niveau « rapport à l'État »"
        verbose_name_plural = "productions au niveau « rapport à l'État »"
        ordering = ["-quand", "-id"]

    def __str__(self) -> str:
        return f"{self.quoi} ({self.quand:%d/%m/%Y %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Une production au niveau « rapport à l'État » ne se modifie pas.")
        super().save(*args, **kwargs)


# --- What the report to the State adds to the counts (art. 2.3 and 2.4 of the convention) ---------
# Written by administrators (admin). The actions are those of annex 1 (`indicateurs/annexe_1.json`)
# and those the dispositifs declare; `action` is their code (« 2.1 »).


class Financeur(models.TextChoices):
    ETAT = "etat", "État"
    METROPOLE = "metropole", "Dijon Métropole"


class ExecutionFinanciere(models.Model):
    """Per year, action and financer: the final amount (for the State, the one the avenant fixes),
    the amounts actually committed and spent (€)."""

    annee = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(2000)])
    action = models.CharField("action", max_length=10)
    financeur = models.CharField("financeur", max_length=10, choices=Financeur.choices)
    montant_definitif = models.DecimalField(
        "montant définitif (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Pour l'État : le montant fixé par l'avenant. Vide : le montant prévu s'applique.",
    )
    engage = models.DecimalField(
        "engagé (€)", max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    depense = models.DecimalField(
        "dépensé (€)", max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = "exécution financière"
        verbose_name_plural = "exécution financière (par action et financeur)"
        ordering = ["-annee", "action", "financeur"]
        constraints = [
            models.UniqueConstraint(
                fields=["annee", "action", "financeur"],
                name="execution_une_par_action_et_financeur",
                violation_error_message="Cette action a déjà son exécution pour ce financeur cette année.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.annee} — action {self.action} — {self.get_financeur_display()}"

    def clean(self) -> None:
        _verifier_action(self.action)


class Avenant(models.Model):
    """The avenant that fixes the State's final amounts of a year: its date and reference."""

    annee = models.PositiveSmallIntegerField("année", unique=True, validators=[MinValueValidator(2000)])
    date = models.DateField("date de l'avenant")
    reference = models.CharField("référence", max_length=100)

    class Meta:
        verbose_name = "avenant financier"
        verbose_name_plural = "avenants financiers"
        ordering = ["-annee"]

    def __str__(self) -> str:
        return f"Avenant {self.reference} ({self.annee})"


class Objectif(models.Model):
    """A yearly target of an indicator (the value the convention or its avenant sets)."""

    indicateur = models.CharField("indicateur", max_length=60)
    annee = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(2000)])
    valeur = models.PositiveIntegerField("objectif")
    precision = models.CharField(
        "précision", max_length=255, blank=True, help_text="Ex. : « sept agents à partir du 1er juin »."
    )

    class Meta:
        verbose_name = "objectif annuel"
        verbose_name_plural = "objectifs annuels"
        ordering = ["-annee", "indicateur"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "annee"],
                name="objectif_un_par_indicateur_et_annee",
                violation_error_message="Cet indicateur a déjà un objectif pour cette année.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicateur} {self.annee} : {self.valeur}"

    def clean(self) -> None:
        if indicateur_declare(self.indicateur) is None:
            raise ValidationError({"indicateur": f"Indicateur inconnu « {self.indicateur} »."})


class VersionBilan(models.Model):
    """The bilan global: a text per action (and an overall one, `action` empty) and per year.
    Versioned by construction: every save is a new row, the latest is the text of the report."""

    annee = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(2000)])
    action = models.CharField("action", max_length=10, blank=True, help_text="Vide : le bilan d'ensemble.")
    texte = models.TextField("texte", max_length=20_000, validators=[MaxLengthValidator(20_000)])
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    quand = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "version du bilan global"
        verbose_name_plural = "bilan global (versions)"
        ordering = ["-annee", "action", "-quand", "-id"]

    def __str__(self) -> str:
        return f"Bilan {self.annee} — {('action ' + self.action) if self.action else 'ensemble'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Une version du bilan ne se modifie pas : enregistrez-en une nouvelle.")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        _verifier_action(self.action, vide_permis=True)
