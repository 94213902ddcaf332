"""Action 1.1 of the pacte, fight against non-recours: estimate with OpenFisca-France the rights a
household is probably entitled to, and flag those it has not claimed.

A `Foyer` describes the household of a follow-up — the minimum the model needs, no more; a new
description replaces the previous one (which keeps its validity dates). An `Estimation` is one
run of the model on a snapshot of that description (`entrees`, with its fingerprint), computed by
the worker of the `openfisca` queue; each benefit estimated > 0 and not claimed becomes a `Droit`
in status `identifie`, linked to its estimation by a `DroitDetecte` — at most one per follow-up
and type of right, enforced by the database, so a re-run never duplicates.

What an estimation is not: a decision of the paying body (CAF, MSA, Carsat, département). It
applies the legislation in force on the first day of the month estimated, as coded in the
OpenFisca-France version recorded with it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from accompagnements.models import Accompagnement, Droit, TypeDroit
from accompagnements.perms import filtre_acces_droits
from communes.models import Commune
from usagers.models import Usager

AVERTISSEMENT = (
    "Estimation indicative calculée avec le modèle OpenFisca-France : ce n'est pas une décision de "
    "l'organisme payeur (CAF, MSA, Carsat, département), qui seul ouvre le droit après instruction "
    "de la demande. Elle applique la législation en vigueur le premier jour du mois estimé, telle "
    "que codée dans la version du modèle indiquée, et les ressources déclarées ici, supposées stables."
)

MONTANT_MAX = 100_000  # € per month: beyond, a typing error


def montant_positif():
    return [
        MinValueValidator(0, "Les ressources ne peuvent pas être négatives."),
        MaxValueValidator(MONTANT_MAX, "Montant mensuel invraisemblable (plus de 100 000 €)."),
    ]


# --- Foyer ----------------------------------------------------------------------------------


class SituationCouple(models.TextChoices):
    SEUL = "seul", "Personne seule (sans conjoint)"
    MARIE = "marie", "Marié(e)"
    PACSE = "pacse", "Pacsé(e)"
    CONCUBINAGE = "concubinage", "En concubinage (union libre)"


class StatutOccupation(models.TextChoices):
    # Codes of OpenFisca-France's `statut_occupation_logement`.
    LOCATAIRE_VIDE = "locataire_vide", "Locataire (logement vide, parc privé)"
    LOCATAIRE_MEUBLE = "locataire_meuble", "Locataire (meublé)"
    LOCATAIRE_HLM = "locataire_hlm", "Locataire d'un logement social (HLM)"
    LOCATAIRE_FOYER = "locataire_foyer", "Résident d'un foyer"
    PROPRIETAIRE = "proprietaire", "Propriétaire"
    PRIMO_ACCEDANT = "primo_accedant", "Accédant à la propriété"
    LOGE_GRATUITEMENT = "loge_gratuitement", "Hébergé gratuitement"
    SANS_DOMICILE = "sans_domicile", "Sans domicile"


LOCATAIRES = {
    StatutOccupation.LOCATAIRE_VIDE,
    StatutOccupation.LOCATAIRE_MEUBLE,
    StatutOccupation.LOCATAIRE_HLM,
    StatutOccupation.LOCATAIRE_FOYER,
}


class FoyerQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "FoyerQuerySet":
        """Les foyers des usagers d'une commune où l'agent est habilité « accès aux droits »."""
        return self.filter(filtre_acces_droits(user, "usager__commune_id"))

    def en_vigueur(self) -> "FoyerQuerySet":
        return self.filter(valide_au__isnull=True)


class Foyer(models.Model):
    """The household of a follow-up's person, as declared on `valide_du`; replaced, never edited."""

    accompagnement = models.ForeignKey(
        Accompagnement,
        on_delete=models.PROTECT,  # the estimations computed from it stay explainable
        related_name="foyers",
        verbose_name="accompagnement",
    )
    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # a person's history is never deleted through them
        related_name="foyers",
        verbose_name="personne de référence",
        help_text="La personne suivie : une personne n'appartient qu'à un foyer à la fois.",
    )
    valide_du = models.DateField("valable du", help_text="Date à laquelle la situation a été déclarée.")
    valide_au = models.DateField(
        "valable jusqu'au",
        null=True,
        blank=True,
        help_text="Renseignée quand une nouvelle description du foyer la remplace.",
    )
    situation_couple = models.CharField(
        "situation de couple",
        max_length=15,
        choices=SituationCouple.choices,
        help_text="Le RSA, la prime d'activité et les aides au logement se calculent pour le couple.",
    )
    statut_occupation = models.CharField(
        "statut d'occupation du logement",
        max_length=20,
        choices=StatutOccupation.choices,
        help_text="Les aides au logement dépendent du statut (locataire, propriétaire, hébergé).",
    )
    loyer = models.DecimalField(
        "loyer mensuel hors charges (€)",
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=montant_positif(),
        help_text="Montant de l'aide au logement et forfait logement du RSA ; 0 si non locataire.",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="commune du logement",
        help_text="Code INSEE : il donne la zone des aides au logement (barème des loyers plafonds).",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré par"
    )

    objects = FoyerQuerySet.as_manager()

    class Meta:
        verbose_name = "foyer (ressources du ménage)"
        verbose_name_plural = "foyers (ressources des ménages)"
        ordering = ["-valide_du", "-id"]
        constraints = [
            # A person belongs to one household at a time.
            models.UniqueConstraint(
                fields=["usager"], condition=Q(valide_au__isnull=True), name="foyer_un_seul_en_vigueur"
            ),
            models.CheckConstraint(
                condition=Q(valide_au__isnull=True) | Q(valide_au__gte=models.F("valide_du")),
                name="foyer_validite_ordonnee",
            ),
            models.CheckConstraint(condition=Q(loyer__gte=0), name="foyer_loyer_positif"),
        ]

    def __str__(self) -> str:
        return f"Foyer de {self.usager} (du {self.valide_du:%d/%m/%Y})"


class RoleMembre(models.TextChoices):
    DEMANDEUR = "demandeur", "Personne de référence"
    CONJOINT = "conjoint", "Conjoint"
    ENFANT = "enfant", "Enfant à charge"


class MembreFoyer(models.Model):
    """A member: birth date (age conditions), relation, and monthly resources of the last 3 months."""

    foyer = models.ForeignKey(Foyer, on_delete=models.CASCADE, related_name="membres", verbose_name="foyer")
    role = models.CharField(
        "lien avec la personne de référence",
        max_length=10,
        choices=RoleMembre.choices,
        help_text="Qui est allocataire, conjoint ou à charge (majorations pour enfants, ASF, AF).",
    )
    date_naissance = models.DateField(
        "date de naissance",
        help_text="Conditions d'âge : RSA (25 ans), ASPA (65 ans), AF (enfants de moins de 20 ans).",
    )
    salaire_brut = models.DecimalField(
        "salaire brut mensuel (€)",
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=montant_positif(),
        help_text="Moyenne des trois derniers mois : RSA et prime d'activité.",
    )
    retraite_brute = models.DecimalField(
        "pension de retraite brute mensuelle (€)",
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=montant_positif(),
        help_text="ASPA, aides au logement, RSA.",
    )
    chomage_brut = models.DecimalField(
        "allocation chômage brute mensuelle (€)",
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=montant_positif(),
        help_text="Ressource prise en compte par le RSA et les aides au logement.",
    )
    pension_alimentaire_recue = models.DecimalField(
        "pension alimentaire reçue mensuelle (€)",
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=montant_positif(),
        help_text="Autres ressources : elles réduisent le RSA et conditionnent l'ASF.",
    )

    class Meta:
        verbose_name = "membre du foyer"
        verbose_name_plural = "membres du foyer"
        ordering = ["foyer", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salaire_brut__gte=0)
                & Q(retraite_brute__gte=0)
                & Q(chomage_brut__gte=0)
                & Q(pension_alimentaire_recue__gte=0),
                name="membre_ressources_positives",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} né(e) le {self.date_naissance:%d/%m/%Y}"


# --- Estimation -----------------------------------------------------------------------------


class StatutEstimation(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente du calcul"
    TERMINEE = "terminee", "Terminée"
    ERREUR = "erreur", "Erreur"


class EstimationQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "EstimationQuerySet":
        """Les estimations des usagers d'une commune où l'agent est habilité « accès aux droits »."""
        return self.filter(filtre_acces_droits(user, "accompagnement__commune_actuelle_id"))


class Estimation(models.Model):
    accompagnement = models.ForeignKey(
        Accompagnement, on_delete=models.PROTECT, related_name="estimations", verbose_name="accompagnement"
    )
    foyer = models.ForeignKey(
        Foyer, on_delete=models.PROTECT, related_name="estimations", verbose_name="foyer estimé"
    )
    periode = models.CharField(
        "mois estimé", max_length=7, help_text="AAAA-MM : le mois dont on estime les droits."
    )
    date_legislation = models.DateField("législation en vigueur au")
    statut = models.CharField(
        "statut", max_length=12, choices=StatutEstimation.choices, default=StatutEstimation.EN_ATTENTE
    )
    entrees = models.JSONField("données transmises au modèle")
    empreinte = models.CharField("empreinte des données (SHA-256)", max_length=64, db_index=True)
    resultats = models.JSONField("montants mensuels estimés (€), par droit", null=True, blank=True)
    version_openfisca_france = models.CharField("version d'OpenFisca-France", max_length=30, blank=True)
    version_openfisca_core = models.CharField("version d'OpenFisca-Core", max_length=30, blank=True)
    message_erreur = models.CharField("message d'erreur", max_length=1000, blank=True)
    demandee_le = models.DateTimeField("demandée le", auto_now_add=True)
    terminee_le = models.DateTimeField("terminée le", null=True, blank=True)
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandée par",
        help_text="Vide pour la ré-estimation nocturne.",
    )

    objects = EstimationQuerySet.as_manager()

    class Meta:
        verbose_name = "estimation des droits"
        verbose_name_plural = "estimations des droits"
        ordering = ["-demandee_le", "-id"]
        indexes = [models.Index(fields=["accompagnement", "demandee_le"], name="estimation_accomp_idx")]

    def __str__(self) -> str:
        return f"Estimation n° {self.pk} ({self.periode}, {self.get_statut_display().lower()})"


class DroitDetecteQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "DroitDetecteQuerySet":
        """Les droits détectés des usagers d'une commune où l'agent est habilité « accès aux droits »."""
        return self.filter(filtre_acces_droits(user, "droit__commune_actuelle_id"))


class DroitDetecte(models.Model):
    """A right found by an estimation and not claimed: the `identifie` right it created."""

    droit = models.OneToOneField(
        Droit, on_delete=models.PROTECT, related_name="detection", verbose_name="droit identifié"
    )
    estimation = models.ForeignKey(
        Estimation, on_delete=models.PROTECT, related_name="droits_detectes", verbose_name="estimation"
    )
    accompagnement = models.ForeignKey(
        Accompagnement, on_delete=models.PROTECT, related_name="+", verbose_name="accompagnement"
    )
    type = models.ForeignKey(
        TypeDroit, on_delete=models.PROTECT, related_name="+", verbose_name="type de droit"
    )
    montant_estime = models.DecimalField("montant mensuel estimé (€)", max_digits=9, decimal_places=2)
    motif_ecart = models.CharField(
        "motif d'écart",
        max_length=500,
        blank=True,
        help_text="Pourquoi l'agent a écarté ce droit (situation mal décrite, déjà perçu ailleurs…).",
    )

    objects = DroitDetecteQuerySet.as_manager()

    class Meta:
        verbose_name = "droit détecté par estimation"
        verbose_name_plural = "droits détectés par estimation"
        ordering = ["-id"]
        constraints = [
            # Re-running an estimation never identifies the same right twice for a follow-up.
            models.UniqueConstraint(fields=["accompagnement", "type"], name="droit_detecte_unique_par_suivi"),
        ]

    def __str__(self) -> str:
        return f"{self.type} estimé à {self.montant_estime} €/mois"

    def clean(self) -> None:
        if self.montant_estime is not None and self.montant_estime <= 0:
            raise ValidationError({"montant_estime": "Seul un droit estimé à plus de 0 € est détecté."})
