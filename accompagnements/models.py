"""Action 1.1 of the pacte: administrative support and the fight against non-recours.

Agents receive people (contacts), help them through administrative steps (démarches) and get
the rights they are entitled to opened (droits). The pacte's indicators are the number of
persons received by an agent and the number of rights opened, per period and commune; the
commune counted is the commune of residence at the time of the event (`commune` snapshot on
`Contact` and `Droit`), not the usager's commune of today.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from accompagnements.perms import filtre_acces_droits
from communes.models import Commune
from config.models import FollowsPersonCommune, Trace, Versioned
from config.validators import valider_date_pas_future, valider_date_plausible
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from usagers.models import Usager

DUREE_MAX_MINUTES = 8 * 60


# --- Accompagnement -------------------------------------------------------------------------


class StatutAccompagnement(models.TextChoices):
    OUVERT = "ouvert", "Ouvert"
    CLOS = "clos", "Clos"


class MotifCloture(models.TextChoices):
    DEMARCHES_ABOUTIES = "demarches_abouties", "Démarches abouties"
    AUTONOMIE = "autonomie", "Personne autonome dans ses démarches"
    ORIENTATION = "orientation", "Orientation vers un autre accompagnement"
    INJOIGNABLE = "injoignable", "Personne injoignable"
    REFUS = "refus", "Refus de la personne"
    DEMENAGEMENT = "demenagement", "Déménagement hors de la métropole"
    AUTRE = "autre", "Autre"


class AccompagnementQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "AccompagnementQuerySet":
        """Les accompagnements des usagers d'une commune où l'agent est habilité « accès aux droits »."""
        return self.filter(filtre_acces_droits(user, "commune_actuelle_id"))


class Accompagnement(FollowsPersonCommune, Versioned, Trace):
    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # a person's follow-up is part of the pacte's report: they cannot vanish
        related_name="accompagnements",
        verbose_name="usager",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted: who followed stays known
        related_name="accompagnements_suivis",
        verbose_name="référent (agent d'accompagnement)",
    )
    date_debut = models.DateField(
        "date de début", validators=[valider_date_pas_future, valider_date_plausible]
    )
    date_fin = models.DateField(
        "date de fin", null=True, blank=True, validators=[valider_date_pas_future, valider_date_plausible]
    )
    statut = models.CharField(
        "statut", max_length=10, choices=StatutAccompagnement.choices, default=StatutAccompagnement.OUVERT
    )
    motif_cloture = models.CharField(
        "motif de clôture", max_length=30, choices=MotifCloture.choices, blank=True
    )

    objects = AccompagnementQuerySet.as_manager()

    class Meta:
        verbose_name = "accompagnement"
        verbose_name_plural = "accompagnements"
        ordering = ["-date_debut", "-id"]
        indexes = [
            models.Index(fields=["usager", "statut"], name="accomp_usager_statut_idx"),
            # A commune's list, in list order: one index range (figure 1 of docs/PERFORMANCE.md).
            models.Index(
                fields=["commune_actuelle", "-date_debut", "-id"],
                name="accomp_commune_actuelle_idx",
                include=["usager"],
            ),
            models.Index(fields=["referent", "statut", "date_debut"], name="accomp_referent_idx"),
            models.Index(fields=["date_debut"], name="accomp_date_debut_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_fin__isnull=True) | models.Q(date_fin__gte=models.F("date_debut")),
                name="accomp_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=models.Q(statut="ouvert", date_fin__isnull=True)
                | models.Q(statut="clos", date_fin__isnull=False),
                name="accomp_clos_a_une_date_de_fin",
            ),
            # One open follow-up per person and référent: a second would split the same history.
            models.UniqueConstraint(
                fields=["usager", "referent"],
                condition=models.Q(statut="ouvert"),
                name="accomp_un_ouvert_par_usager_et_referent",
                violation_error_message=(
                    "Cette personne a déjà un accompagnement ouvert avec ce référent : "
                    "poursuivez-le ou clôturez-le avant d'en ouvrir un autre."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Accompagnement de {self.usager} depuis le {self.date_debut:%d/%m/%Y}"

    def clean(self) -> None:
        erreurs = {}
        if self.date_fin and self.date_debut and self.date_fin < self.date_debut:
            erreurs["date_fin"] = "La date de fin ne peut pas précéder la date de début."
        if self.statut == StatutAccompagnement.CLOS:
            if not self.date_fin:
                erreurs["date_fin"] = "Un accompagnement clos a une date de fin."
            if not self.motif_cloture:
                erreurs["motif_cloture"] = "Indiquez le motif de clôture."
        else:
            if self.date_fin:
                erreurs["date_fin"] = "Un accompagnement ouvert n'a pas de date de fin (clôturez-le)."
            if self.motif_cloture:
                erreurs["motif_cloture"] = "Le motif de clôture ne s'indique qu'à la clôture."
        if erreurs:
            raise ValidationError(erreurs)


# --- Contact --------------------------------------------------------------------------------


class ModeContact(models.TextChoices):
    TELEPHONE = "telephone", "Téléphone"
    RENDEZ_VOUS = "rendez_vous", "Rendez-vous à l'antenne ou au CCAS"
    DOMICILE = "domicile", "Visite à domicile"
    AUTRE = "autre", "Autre"


# Where fiche 1.1's agents receive the public (« public du service social métropolitain et des CCAS »,
# and fiche 1.5's « fréquentation aux antennes »): the kinds of partner a contact's place may be.
TYPES_LIEU_ACCUEIL: tuple[str, ...] = (TypePartenaire.SERVICE_SOCIAL, TypePartenaire.CCAS)
LIEU_ACCUEIL_REFUSE = (
    "Le lieu d'accueil doit être une antenne du service social métropolitain ou le CCAS d'une commune, "
    "actif dans l'annuaire des partenaires."
)


def lieux_d_accueil() -> models.QuerySet:
    """The places a contact may newly name: the active antennas and CCAS of the directory (the API's
    field, the service and the workspace's list read this one rule)."""
    return Partenaire.objects.actifs().filter(type__in=TYPES_LIEU_ACCUEIL)


class ContactQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "ContactQuerySet":
        """Les contacts des usagers d'une commune où l'agent est habilité « accès aux droits »."""
        return self.filter(filtre_acces_droits(user, "accompagnement__commune_actuelle_id"))


class Contact(Versioned, models.Model):
    """One time a person was received (phone, appointment, home visit). Counted by local day."""

    accompagnement = models.ForeignKey(
        Accompagnement,
        on_delete=models.PROTECT,  # a contact is a counted reception of the pacte: it outlives nothing
        related_name="contacts",
        verbose_name="accompagnement",
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="commune de résidence au moment du contact",
        help_text="Renseignée automatiquement : la commune de l'usager à l'enregistrement du contact.",
    )
    date = models.DateTimeField("date et heure", validators=[valider_date_pas_future, valider_date_plausible])
    mode = models.CharField("mode", max_length=20, choices=ModeContact.choices)
    lieu = models.CharField("lieu", max_length=200, blank=True)
    lieu_accueil = models.ForeignKey(
        Partenaire,
        on_delete=models.PROTECT,  # a partner named by a record is deactivated, never deleted
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"type__in": TYPES_LIEU_ACCUEIL},
        verbose_name="lieu d'accueil",
        help_text=(
            "L'antenne du service social métropolitain ou le CCAS où la personne a été reçue "
            "(annuaire des partenaires) ; vide pour les contacts enregistrés avant."
        ),
    )
    duree_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)",
        validators=[
            MinValueValidator(1, "La durée doit être d'au moins une minute."),
            MaxValueValidator(DUREE_MAX_MINUTES, "La durée ne peut pas dépasser 8 heures (480 minutes)."),
        ],
    )
    note = models.CharField("note", max_length=500, blank=True)

    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré par"
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["commune", "date"], name="contact_commune_date_idx"),
            models.Index(fields=["accompagnement", "date"], name="contact_accomp_date_idx"),
            models.Index(fields=["date"], name="contact_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duree_minutes__gte=1, duree_minutes__lte=DUREE_MAX_MINUTES),
                name="contact_duree_1_a_480_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact du {timezone.localtime(self.date):%d/%m/%Y %H:%M} ({self.get_mode_display()})"


# --- Démarche -------------------------------------------------------------------------------


class TypeDemarche(models.TextChoices):
    COMPTE_EN_LIGNE = "compte_en_ligne", "Création d'un compte en ligne"
    CAF = "caf", "CAF"
    CPAM = "cpam", "CPAM / ameli"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    IMPOTS = "impots", "Impôts"
    ANTS = "ants", "ANTS (titres d'identité, permis, carte grise)"
    MDPH = "mdph", "MDPH"
    RETRAITE = "retraite", "Retraite"
    LOGEMENT_SOCIAL = "logement_social", "Demande de logement social"
    AIDE_ENERGIE = "aide_energie", "Aide à l'énergie"
    AUTRE = "autre", "Autre"


class StatutDemarche(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    FAITE = "faite", "Faite"
    BLOQUEE = "bloquee", "Bloquée"


class DemarcheQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "DemarcheQuerySet":
        """Les démarches des usagers d'une commune où l'agent est habilité « accès aux droits »."""
        return self.filter(filtre_acces_droits(user, "accompagnement__commune_actuelle_id"))


class Demarche(Versioned, Trace):
    accompagnement = models.ForeignKey(
        Accompagnement,
        on_delete=models.PROTECT,  # the steps taken with a person stay in their follow-up's history
        related_name="demarches",
        verbose_name="accompagnement",
    )
    type = models.CharField("type de démarche", max_length=30, choices=TypeDemarche.choices)
    date = models.DateField("date", validators=[valider_date_plausible])
    en_ligne = models.BooleanField("faite en ligne", default=True)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutDemarche.choices, default=StatutDemarche.A_FAIRE
    )
    organisme = models.CharField("organisme concerné", max_length=200, blank=True)
    partenaire = models.ForeignKey(
        Partenaire,
        on_delete=models.PROTECT,  # a partner named by a record is deactivated, never deleted
        related_name="+",
        null=True,
        blank=True,
        verbose_name="organisme (annuaire des partenaires)",
        help_text="L'organisme de l'annuaire ; « organisme concerné » garde le texte saisi avant l'annuaire.",
    )
    note = models.CharField("note", max_length=500, blank=True)

    objects = DemarcheQuerySet.as_manager()

    class Meta:
        verbose_name = "démarche"
        verbose_name_plural = "démarches"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["accompagnement", "date"], name="demarche_accomp_date_idx"),
            models.Index(fields=["statut", "date"], name="demarche_statut_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"

    def clean(self) -> None:
        # A step still to do may be planned ahead; one in progress, done or blocked has happened.
        if self.date and self.statut != StatutDemarche.A_FAIRE and self.date > timezone.localdate():
            raise ValidationError(
                {"date": "Seule une démarche « à faire » peut être datée après aujourd'hui."}, code="futur"
            )


# --- Droits ---------------------------------------------------------------------------------


class TypeDroit(models.Model):
    """The catalogue of rights (loaded by data migration; an administrator can add more)."""

    code = models.CharField(
        "code",
        max_length=50,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$",
                "Le code s'écrit en minuscules sans accent, mots séparés par « _ » (ex. prime_activite).",
            )
        ],
        help_text="Identifiant stable utilisé par l'API et les exports ; ne pas le changer une fois utilisé.",
    )
    libelle = models.CharField("libellé", max_length=150, unique=True)
    actif = models.BooleanField("proposé à la saisie", default=True)

    class Meta:
        verbose_name = "type de droit"
        verbose_name_plural = "types de droits"
        ordering = ["libelle"]

    def __str__(self) -> str:
        return self.libelle

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class StatutDroit(models.TextChoices):
    IDENTIFIE = "identifie", "Identifié (non recouru)"
    DEMANDE = "demande", "Demandé"
    OUVERT = "ouvert", "Ouvert"
    REFUSE = "refuse", "Refusé"
    ABANDONNE = "abandonne", "Abandonné"


# The life of a right, in one place. A refused right is opened only through a new application
# (refuse → demande → ouvert); an opened right is final; a given-up claim can be taken up again.
TRANSITIONS_DROIT: dict[str, frozenset[str]] = {
    StatutDroit.IDENTIFIE: frozenset({StatutDroit.DEMANDE, StatutDroit.ABANDONNE}),
    StatutDroit.DEMANDE: frozenset({StatutDroit.OUVERT, StatutDroit.REFUSE, StatutDroit.ABANDONNE}),
    StatutDroit.REFUSE: frozenset({StatutDroit.DEMANDE}),
    StatutDroit.ABANDONNE: frozenset({StatutDroit.DEMANDE}),
    StatutDroit.OUVERT: frozenset(),
}

# The date each status carries (the date of the event that led to it).
DATE_DU_STATUT: dict[str, str] = {
    StatutDroit.IDENTIFIE: "date_identification",
    StatutDroit.DEMANDE: "date_demande",
    StatutDroit.OUVERT: "date_ouverture",
    StatutDroit.REFUSE: "date_refus",
    StatutDroit.ABANDONNE: "date_abandon",
}


def chemin_droit(statut: str) -> list[str]:
    """The transitions that bring a right just identified to `statut` (used when recording one)."""
    return {
        StatutDroit.IDENTIFIE: [],
        StatutDroit.DEMANDE: [StatutDroit.DEMANDE],
        StatutDroit.OUVERT: [StatutDroit.DEMANDE, StatutDroit.OUVERT],
        StatutDroit.REFUSE: [StatutDroit.DEMANDE, StatutDroit.REFUSE],
        StatutDroit.ABANDONNE: [StatutDroit.ABANDONNE],
    }[StatutDroit(statut)]


def transition_droit_possible(de: str, vers: str) -> bool:
    return vers in TRANSITIONS_DROIT[StatutDroit(de)]


# One person's rights at a glance: the groups and the statuses in each.
GROUPES_DROITS: dict[str, tuple[str, ...]] = {
    "ouverts": (StatutDroit.OUVERT,),
    "en_cours": (StatutDroit.DEMANDE,),
    "non_recourus": (StatutDroit.IDENTIFIE,),
    "autres": (StatutDroit.REFUSE, StatutDroit.ABANDONNE),
}


class DroitQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "DroitQuerySet":
        """Les droits des usagers d'une commune où l'agent est habilité « accès aux droits »."""
        return self.filter(filtre_acces_droits(user, "commune_actuelle_id"))

    def regroupes(self) -> dict[str, list["Droit"]]:
        """The rights (one query) split into `GROUPES_DROITS`; meant for one person's rights."""
        groupes: dict[str, list[Droit]] = {nom: [] for nom in GROUPES_DROITS}
        groupe_du_statut = {statut: nom for nom, statuts in GROUPES_DROITS.items() for statut in statuts}
        for droit in self:
            groupes[groupe_du_statut[droit.statut]].append(droit)
        return groupes


class Droit(FollowsPersonCommune, Versioned, Trace):
    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # rights opened are counted in the pacte's report: the person stays
        related_name="droits",
        verbose_name="usager",
    )
    accompagnement = models.ForeignKey(
        Accompagnement,
        on_delete=models.PROTECT,  # the follow-up through which a right was handled stays traceable
        related_name="droits",
        null=True,
        blank=True,
        verbose_name="accompagnement",
    )
    type = models.ForeignKey(
        TypeDroit,
        on_delete=models.PROTECT,  # a type in use stays in the catalogue (mark it inactive instead)
        related_name="droits",
        verbose_name="type de droit",
    )
    statut = models.CharField(
        "statut", max_length=10, choices=StatutDroit.choices, default=StatutDroit.IDENTIFIE
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="commune de résidence",
        help_text="Renseignée automatiquement : commune de l'usager à l'enregistrement, puis à l'ouverture.",
    )
    date_identification = models.DateField(
        "date d'identification", validators=[valider_date_pas_future, valider_date_plausible]
    )
    date_demande = models.DateField(
        "date de la demande",
        null=True,
        blank=True,
        validators=[valider_date_pas_future, valider_date_plausible],
    )
    date_ouverture = models.DateField(
        "date d'ouverture",
        null=True,
        blank=True,
        validators=[valider_date_pas_future, valider_date_plausible],
    )
    date_refus = models.DateField(
        "date du refus", null=True, blank=True, validators=[valider_date_pas_future, valider_date_plausible]
    )
    date_abandon = models.DateField(
        "date d'abandon", null=True, blank=True, validators=[valider_date_pas_future, valider_date_plausible]
    )
    montant_mensuel = models.DecimalField(
        "montant mensuel (€)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Le montant ne peut pas être négatif.")],
    )

    objects = DroitQuerySet.as_manager()

    class Meta:
        verbose_name = "droit"
        verbose_name_plural = "droits"
        ordering = ["-date_identification", "-id"]
        indexes = [
            models.Index(fields=["statut", "date_ouverture"], name="droit_statut_ouverture_idx"),
            models.Index(fields=["commune", "date_ouverture"], name="droit_commune_ouverture_idx"),
            models.Index(fields=["usager", "statut"], name="droit_usager_statut_idx"),
            models.Index(
                fields=["commune_actuelle", "-date_identification", "-id"],
                name="droit_commune_actuelle_idx",
                include=["usager"],
            ),
            models.Index(fields=["date_identification"], name="droit_identification_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_demande__isnull=True)
                | models.Q(date_demande__gte=models.F("date_identification")),
                name="droit_demande_apres_identification",
            ),
            models.CheckConstraint(
                condition=models.Q(date_ouverture__isnull=True)
                | models.Q(date_ouverture__gte=models.F("date_demande")),
                name="droit_ouverture_apres_demande",
            ),
            models.CheckConstraint(
                condition=models.Q(date_refus__isnull=True)
                | models.Q(date_refus__gte=models.F("date_demande")),
                name="droit_refus_apres_demande",
            ),
            models.CheckConstraint(
                condition=~models.Q(statut="ouvert")
                | models.Q(date_demande__isnull=False, date_ouverture__isnull=False),
                name="droit_ouvert_a_ses_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} — {self.get_statut_display()}"

    def clean(self) -> None:
        """The dates a right carries follow its status, and never go back in time."""
        erreurs: dict[str, str] = {}
        statut = self.statut
        requises = {
            StatutDroit.DEMANDE: ["date_demande"],
            StatutDroit.OUVERT: ["date_demande", "date_ouverture"],
            StatutDroit.REFUSE: ["date_demande", "date_refus"],
            StatutDroit.ABANDONNE: ["date_abandon"],
        }.get(statut, [])
        interdites = {
            StatutDroit.IDENTIFIE: ["date_demande", "date_ouverture", "date_refus", "date_abandon"],
            StatutDroit.DEMANDE: ["date_ouverture", "date_refus", "date_abandon"],
            StatutDroit.OUVERT: ["date_refus", "date_abandon"],
            StatutDroit.REFUSE: ["date_ouverture", "date_abandon"],
            StatutDroit.ABANDONNE: ["date_ouverture", "date_refus"],
        }.get(statut, [])
        libelle = StatutDroit(statut).label.lower() if statut in StatutDroit.values else statut
        for champ in requises:
            if getattr(self, champ) is None:
                nom = self._meta.get_field(champ).verbose_name
                erreurs[champ] = f"La {nom} est obligatoire pour un droit au statut « {libelle} »."
        for champ in interdites:
            if getattr(self, champ) is not None:
                nom = self._meta.get_field(champ).verbose_name
                erreurs[champ] = f"Un droit au statut « {libelle} » n'a pas de {nom}."
        ordre = [
            (
                "date_demande",
                "date_identification",
                "La date de la demande ne peut pas précéder la date d'identification.",
            ),
            (
                "date_ouverture",
                "date_demande",
                "La date d'ouverture ne peut pas précéder la date de la demande.",
            ),
            ("date_refus", "date_demande", "La date du refus ne peut pas précéder la date de la demande."),
            (
                "date_abandon",
                "date_identification",
                "La date d'abandon ne peut pas précéder la date d'identification.",
            ),
        ]
        for apres, avant, message in ordre:
            if getattr(self, apres) and getattr(self, avant) and getattr(self, apres) < getattr(self, avant):
                erreurs.setdefault(apres, message)
        if self.accompagnement_id and self.usager_id and self.accompagnement.usager_id != self.usager_id:
            erreurs["accompagnement"] = "Cet accompagnement concerne un autre usager."
        if erreurs:
            raise ValidationError(erreurs)


class TransitionDroitQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "TransitionDroitQuerySet":
        return self.filter(filtre_acces_droits(user, "droit__commune_actuelle_id"))


class TransitionDroit(models.Model):
    """The journal of a right's statuses: one row per change, written with it, never updated."""

    droit = models.ForeignKey(
        Droit,
        on_delete=models.PROTECT,  # the history of a right is evidence: it is never deleted with it
        related_name="transitions",
        verbose_name="droit",
    )
    statut_avant = models.CharField(
        "statut précédent", max_length=10, choices=StatutDroit.choices, blank=True
    )
    statut = models.CharField("nouveau statut", max_length=10, choices=StatutDroit.choices)
    date = models.DateField("date de l'événement")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="auteur"
    )
    enregistre_le = models.DateTimeField("enregistré le", auto_now_add=True)

    objects = TransitionDroitQuerySet.as_manager()

    class Meta:
        verbose_name = "changement de statut d'un droit"
        verbose_name_plural = "changements de statut des droits"  # « 7 changements de statut des droits »
        ordering = ["droit", "enregistre_le", "id"]
        indexes = [models.Index(fields=["droit", "enregistre_le"], name="transition_droit_idx")]

    def __str__(self) -> str:
        avant = self.get_statut_avant_display() or "—"
        return f"{avant} → {self.get_statut_display()} le {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise RuntimeError("L'historique des statuts est en ajout seul : une ligne ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("L'historique des statuts est en ajout seul : une ligne ne se supprime pas.")
