"""Action 1.4 of the pacte — « Promouvoir une action sociale décloisonnée »: a person's path between
the pacte's dispositifs and towards the partners of the directory.

An agent of one dispositif orients a person they follow to another dispositif (which receives it in
its own workflow: `config.dispositifs.AccueilOrientation`) or to a partner of the directory, with
the person's agreement, given after being told which data are exchanged (`accord_modalite`). The
orienting agent learns the outcome as far as they may know it (`avec_statut`): for a compartment
(EMAS), « reçue » and nothing more.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, CharField, Q, Value, When

from communes.habilitations import filtre_communes
from communes.models import Commune
from config import dispositifs as registre
from config.models import Trace
from partenaires.models import Partenaire
from usagers.models import Usager

LONGUEUR_NOTE = 2_000


class MotifOrientation(models.TextChoices):
    LOGEMENT_MENACE = "logement_menace", "Risque de perte du logement"
    ACCES_LOGEMENT = "acces_logement", "Accès à un logement"
    BUDGET = "budget", "Difficultés budgétaires"
    SOUFFRANCE_PSYCHIQUE = "souffrance_psychique", "Souffrance psychique"
    EXCLUSION = "exclusion", "Exclusion sociale, accompagnement ordinaire en échec"
    ACCES_DROITS = "acces_droits", "Accès aux droits"
    SANTE = "sante", "Accès aux soins"
    EMPLOI = "emploi", "Emploi"
    AUTRE = "autre", "Autre"


class ModaliteAccord(models.TextChoices):
    """How the person agreed, after being told what is exchanged with whom (the pacte's services
    share personal data only with the person informed)."""

    ORAL = "oral", "Accord oral, après information sur les données transmises"
    ECRIT = "ecrit", "Accord écrit, après remise de la notice d'information"
    REPRESENTANT = "representant", "Accord du représentant légal, informé"


class StatutOrientation(models.TextChoices):
    ENVOYEE = "envoyee", "Envoyée"
    RECUE = "recue", "Reçue"
    PRISE_EN_CHARGE = "prise_en_charge", "Prise en charge"
    NON_RETENUE = "non_retenue", "Non retenue"


class OrientationQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "OrientationQuerySet":
        """Une orientation se voit par son auteur ; par l'équipe qui la reçoit (habilitée sur la commune
        de la personne) ; par les agents et encadrants du dispositif d'où elle part ou où elle va,
        habilités sur cette commune — sauf vers un compartiment (EMAS) : hors de l'équipe, seul son
        auteur la voit, et seulement « reçue »."""
        compartiments = registre.codes(compartiment=True)
        condition = Q(cree_par=user.pk)
        for code in registre.codes():
            commune = filtre_communes(user, [code], champ="usager__commune_id")
            if code in compartiments:
                condition |= Q(vers_dispositif=code) & commune
            else:
                condition |= (
                    (Q(vers_dispositif=code) | Q(depuis=code))
                    & ~Q(vers_dispositif__in=compartiments)
                    & commune
                )
        return self.filter(condition)

    def avec_statut(self) -> "OrientationQuerySet":
        """Annotate `statut` in the same query: `envoyee` to a partner; for a dispositif, the outcome
        it declares (`AccueilOrientation.issue`, read from its record) or else `recue` alone."""
        quand = [When(vers_partenaire__isnull=False, then=Value(StatutOrientation.ENVOYEE))]
        for dispositif, accueil in registre.accueils_d_orientation():
            if accueil.issue is not None:
                quand.append(When(vers_dispositif=dispositif.code, then=accueil.issue("cible_id")))
        return self.annotate(
            statut=Case(*quand, default=Value(StatutOrientation.RECUE), output_field=CharField())
        )


class Orientation(Trace):
    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # a person's path between dispositifs is counted by fiche 1.4
        related_name="orientations",
        verbose_name="usager",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="commune de résidence à l'orientation",
        help_text="Les indicateurs comptent par cette commune.",
    )
    date = models.DateField("date de l'orientation")
    depuis = models.CharField("dispositif d'origine", max_length=30)
    vers_dispositif = models.CharField("vers le dispositif", max_length=30, blank=True)
    vers_partenaire = models.ForeignKey(
        Partenaire,
        on_delete=models.PROTECT,  # deactivated, never deleted
        related_name="orientations",
        null=True,
        blank=True,
        verbose_name="vers le partenaire",
    )
    motif = models.CharField("motif", max_length=30, choices=MotifOrientation.choices)
    note = models.TextField(
        "note",
        blank=True,
        max_length=LONGUEUR_NOTE,
        validators=[MaxLengthValidator(LONGUEUR_NOTE)],
    )
    accord_personne = models.BooleanField("accord de la personne")
    accord_modalite = models.CharField(
        "modalité de l'accord et de l'information", max_length=20, choices=ModaliteAccord.choices
    )
    # The record the target's workflow starts with (an ACOR situation, an EMAS referral, an ASLL
    # request): its model and id, read by the target's declared outcome only.
    cible_modele = models.CharField("dossier créé (modèle)", max_length=60, blank=True, editable=False)
    cible_id = models.BigIntegerField("dossier créé (id)", null=True, blank=True, editable=False)

    objects = OrientationQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation"
        verbose_name_plural = "orientations"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["usager", "vers_dispositif"], name="orientation_usager_vers_idx"),
            models.Index(fields=["commune", "date"], name="orientation_commune_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    ~Q(vers_dispositif="") & Q(vers_partenaire__isnull=True) & Q(cible_id__isnull=False)
                )
                | (Q(vers_dispositif="") & Q(vers_partenaire__isnull=False) & Q(cible_id__isnull=True)),
                name="orientation_une_cible",
                violation_error_message="Une orientation va vers un dispositif ou vers un partenaire.",
            ),
            models.CheckConstraint(
                condition=Q(accord_personne=True),
                name="orientation_avec_accord",
                violation_error_message="L'accord de la personne, informée, est requis pour l'orienter.",
            ),
        ]

    def __str__(self) -> str:
        return f"Orientation n°{self.pk} du {self.date:%d/%m/%Y}"

    @property
    def depuis_libelle(self) -> str:
        return libelle_dispositif(self.depuis)

    @property
    def vers(self) -> str:
        """The target's label: the dispositif's title or the partner's name."""
        if self.vers_dispositif:
            return libelle_dispositif(self.vers_dispositif)
        return self.vers_partenaire.nom if self.vers_partenaire else ""


def libelle_dispositif(code: str) -> str:
    try:
        dispositif = registre.dispositif(code)
    except KeyError:
        return code
    return dispositif.libelle or dispositif.titre_action
