"""Action 2.3 of the pacte — the EMAS mobile team (fiche « Fortifier l'accompagnement autour du logement »).

A partner raises the alarm about an adult in psychiatric suffering, living in autonomous housing in
one of the 5 communes of the Contrat Local de Santé, not followed by psychiatry and unable to ask
for care (`Signalement`). The team (a social worker, a nurse, a psychologist) accepts, refuses or
redirects the referral; accepting opens a follow-up (`SuiviEMAS`) whose interventions
(`Intervention`) and outcomes (access to care, ordinary services, kept at home…) feed the
evaluation of the experiment.

Health data (RGPD art. 9, L.1110-4 of the public-health code), kept in its own compartment:
only holders of the `emas` grant on the person's CURRENT commune read it (`usagers.compartiment`);
administrators and supervisors never do. The evaluation counts by the commune at the time of the
referral, kept in `commune` on the referral and the follow-up.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q

from communes.models import Commune
from config.models import Trace, Versioned
from emas.validators import (
    ACCES_SOINS,
    DUREE_MAX_MINUTES,
    EMAS,
    LONGUEUR_MAX_TEXTE,
    Decision,
    MotifFin,
    Origine,
    SoinsSansConsentement,
    StatutSuivi,
    TypeIntervention,
    valider_duree_minutes,
    valider_motifs,
)
from partenaires.models import Partenaire
from usagers.compartiment import filtre_compartiment
from usagers.models import Usager


class SignalementQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "SignalementQuerySet":
        """Les signalements des personnes résidant dans une commune où l'agent détient l'habilitation EMAS."""
        return self.filter(filtre_compartiment(user, EMAS, champ="usager__commune_id"))


class Signalement(Versioned, Trace):
    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # a referral is part of the experiment's evaluation: it outlives nothing
        related_name="signalements_emas",
        verbose_name="usager",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="commune de résidence au signalement",
        help_text="Renseignée au signalement ; l'évaluation compte par cette commune.",
    )
    date = models.DateField("date du signalement")
    origine = models.CharField("origine (partenaire)", max_length=30, choices=Origine.choices)
    origine_partenaire = models.ForeignKey(
        Partenaire,
        on_delete=models.PROTECT,  # deactivated, never deleted (and its admin deletes nothing)
        related_name="+",
        null=True,
        blank=True,
        verbose_name="partenaire à l'origine du signalement",
    )
    orientee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted
        related_name="+",
        null=True,
        blank=True,
        verbose_name="agent ayant orienté (autre dispositif du pacte)",
    )
    contact = models.CharField(
        "contact de la personne qui signale",
        max_length=255,
        blank=True,
        help_text="Nom, fonction, téléphone.",
    )
    motifs = models.JSONField("motifs", default=list, validators=[valider_motifs])
    description = models.TextField(
        "description de la situation",
        blank=True,
        max_length=LONGUEUR_MAX_TEXTE,
        validators=[MaxLengthValidator(LONGUEUR_MAX_TEXTE)],  # a TextField's max_length is not checked
    )
    # The four criteria of the fiche: empty = not yet assessed (a real state when the referral comes
    # in, from a partner or from another dispositif's orientation); accepting the referral requires
    # all four answered « oui » (`emas.services`).
    majeur = models.BooleanField("la personne est majeure", null=True, blank=True)
    logement_autonome = models.BooleanField("vit en logement autonome", null=True, blank=True)
    non_suivi_psychiatrie = models.BooleanField("n'est pas suivie par la psychiatrie", null=True, blank=True)
    incapacite_demande_soins = models.BooleanField(
        "ne peut pas formuler de demande de soins", null=True, blank=True
    )

    decision = models.CharField(
        "décision", max_length=12, choices=Decision.choices, default=Decision.EN_ATTENTE
    )
    motif_refus = models.CharField("motif du refus", max_length=255, blank=True)
    reoriente_vers = models.CharField("réorienté vers", max_length=255, blank=True)
    reoriente_vers_partenaire = models.ForeignKey(
        Partenaire,
        on_delete=models.PROTECT,  # deactivated, never deleted (and its admin deletes nothing)
        related_name="+",
        null=True,
        blank=True,
        verbose_name="réorienté vers le partenaire",
    )
    date_decision = models.DateField("date de la décision", null=True, blank=True)
    decision_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted
        related_name="+",
        null=True,
        blank=True,
        verbose_name="décision prise par",
    )

    objects = SignalementQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement EMAS"
        verbose_name_plural = "signalements EMAS"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["decision", "date"], name="signalement_decision_date_idx"),
            models.Index(fields=["commune", "date"], name="signalement_commune_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision=Decision.EN_ATTENTE) & Q(date_decision__isnull=True))
                | (~Q(decision=Decision.EN_ATTENTE) & Q(date_decision__gte=F("date"))),
                name="signalement_decision_datee",
                violation_error_message="Une décision a une date, postérieure au signalement.",
            ),
            models.CheckConstraint(
                condition=(Q(decision=Decision.REFUSE) & ~Q(motif_refus=""))
                | (~Q(decision=Decision.REFUSE) & Q(motif_refus="")),
                name="signalement_motif_si_refus",
                violation_error_message="Le motif du refus est indiqué pour un refus, et alors seulement.",
            ),
            models.CheckConstraint(
                condition=(Q(decision=Decision.REORIENTE) & ~Q(reoriente_vers=""))
                | (~Q(decision=Decision.REORIENTE) & Q(reoriente_vers="")),
                name="signalement_vers_si_reorientation",
                violation_error_message="« Réorienté vers » ne s’indique que pour une réorientation.",
            ),
        ]

    def __str__(self) -> str:
        return f"Signalement n°{self.pk} du {self.date:%d/%m/%Y}"


class SuiviEMASQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "SuiviEMASQuerySet":
        """Les suivis des personnes résidant dans une commune où l'agent détient l'habilitation EMAS."""
        return self.filter(filtre_compartiment(user, EMAS, champ="usager__commune_id"))

    def actifs_entre(self, du, au) -> "SuiviEMASQuerySet":
        """Follow-ups running on at least one day of [du, au]."""
        return self.filter(date_debut__lte=au).filter(Q(date_fin__isnull=True) | Q(date_fin__gte=du))


class SuiviEMAS(Versioned, models.Model):
    signalement = models.OneToOneField(
        Signalement,
        on_delete=models.PROTECT,  # one follow-up per accepted referral: accepting twice is impossible
        related_name="suivi",
        verbose_name="signalement",
    )
    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # a follow-up is part of the experiment's evaluation
        related_name="suivis_emas",
        verbose_name="usager",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="commune de résidence au signalement",
        help_text="Celle du signalement ; l'évaluation compte par cette commune.",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="suivis_emas",
        verbose_name="référent (membre de l'équipe)",
    )
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin", null=True, blank=True)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutSuivi.choices, default=StatutSuivi.EN_COURS
    )
    motif_fin = models.CharField("motif de fin", max_length=25, choices=MotifFin.choices, blank=True)

    # Outcomes, updatable on the way and recorded at the end.
    acces_soins_cmp = models.BooleanField("accès aux soins : CMP", default=False)
    acces_soins_psychiatre = models.BooleanField("accès aux soins : psychiatre", default=False)
    acces_soins_medecin_traitant = models.BooleanField("accès aux soins : médecin traitant", default=False)
    acces_soins_hopital = models.BooleanField("accès aux soins : hôpital", default=False)
    droit_commun = models.BooleanField("inscription dans les dispositifs de droit commun", default=False)
    maintien_domicile = models.BooleanField("maintien à domicile", default=False)
    soins_sans_consentement = models.CharField(
        "soins sans consentement",
        max_length=5,
        choices=SoinsSansConsentement.choices,
        default=SoinsSansConsentement.AUCUN,
    )
    rupture_parcours = models.BooleanField("rupture du parcours de soins", default=False)

    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = SuiviEMASQuerySet.as_manager()

    class Meta:
        verbose_name = "suivi EMAS"
        verbose_name_plural = "suivis EMAS"
        ordering = ["-date_debut", "-id"]
        indexes = [
            models.Index(fields=["referent", "statut"], name="suivi_emas_referent_idx"),
            # The daily scan reads the running follow-ups only (emas.rappels.emas_sans_intervention).
            models.Index(
                fields=["date_debut"],
                condition=Q(statut=StatutSuivi.EN_COURS),
                name="suivi_emas_en_cours_idx",
            ),
            models.Index(fields=["commune", "date_debut"], name="suivi_emas_commune_debut_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(statut=StatutSuivi.CLOS) & Q(date_fin__isnull=False) & ~Q(motif_fin=""))
                | (Q(statut=StatutSuivi.EN_COURS) & Q(date_fin__isnull=True) & Q(motif_fin="")),
                name="suivi_emas_clos_a_fin_et_motif",
                violation_error_message="Un suivi clos a une date et un motif de fin, et lui seul.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="suivi_emas_fin_apres_debut",
                violation_error_message="La date de fin ne peut pas précéder la date de début.",
            ),
        ]

    def __str__(self) -> str:
        return f"Suivi EMAS n°{self.pk} depuis le {self.date_debut:%d/%m/%Y}"

    @property
    def acces_soins(self) -> bool:
        return any(getattr(self, champ) for champ in ACCES_SOINS)


class InterventionQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "InterventionQuerySet":
        """Les interventions des suivis que l'agent voit (habilitation EMAS sur la commune de la personne)."""
        return self.filter(filtre_compartiment(user, EMAS, champ="suivi__usager__commune_id"))


class Intervention(Versioned, Trace):
    suivi = models.ForeignKey(
        SuiviEMAS,
        on_delete=models.PROTECT,  # the interventions are the trace of the work evaluated
        related_name="interventions",
        verbose_name="suivi",
    )
    date = models.DateField("date")
    type = models.CharField("type d'intervention", max_length=25, choices=TypeIntervention.choices)
    intervenants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="interventions_emas", verbose_name="intervenants"
    )
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)", validators=[valider_duree_minutes])
    notes = models.TextField(
        "notes",
        blank=True,
        max_length=LONGUEUR_MAX_TEXTE,
        validators=[MaxLengthValidator(LONGUEUR_MAX_TEXTE)],
    )

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = "intervention EMAS"
        verbose_name_plural = "interventions EMAS"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["suivi", "date"], name="intervention_suivi_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree_minutes__gte=1, duree_minutes__lte=DUREE_MAX_MINUTES),
                name="intervention_duree_1_a_1440",
                violation_error_message="La durée est comprise entre 1 minute et 24 heures.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"
