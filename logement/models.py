"""Actions 2.1 and 2.2 of the pacte — fiche « Fortifier l'accompagnement autour du logement ».

- 2.1 ASLL (Accompagnement Social Lié au Logement): a measure of fixed, renewable duration,
  carried by a social worker (référent), with a checkpoint (point d'étape) every two months
  from its start until its end, and an outcome (« bilan des suites ») when it ends.
  Indicators: measures carried out; outcomes of the ended measures.
- 2.2 ACOR Grand Dijon: situations of adults in social exclusion, taken on within a limited
  number of places (`CapaciteACOR`). Indicator: situations taken on.

Access follows the usager's CURRENT commune (grant `asll` or `acor` on it); the indicators
count by the commune of residence at the time of the event, kept in `commune` on each record.
"""

from datetime import date
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When

from communes.habilitations import filtre_communes
from communes.models import Commune
from config.models import FollowsPersonCommune, Trace, Versioned
from config.periodes import aujourdhui
from config.sql import partager
from logement.calendrier import DUREE_MAX_MOIS, date_fin_prevue
from logement.perms import ASLL, filtre_acor, filtre_asll
from logement.validators import (
    Objectif,
    valider_difficultes,
    valider_duree_mois,
    valider_objectifs,
)
from partenaires.models import Partenaire
from usagers.models import Usager

# ---------------------------------------------------------------------------------------------
# Codes
# ---------------------------------------------------------------------------------------------


class TypeMesure(models.TextChoices):
    ACCES = "acces", "Accès à un logement"
    MAINTIEN = "maintien", "Maintien dans le logement"


class PrescripteurASLL(models.TextChoices):
    CCAS = "ccas", "CCAS"
    SERVICE_SOCIAL = "service_social", "Service social métropolitain"
    BAILLEUR = "bailleur", "Bailleur"
    AUTRE = "autre", "Autre"


class FinancementMesure(models.TextChoices):
    """Fiche 2.1: the pacte funds a reinforced support (« accompagnement renforcé »: more frequent
    meetings); an ordinary ASLL measure is funded by the FSL alone. The measures recorded here before
    this field existed were opened by the operator chosen by the pacte's 2020 call for projects, for
    action 2.1: they are pacte measures (the default)."""

    PACTE = "pacte", "Accompagnement renforcé (pacte de solidarité)"
    DROIT_COMMUN = "droit_commun", "Mesure ASLL ordinaire (FSL)"


class TypeRencontre(models.TextChoices):
    """How the worker met the household between two checkpoints (fiche 2.1: « rapprocher la fréquence
    des rencontres »)."""

    ENTRETIEN_BUREAU = "entretien_bureau", "Entretien au bureau"
    VISITE_DOMICILE = "visite_domicile", "Visite à domicile"
    TELEPHONE = "telephone", "Entretien téléphonique"
    ACCOMPAGNEMENT_PHYSIQUE = "accompagnement_physique", "Accompagnement physique (démarche, rendez-vous)"
    AUTRE = "autre", "Autre"


class StatutMesure(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    SUSPENDUE = "suspendue", "Suspendue"
    TERMINEE = "terminee", "Terminée"


class IssueMesure(models.TextChoices):
    OBJECTIFS_ATTEINTS = "objectifs_atteints", "Objectifs atteints"
    OBJECTIFS_PARTIELLEMENT_ATTEINTS = "objectifs_partiellement_atteints", "Objectifs partiellement atteints"
    NON_COLLABORATION = "non_collaboration", "Non-collaboration"
    ORIENTATION = "orientation", "Orientation vers une autre réponse"
    DEMENAGEMENT = "demenagement", "Déménagement"
    AUTRE = "autre", "Autre"


class Orientation(models.TextChoices):
    ACOR = "acor", "ACOR"
    EMAS = "emas", "Équipe mobile EMAS"
    MESURE_BUDGETAIRE = "mesure_budgetaire", "Mesure budgétaire"
    AUTRE = "autre", "Autre"


class EtatPointEtape(models.TextChoices):
    A_VENIR = "a_venir", "À venir"
    EN_RETARD = "en_retard", "En retard"
    REALISE = "realise", "Réalisé"
    NON_TENU = "non_tenu", "Non tenu"
    ANNULE = "annule", "Annulé"


class MotifAnnulation(models.TextChoices):
    CLOTURE = "cloture", "Mesure terminée avant cette date"
    SUSPENSION = "suspension", "Mesure suspendue à cette date"
    # Set by the closure on checkpoints still owed at the end, or by the worker (`point_etape_non_tenu`).
    NON_TENU = "non_tenu", "Non tenu"


class Avancement(models.TextChoices):
    NON_ENGAGE = "non_engage", "Pas encore engagé"
    EN_COURS = "en_cours", "En cours"
    PARTIELLEMENT_ATTEINT = "partiellement_atteint", "Partiellement atteint"
    ATTEINT = "atteint", "Atteint"


class PrescripteurACOR(models.TextChoices):
    CCAS = "ccas", "CCAS"
    SERVICE_SOCIAL = "service_social", "Service social métropolitain"
    BAILLEUR = "bailleur", "Bailleur"
    SANTE = "sante", "Secteur sanitaire ou médico-social"
    ASLL = "asll", "Mesure ASLL"
    DISPOSITIF = "dispositif", "Un autre dispositif du pacte"
    AUTRE = "autre", "Autre"


class StatutSituation(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINEE = "terminee", "Terminée"


class MotifSortie(models.TextChoices):
    OBJECTIFS_ATTEINTS = "objectifs_atteints", "Objectifs atteints"
    RELAIS_DROIT_COMMUN = "relais_droit_commun", "Relais par le droit commun"
    NON_ADHESION = "non_adhesion", "Non-adhésion de la personne"
    DEMENAGEMENT = "demenagement", "Déménagement"
    HOSPITALISATION = "hospitalisation", "Hospitalisation ou hébergement"
    DECES = "deces", "Décès"
    SANS_SUITE = "sans_suite", "Orientation sans suite (avant l'entrée)"
    AUTRE = "autre", "Autre"


# ---------------------------------------------------------------------------------------------
# ASLL (action 2.1)
# ---------------------------------------------------------------------------------------------


class MesureASLLQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "MesureASLLQuerySet":
        """Les mesures des usagers résidant dans une commune où l'agent détient l'habilitation ASLL."""
        return self.filter(filtre_asll(user))

    def avec_prochain_point_etape(self, jour=None) -> "MesureASLLQuerySet":
        """Annotate `prochain_point_etape` (earliest checkpoint neither held nor cancelled, none once
        the measure has ended) and `en_retard` (one of its checkpoints is late, `point_en_retard`),
        in the same SQL query as the measures: a caseload costs one query whatever its size."""
        jour = jour or aujourdhui()
        prochain = (
            PointEtape.objects.filter(point_ouvert(), mesure=OuterRef("pk"))
            .order_by("date_prevue")
            .values("date_prevue")[:1]
        )
        return self.annotate(
            prochain_point_etape=Case(
                When(statut=StatutMesure.TERMINEE, then=Value(None, output_field=models.DateField())),
                default=Subquery(prochain, output_field=models.DateField()),
                output_field=models.DateField(),
            ),
        ).annotate(
            # One of its checkpoints is late (`point_en_retard`: open, its measure in progress, its
            # date past) exactly when its earliest open one is: read from `prochain_point_etape`, not
            # by an EXISTS of its own. A prepared list statement's generic plan turned that EXISTS
            # into a hash of every late checkpoint of the métropole, 7.6 ms for a page of 36 measures
            # (docs/PERFORMANCE.md, figure 2); `tests/logement/test_mesures.py` checks both agree.
            en_retard=Case(
                When(
                    Q(statut=StatutMesure.EN_COURS, prochain_point_etape__lt=jour),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )

    def par_echeance(self) -> "MesureASLLQuerySet":
        """Caseload order: the next due or overdue checkpoint first, measures without one last."""
        return self.order_by(F("prochain_point_etape").asc(nulls_last=True), "date_debut", "id")


class MesureASLL(FollowsPersonCommune, Versioned, Trace):
    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # a measure, even ended, stays in the pacte's execution report
        related_name="mesures_asll",
        verbose_name="usager (personne de référence du ménage)",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,  # the indicators count by this commune: it must outlive nothing
        related_name="+",
        verbose_name="commune de résidence au début de la mesure",
        help_text="Renseignée au début de la mesure ; les indicateurs comptent par cette commune.",
    )
    nb_adultes = models.PositiveSmallIntegerField(
        "adultes du ménage", default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    nb_enfants = models.PositiveSmallIntegerField(
        "enfants du ménage", default=0, validators=[MaxValueValidator(20)]
    )
    type = models.CharField("type de mesure", max_length=10, choices=TypeMesure.choices)
    prescripteur = models.CharField(
        "prescripteur", max_length=20, choices=PrescripteurASLL.choices, default=PrescripteurASLL.AUTRE
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted
        related_name="mesures_asll",
        verbose_name="référent (travailleur social)",
    )
    operateur = models.ForeignKey(
        Partenaire,
        on_delete=models.PROTECT,  # a partner named by a record is deactivated, never deleted
        related_name="+",
        null=True,  # unknown for the measures recorded before it was asked
        blank=True,
        verbose_name="opérateur portant la mesure",
        help_text="Un opérateur de l'annuaire des partenaires (type « opérateur d'un dispositif du pacte »).",
    )
    financement = models.CharField(
        "financement",
        max_length=12,
        choices=FinancementMesure.choices,
        default=FinancementMesure.PACTE,
        help_text="Accompagnement renforcé financé par le pacte, ou mesure ASLL ordinaire.",
    )
    date_debut = models.DateField("date de début")
    duree_mois = models.PositiveSmallIntegerField(
        "durée accordée (mois)",
        validators=[valider_duree_mois],
        help_text="Durée totale accordée, renouvellements compris (24 mois au plus).",
    )
    date_fin_prevue = models.DateField("date de fin prévue", editable=False)
    objectifs = models.JSONField("objectifs", default=list, validators=[valider_objectifs])
    statut = models.CharField(
        "statut", max_length=10, choices=StatutMesure.choices, default=StatutMesure.EN_COURS
    )
    date_suspension = models.DateField("suspendue depuis le", null=True, blank=True)
    date_fin = models.DateField("date de fin", null=True, blank=True)
    issue = models.CharField(
        "issue (bilan des suites)", max_length=40, choices=IssueMesure.choices, blank=True
    )
    orientation = models.CharField("orientation vers", max_length=20, choices=Orientation.choices, blank=True)
    orientation_partenaire = models.ForeignKey(
        Partenaire,
        on_delete=models.PROTECT,  # a partner named by a record is deactivated, never deleted
        related_name="+",
        null=True,
        blank=True,
        verbose_name="partenaire vers lequel la personne est orientée",
    )

    objects = MesureASLLQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure ASLL"
        verbose_name_plural = "mesures ASLL"
        ordering = ["-date_debut", "-id"]
        indexes = [
            models.Index(fields=["referent", "statut"], name="mesure_referent_statut_idx"),
            # The daily scan's running measures past their planned end (logement.rappels.mesures_echues).
            models.Index(
                fields=["date_fin_prevue"],
                condition=Q(statut=StatutMesure.EN_COURS),
                name="mesure_en_cours_fin_idx",
            ),
            models.Index(
                fields=["commune_actuelle", "statut"], name="mesure_commune_actuelle_idx", include=["usager"]
            ),
            models.Index(fields=["commune", "date_debut"], name="mesure_commune_debut_idx"),
            models.Index(fields=["commune", "date_fin"], name="mesure_commune_fin_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree_mois__gte=1, duree_mois__lte=DUREE_MAX_MOIS),
                name="mesure_duree_1_a_24_mois",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="mesure_fin_apres_debut",
                violation_error_message="La date de fin ne peut pas précéder la date de début.",
            ),
            models.CheckConstraint(
                condition=(Q(statut=StatutMesure.TERMINEE) & Q(date_fin__isnull=False) & ~Q(issue=""))
                | (~Q(statut=StatutMesure.TERMINEE) & Q(date_fin__isnull=True) & Q(issue="")),
                name="mesure_terminee_a_fin_et_issue",
                violation_error_message="Une mesure terminée a une date de fin et une issue, et elle seule.",
            ),
            models.CheckConstraint(
                condition=(Q(issue=IssueMesure.ORIENTATION) & ~Q(orientation=""))
                | (~Q(issue=IssueMesure.ORIENTATION) & Q(orientation="")),
                name="mesure_orientation_si_issue_orientation",
                violation_error_message=(
                    "L'orientation est indiquée quand l'issue est une orientation, et alors seulement."
                ),
            ),
            # One running measure per person and type: a second would split the same support.
            models.UniqueConstraint(
                fields=["usager", "type"],
                condition=~Q(statut=StatutMesure.TERMINEE),
                name="mesure_une_en_cours_par_usager_et_type",
                violation_error_message=(
                    "Cette personne a déjà une mesure ASLL de ce type en cours : renouvelez-la ou "
                    "terminez-la avant d'en ouvrir une autre."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Mesure ASLL n°{self.pk} — {self.usager} (depuis le {self.date_debut:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.date_fin_prevue = date_fin_prevue(self.date_debut, self.duree_mois)
        super().save(*args, **kwargs)


@lru_cache(maxsize=2)
def _mesures_par_echeance_du(jour: date) -> MesureASLLQuerySet:
    return partager(MesureASLL.objects.avec_prochain_point_etape(jour).par_echeance())


def mesures_par_echeance(jour: date | None = None) -> MesureASLLQuerySet:
    """Every measure with its next checkpoint and `en_retard` (`avec_prochain_point_etape`), in
    caseload order (`par_echeance`): the API's list filters it by the agent's grants. Built once per
    day and process, then cloned: building its two expressions cost 1 ms of a page, and being the same
    objects at each request, its compiled SELECT is kept too (`config.sql.partager`)."""
    return _mesures_par_echeance_du(jour or aujourdhui()).all()


def point_ouvert() -> Q:
    """Un point d'étape est ouvert tant qu'il n'est ni tenu ni annulé."""
    return Q(date_realisee__isnull=True, annule=False)


def point_du() -> Q:
    """Un point d'étape est dû tant qu'il est ouvert et que sa mesure est en cours (suspendue, le
    calendrier est en pause ; terminée, elle ne doit plus rien : ses points non tenus sont clos)."""
    return point_ouvert() & Q(mesure__statut=StatutMesure.EN_COURS)


def point_en_retard(jour: date) -> Q:
    """Un point d'étape est en retard le lendemain de sa date prévue, tant qu'il est dû."""
    return point_du() & Q(date_prevue__lt=jour)


class PointEtapeQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "PointEtapeQuerySet":
        """Les points d'étape des mesures que l'agent voit (habilitation ASLL sur la commune de l'usager)."""
        return self.filter(filtre_asll(user, "mesure__"))

    def avec_etat(self, jour=None) -> "PointEtapeQuerySet":
        """Annotate `etat` from the stored facts (held, recorded as not held by the worker, cancelled)
        and today's date (`point_en_retard`)."""
        jour = jour or aujourdhui()
        return self.annotate(
            etat=Case(
                When(date_realisee__isnull=False, then=Value(EtatPointEtape.REALISE)),
                When(date_non_tenu__isnull=False, then=Value(EtatPointEtape.NON_TENU)),
                When(annule=True, then=Value(EtatPointEtape.ANNULE)),
                When(point_en_retard(jour), then=Value(EtatPointEtape.EN_RETARD)),
                default=Value(EtatPointEtape.A_VENIR),
                output_field=models.CharField(max_length=10, choices=EtatPointEtape.choices),
            )
        )

    def dus(self) -> "PointEtapeQuerySet":
        """Les points d'étape dus, qu'ils soient à venir ou en retard (`point_en_retard`)."""
        return self.filter(point_du())


class PointEtape(Versioned, models.Model):
    mesure = models.ForeignKey(
        MesureASLL,
        on_delete=models.PROTECT,  # checkpoints are the trace of the support actually given
        related_name="points_etape",
        verbose_name="mesure",
    )
    rang = models.PositiveSmallIntegerField("rang", help_text="1 pour le point à 2 mois, 2 à 4 mois…")
    date_prevue = models.DateField("date prévue")
    date_realisee = models.DateField("date de réalisation", null=True, blank=True)
    compte_rendu = models.TextField("compte rendu", blank=True, max_length=10_000)
    annule = models.BooleanField("annulé", default=False)
    motif_annulation = models.CharField(
        "motif d'annulation", max_length=12, choices=MotifAnnulation.choices, blank=True
    )
    # The worker records that the meeting did not take place (`point_etape_non_tenu`): the checkpoint
    # is closed (`annule`, motif « non tenu »), it owes nothing more and is never late.
    date_non_tenu = models.DateField("non tenu, constaté le", null=True, blank=True)
    raison_non_tenu = models.CharField("raison (point non tenu)", max_length=255, blank=True)
    realise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="saisi par",
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = PointEtapeQuerySet.as_manager()

    class Meta:
        verbose_name = "point d'étape"
        verbose_name_plural = "points d'étape"
        ordering = ["date_prevue", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mesure", "rang"], name="point_etape_unique_par_rang"),
            models.CheckConstraint(
                condition=Q(annule=False) | Q(date_realisee__isnull=True),
                name="point_etape_annule_non_realise",
            ),
            models.CheckConstraint(
                condition=Q(date_non_tenu__isnull=True)
                | Q(annule=True, motif_annulation="non_tenu", date_realisee__isnull=True),
                name="point_etape_non_tenu_clos",
                violation_error_message="Un point d'étape non tenu est clos avec le motif « non tenu ».",
            ),
        ]
        indexes = [
            # The caseload's "next checkpoint" subquery reads only the open checkpoints.
            models.Index(
                fields=["mesure", "date_prevue"],
                condition=Q(date_realisee__isnull=True, annule=False),
                name="point_etape_ouvert_idx",
            ),
            models.Index(fields=["date_prevue"], name="point_etape_date_idx"),
            # The daily scan's open checkpoints by planned date (logement.rappels.points_etape).
            models.Index(
                fields=["date_prevue"],
                condition=Q(date_realisee__isnull=True, annule=False),
                name="point_etape_du_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Point d'étape n°{self.rang} du {self.date_prevue:%d/%m/%Y}"

    @property
    def libelle_etat(self) -> str:
        """The state in words (« Réalisé », « Annulé »…), from the queryset's `avec_etat()`."""
        etat = getattr(self, "etat", "")
        return EtatPointEtape(etat).label if etat in EtatPointEtape.values else ""


class RencontreASLLQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "RencontreASLLQuerySet":
        """Les rencontres des mesures que l'agent voit (habilitation ASLL sur la commune de l'usager)."""
        return self.filter(filtre_asll(user, "mesure__"))


class RencontreASLL(Versioned, Trace):
    """A meeting with the household between two checkpoints (fiche 2.1 wants meetings closer
    together under the pacte: counted per month of measure, pacte and ordinary measures apart)."""

    mesure = models.ForeignKey(
        MesureASLL,
        on_delete=models.PROTECT,  # the meetings are the trace of the support actually given
        related_name="rencontres",
        verbose_name="mesure",
    )
    date = models.DateField("date de la rencontre")
    type = models.CharField("type de rencontre", max_length=25, choices=TypeRencontre.choices)
    note = models.TextField("note", blank=True, max_length=2_000)

    objects = RencontreASLLQuerySet.as_manager()

    class Meta:
        verbose_name = "rencontre ASLL"
        verbose_name_plural = "rencontres ASLL"
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["mesure", "date"], name="rencontre_mesure_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"


class ProgressionObjectif(models.Model):
    """How far one objective of the measure has gone, as assessed at one checkpoint."""

    point_etape = models.ForeignKey(
        PointEtape, on_delete=models.CASCADE, related_name="progressions", verbose_name="point d'étape"
    )
    objectif = models.CharField("objectif", max_length=30, choices=Objectif.choices)
    avancement = models.CharField("avancement", max_length=25, choices=Avancement.choices)

    class Meta:
        verbose_name = "progression d'un objectif"
        verbose_name_plural = "progressions des objectifs"
        ordering = ["point_etape", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["point_etape", "objectif"], name="progression_unique_par_objectif"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_objectif_display()} : {self.get_avancement_display()}"


# ---------------------------------------------------------------------------------------------
# ACOR (action 2.2)
# ---------------------------------------------------------------------------------------------


class CapaciteACORQuerySet(models.QuerySet):
    def couvrant(self, jour) -> "CapaciteACORQuerySet":
        return self.filter(date_debut__lte=jour, date_fin__gte=jour)


class CapaciteACOR(models.Model):
    """Places of the ACOR action for a period, set by an administrator (periods do not overlap)."""

    date_debut = models.DateField("du")
    date_fin = models.DateField("au")
    places = models.PositiveSmallIntegerField("places", validators=[MaxValueValidator(1000)])
    commentaire = models.CharField("commentaire", max_length=255, blank=True)

    objects = CapaciteACORQuerySet.as_manager()

    class Meta:
        verbose_name = "capacité ACOR"
        verbose_name_plural = "capacités ACOR"
        ordering = ["-date_debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__gte=F("date_debut")),
                name="capacite_acor_fin_apres_debut",
                violation_error_message="La fin de la période ne peut pas précéder son début.",
            )
        ]
        indexes = [models.Index(fields=["date_debut", "date_fin"], name="capacite_acor_periode_idx")]

    def __str__(self) -> str:
        return f"{self.places} places du {self.date_debut:%d/%m/%Y} au {self.date_fin:%d/%m/%Y}"

    def clean(self) -> None:
        super().clean()
        if self.date_debut and self.date_fin:
            chevauchements = CapaciteACOR.objects.filter(
                date_debut__lte=self.date_fin, date_fin__gte=self.date_debut
            ).exclude(pk=self.pk)
            if chevauchements.exists():
                raise ValidationError(
                    {"date_debut": f"Cette période chevauche une autre capacité : {chevauchements.first()}."}
                )


class SituationACORQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "SituationACORQuerySet":
        """Les situations des usagers résidant dans une commune où l'agent détient l'habilitation ACOR."""
        return self.filter(filtre_acor(user))

    def occupant_une_place(self, jour) -> "SituationACORQuerySet":
        """Situations in progress on `jour`: entered on or before it and not left before it ends."""
        return self.filter(date_entree__isnull=False, date_entree__lte=jour).filter(
            Q(date_sortie__isnull=True) | Q(date_sortie__gt=jour)
        )

    def liste_d_attente(self) -> "SituationACORQuerySet":
        return self.filter(statut=StatutSituation.EN_ATTENTE).order_by("date_orientation", "id")


class SituationACOR(FollowsPersonCommune, Versioned, Trace):
    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # a situation taken on is counted in the pacte's report
        related_name="situations_acor",
        verbose_name="usager",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="commune de résidence à l'entrée",
        help_text="Renseignée à la prise en charge ; les indicateurs comptent par cette commune.",
    )
    prescripteur = models.CharField(
        "orienté par", max_length=20, choices=PrescripteurACOR.choices, default=PrescripteurACOR.AUTRE
    )
    prescripteur_partenaire = models.ForeignKey(
        Partenaire,
        on_delete=models.PROTECT,  # a partner named by a record is deactivated, never deleted
        related_name="+",
        null=True,
        blank=True,
        verbose_name="partenaire prescripteur",
    )
    orientee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted
        related_name="+",
        null=True,
        blank=True,
        verbose_name="agent ayant orienté (autre dispositif du pacte)",
    )
    date_orientation = models.DateField("date d'orientation")
    date_entree = models.DateField("date d'entrée", null=True, blank=True)
    difficultes = models.JSONField("difficultés", default=list, validators=[valider_difficultes])
    statut = models.CharField(
        "statut", max_length=10, choices=StatutSituation.choices, default=StatutSituation.EN_ATTENTE
    )
    date_sortie = models.DateField("date de sortie", null=True, blank=True)
    motif_sortie = models.CharField("motif de sortie", max_length=20, choices=MotifSortie.choices, blank=True)
    capacite_depassee = models.BooleanField(
        "prise en charge au-delà de la capacité",
        default=False,
        help_text="Vrai quand un encadrant a forcé l'entrée alors que toutes les places étaient occupées.",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="situations_acor",
        null=True,
        blank=True,
        verbose_name="intervenant référent",
    )

    objects = SituationACORQuerySet.as_manager()

    class Meta:
        verbose_name = "situation ACOR"
        verbose_name_plural = "situations ACOR"
        ordering = ["date_orientation", "id"]
        indexes = [
            models.Index(fields=["statut", "date_orientation"], name="situation_statut_orient_idx"),
            # A commune's list, in list order (docs/PERFORMANCE.md, figure 1).
            models.Index(
                fields=["commune_actuelle", "date_orientation", "id"],
                name="situation_commune_actuelle_idx",
                include=["usager"],
            ),
            models.Index(fields=["commune", "date_entree"], name="situation_commune_entree_idx"),
            models.Index(fields=["date_entree", "date_sortie"], name="situation_entree_sortie_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_entree__isnull=True) | Q(date_entree__gte=F("date_orientation")),
                name="situation_entree_apres_orientation",
                violation_error_message="La date d'entrée ne peut pas précéder la date d'orientation.",
            ),
            models.CheckConstraint(
                condition=Q(
                    statut=StatutSituation.EN_ATTENTE, date_entree__isnull=True, date_sortie__isnull=True
                )
                | Q(statut=StatutSituation.EN_COURS, date_entree__isnull=False, date_sortie__isnull=True)
                | (Q(statut=StatutSituation.TERMINEE, date_sortie__isnull=False) & ~Q(motif_sortie="")),
                name="situation_statut_coherent",
                violation_error_message="Le statut ne correspond pas aux dates d'entrée et de sortie.",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie__isnull=True)
                | Q(date_entree__isnull=True, date_sortie__gte=F("date_orientation"))
                | Q(date_sortie__gte=F("date_entree")),
                name="situation_sortie_apres_entree",
                violation_error_message="La date de sortie ne peut pas précéder la date d'entrée.",
            ),
            # One active ACOR situation per person (waiting or in progress).
            models.UniqueConstraint(
                fields=["usager"],
                condition=~Q(statut=StatutSituation.TERMINEE),
                name="situation_une_active_par_usager",
                violation_error_message=(
                    "Cette personne a déjà une situation ACOR en attente ou en cours : "
                    "terminez-la avant d'en ouvrir une autre."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Situation ACOR n°{self.pk} — {self.usager}"


# ---------------------------------------------------------------------------------------------
# ASLL requests (action 2.1): what an orientation from another dispositif starts
# ---------------------------------------------------------------------------------------------


class StatutDemande(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente de la décision du service"
    ACCEPTEE = "acceptee", "Acceptée : une mesure est ouverte"
    REFUSEE = "refusee", "Non retenue"


class DemandeASLLQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "DemandeASLLQuerySet":
        """Les demandes de mesure ASLL des usagers résidant dans une commune où l'agent détient
        l'habilitation ASLL."""
        return self.filter(filtre_communes(user, [ASLL], champ="usager__commune_id"))


class DemandeASLL(Versioned, Trace):
    """A request for the ASLL service to open a measure, received from another dispositif (an
    orientation): the service accepts it (the measure it opened) or does not retain it."""

    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # a person's path between the pacte's dispositifs is kept
        related_name="demandes_asll",
        verbose_name="usager",
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune de résidence à la demande"
    )
    date = models.DateField("date de la demande")
    motif = models.CharField("motif", max_length=255, blank=True)
    note = models.TextField("note de l'agent qui oriente", blank=True, max_length=2_000)
    orientee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted
        related_name="+",
        null=True,
        blank=True,
        verbose_name="agent ayant orienté",
    )
    statut = models.CharField(
        "statut", max_length=12, choices=StatutDemande.choices, default=StatutDemande.EN_ATTENTE
    )
    date_decision = models.DateField("date de la décision", null=True, blank=True)
    motif_refus = models.CharField("motif de la non-prise en charge", max_length=255, blank=True)
    mesure = models.OneToOneField(
        MesureASLL,
        on_delete=models.PROTECT,  # the measure the request led to
        related_name="demande",
        null=True,
        blank=True,
        verbose_name="mesure ouverte",
    )

    objects = DemandeASLLQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de mesure ASLL"
        verbose_name_plural = "demandes de mesure ASLL"
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["statut", "date"], name="demande_asll_statut_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(statut=StatutDemande.EN_ATTENTE, date_decision__isnull=True, mesure__isnull=True)
                | Q(statut=StatutDemande.ACCEPTEE, date_decision__isnull=False, mesure__isnull=False)
                | (Q(statut=StatutDemande.REFUSEE, date_decision__isnull=False) & ~Q(motif_refus="")),
                name="demande_asll_statut_coherent",
                violation_error_message=(
                    "Une demande acceptée porte sa mesure et sa date de décision ; une demande non "
                    "retenue, son motif et sa date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Demande ASLL n°{self.pk} du {self.date:%d/%m/%Y}"


def places_acor(jour) -> tuple[CapaciteACOR | None, int, int | None]:
    """The ACOR capacity covering `jour`, the places taken that day (every commune: a place is a place)
    and the places left (None without a capacity). The admission itself counts again under lock
    (`logement.services.situation_acor_prendre_en_charge`)."""
    capacite = CapaciteACOR.objects.couvrant(jour).first()
    occupees = SituationACOR.objects.occupant_une_place(jour).count()
    return capacite, occupees, (max(capacite.places - occupees, 0) if capacite else None)
