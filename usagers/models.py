"""The persons followed (usagers), shared by the four dispositifs of the pacte.

A usager's commune of residence decides who may see them (`communes.habilitations`), and the
register rule keeps the persons known only to a compartment's team (health data) inside it
(`UsagerQuerySet.visibles_par`, `docs/ARCHITECTURE.md`).
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from communes.habilitations import filtre_communes
from communes.models import Commune
from config import dispositifs as registre
from config.models import CompleteALaLecture, FollowsPersonCommune, Versioned
from usagers.compartiment import REGISTRE, filtre_compartiment, filtre_registre
from usagers.recherche import analyser, cle_recherche, proche, variantes
from usagers.validators import normaliser_telephone, valider_date_naissance

AGE_MAJORITE = 18


class UsagerQuerySet(models.QuerySet):
    def visibles_par(self, user, dispositifs=None) -> "UsagerQuerySet":
        """La règle du registre des personnes, écrite une seule fois.

        Un agent voit une personne quand il détient, sur sa commune de résidence, l'habilitation
        d'un des `dispositifs` demandés (tous par défaut), et que la personne est au registre commun
        — ou bien qu'elle n'est connue que d'un compartiment (données de santé) et que l'agent y est
        habilité sur sa commune (jamais un administrateur). Une personne entre dans un compartiment
        quand son équipe la crée sans habilitation d'un autre dispositif sur sa commune (ou quand un
        administrateur supprime du registre une personne qui n'a de dossier que dans le
        compartiment) ; elle n'en sort jamais par un dossier : ouvrir ou fermer un dossier du
        compartiment ne fait bouger aucune liste ni aucun compte hors de l'équipe.
        """
        return self.filter(filtre_communes(user, dispositifs) & filtre_registre(user))

    def modifiables_par(self, user) -> "UsagerQuerySet":
        """L'identité d'une personne du registre commun est modifiée par les agents habilités, sur sa
        commune, pour un dispositif du registre ; celle d'une personne connue d'un seul compartiment,
        par l'équipe de ce compartiment. Ainsi aucun nom d'une équipe n'apparaît dans l'historique ou
        l'auteur d'une fiche du registre."""
        condition = Q(compartiment=REGISTRE) & filtre_communes(user, registre.codes(compartiment=False))
        for code in registre.codes(compartiment=True):
            condition |= Q(compartiment=code) & filtre_compartiment(user, code)
        return self.filter(condition)

    def rechercher(self, terme: str) -> "UsagerQuerySet":
        """Persons whose name and first name contain every word typed (accents and case ignored)
        and born on every date typed (`12/03/1980`), ranked: a name beginning with the first word
        first, then alphabetically. Annotates `rang`."""
        mots, dates = analyser(terme)
        qs = self
        for mot in mots:
            qs = qs.filter(recherche__contains=mot)
        for jour in dates:
            qs = qs.filter(date_naissance=jour)
        if not mots:
            return qs.annotate(rang=Value(0, output_field=IntegerField()))
        return qs.annotate(
            rang=Case(
                When(recherche__startswith=f"{mots[0]} ", then=Value(0)),
                When(recherche__startswith=mots[0], then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("rang", "nom", "prenom", "id")

    def rechercher_tolerant(self, terme: str) -> "UsagerQuerySet":
        """Like `rechercher`, tolerant of a typo or two in each word (« helenne », « duprez »): on
        PostgreSQL a word is found by containment or by trigram word similarity (`pg_trgm`, the
        same GIN index), ranked by that similarity; on SQLite by containment or any spelling one
        edit away (`variantes`). Exact matches first. Annotates `rang` (0 exact, 1 close)."""
        mots, dates = analyser(terme)
        qs = self
        for jour in dates:
            qs = qs.filter(date_naissance=jour)
        if not mots:
            return qs.annotate(rang=Value(0, output_field=IntegerField())).order_by("nom", "prenom", "id")
        postgresql = connections[self.db].vendor == "postgresql"
        exact = Q()
        for mot in mots:
            exact &= Q(recherche__contains=mot)
            if postgresql:
                qs = qs.filter(Q(recherche__contains=mot) | Q(recherche__trigram_word_similar=mot))
            else:
                # normalised words: letters and digits only, `.` is the one wildcard
                qs = qs.filter(recherche__regex="|".join(variantes(mot)))
        qs = qs.annotate(rang=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField()))
        if postgresql:
            proximite = sum(
                (TrigramWordSimilarity(Value(mot), "recherche") for mot in mots[1:]),
                TrigramWordSimilarity(Value(mots[0]), "recherche"),
            )
            return qs.annotate(proximite=proximite).order_by("rang", "-proximite", "nom", "prenom", "id")
        return qs.order_by("rang", "nom", "prenom", "id")

    def doublons_proches(self, *, nom: str, prenom: str, date_naissance) -> list["Usager"]:
        """The persons who may be the one about to be recorded: a name close to this one (a letter
        or two apart, first name and name swapped included) born within two days of this date. Call
        it on a scoped queryset (`visibles_par`): a candidate the caller may not see is never named.
        The few persons born in those five days are compared in Python (`proche`)."""
        if not date_naissance:
            return []
        cle = cle_recherche(nom, prenom)
        inverse = cle_recherche(prenom, nom)
        voisins = self.filter(
            date_naissance__range=(date_naissance - timedelta(days=2), date_naissance + timedelta(days=2))
        ).select_related("commune")[:200]
        return [u for u in voisins if proche(u.recherche, cle) or proche(u.recherche, inverse)][:20]

    def doublons_possibles(self, *, nom: str, prenom: str, date_naissance) -> "UsagerQuerySet":
        """Same name and first name once normalised, same birth date. Call it on a scoped queryset
        (`visibles_par`): a candidate the caller may not see is never named."""
        return self.filter(recherche=cle_recherche(nom, prenom), date_naissance=date_naissance)

    def bulk_create(self, objs, *args, **kwargs):
        for usager in objs:
            usager.recherche = cle_recherche(usager.nom, usager.prenom)
        return super().bulk_create(objs, *args, **kwargs)


class Usager(CompleteALaLecture, Versioned, models.Model):
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    date_naissance = models.DateField("date de naissance", validators=[valider_date_naissance])
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,  # a commune of the métropole is never deleted while people live there
        related_name="usagers",
        verbose_name="commune de résidence",
    )
    adresse = models.CharField("adresse", max_length=255, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    compartiment = models.CharField(
        "compartiment",
        max_length=10,
        default=REGISTRE,
        blank=True,
        editable=False,  # never shown or set through a form: it would tell who knows the person
        help_text="Vide : registre commun ; sinon le compartiment dont la seule équipe connaît la personne.",
    )
    # Retention (`conservation`): archived after the inactivity delay, read-only and out of the
    # everyday lists; anonymised after the archive period (docs/DONNEES_PERSONNELLES.md).
    archive_le = models.DateField("archivé le", null=True, blank=True, editable=False)
    anonymise_le = models.DateField("anonymisé le", null=True, blank=True, editable=False)

    recherche = models.CharField(
        "nom et prénom normalisés",
        max_length=201,
        blank=True,
        default="",
        editable=False,  # written by save(): « nom prénom » without accents or case (usagers/recherche.py)
    )

    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted: authorship stays traceable
        related_name="+",
        null=True,
        blank=True,
        verbose_name="créé par",
    )
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="modifié par",
    )

    objects = UsagerQuerySet.as_manager()

    class Meta:
        verbose_name = "usager"
        verbose_name_plural = "usagers"
        ordering = ["nom", "prenom", "id"]
        indexes = [
            models.Index(fields=["commune", "nom", "prenom"], name="usager_commune_nom_idx"),
            models.Index(fields=["nom", "prenom"], name="usager_nom_idx"),
            # The few archived persons, whose records the everyday lists leave out (`conservation`).
            models.Index(fields=["id"], condition=Q(archive_le__isnull=False), name="usager_archive_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nom.upper()} {self.prenom}"

    def save(self, *args, **kwargs) -> None:
        self.recherche = cle_recherche(self.nom, self.prenom)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"nom", "prenom"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "recherche"}
        demenage = (
            not self._state.adding and getattr(self, "_commune_lue", self.commune_id) != self.commune_id
        )
        super().save(*args, **kwargs)
        if demenage:
            dossiers_suivre_la_commune(self)
        self._commune_lue = self.commune_id

    def apres_lecture(self) -> None:
        self._commune_lue = self.__dict__.get("commune_id")  # the commune read: `save` tells a move from it

    @property
    def date_majorite(self) -> date:
        """The 18th birthday (a person born on 29 February comes of age on 28 February of a common year)."""
        return self.date_naissance + relativedelta(years=AGE_MAJORITE)

    def clean(self) -> None:
        # One rule for every path (API, admin, services): a French number, stored as `06 12 34 56 78`.
        if self.telephone:
            try:
                self.telephone = normaliser_telephone(self.telephone)
            except ValidationError as exc:
                raise ValidationError({"telephone": exc.messages}) from exc


def dossiers_suivre_la_commune(usager: Usager) -> None:
    """The person moved: every record scoped by her current commune (`config.models.FollowsPersonCommune`,
    whatever the dispositif) follows her, in the same transaction as the save that moved her. On
    PostgreSQL the composite foreign key has already cascaded the commune; this holds on SQLite too.
    No field people edit changes: versions and history stay as they are."""
    for modele in apps.get_models():
        if issubclass(modele, FollowsPersonCommune):
            modele._base_manager.filter(usager=usager).update(commune_actuelle_id=usager.commune_id)


class Residence(models.Model):
    """Where a usager lived, and from when: the history the indicators count by.

    One row per commune of residence, `du` inclusive, `au` the last day (empty for the current
    one). Written by `usagers.services` in the same transaction as the move; the pacte's counts
    take each event's commune from here at the event's date (`commune_a_la_date`)."""

    usager = models.ForeignKey(
        Usager,
        on_delete=models.PROTECT,  # the residence history decides where past events are counted
        related_name="residences",
        verbose_name="usager",
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune de résidence"
    )
    du = models.DateField("du")
    au = models.DateField("au", null=True, blank=True, help_text="Vide pour la résidence actuelle.")
    enregistree_le = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "résidence"
        verbose_name_plural = "historique des résidences"
        ordering = ["usager", "du", "id"]
        indexes = [models.Index(fields=["usager", "du"], name="residence_usager_du_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(au__isnull=True) | Q(au__gte=F("du")), name="residence_au_apres_du"
            ),
            models.UniqueConstraint(
                fields=["usager"], condition=Q(au__isnull=True), name="residence_une_seule_actuelle"
            ),
            models.UniqueConstraint(fields=["usager", "du"], name="residence_un_debut_par_jour"),
        ]

    def __str__(self) -> str:
        fin = f" au {self.au:%d/%m/%Y}" if self.au else ""
        return f"{self.commune_id} du {self.du:%d/%m/%Y}{fin}"


# The first known residence of a person covers the past: where they lived before is not known.
DEBUT_INCONNU = date(1900, 1, 1)


def commune_a_la_date(usager: Usager, jour: date) -> str:
    """The commune (code INSEE) where `usager` lived on `jour`: the residence begun last on or
    before that day; before the first known one, the first one; with no history at all (a person
    written directly), their current commune."""
    historique = Residence.objects.filter(usager=usager)
    residence = historique.filter(du__lte=jour).order_by("-du", "-id").first() or (
        historique.order_by("du", "id").first()
    )
    return residence.commune_id if residence else usager.commune_id


def commune_a_la_date_sql(chemin_usager: str, champ_date: str) -> Coalesce:
    """`commune_a_la_date` as one SQL expression over a queryset: the commune where the person at
    the ORM path `chemin_usager` ("" for a person) lived on the row's date `champ_date` — same rule:
    the residence begun last on or before that day, else the first one, else the current commune."""
    usager = OuterRef(f"{chemin_usager}__pk" if chemin_usager else "pk")
    historique = Residence.objects.filter(usager=usager)
    return Coalesce(
        Subquery(
            historique.filter(du__lte=OuterRef(champ_date)).order_by("-du", "-id").values("commune_id")[:1]
        ),
        Subquery(historique.order_by("du", "id").values("commune_id")[:1]),
        F(f"{chemin_usager}__commune_id" if chemin_usager else "commune_id"),
        output_field=models.CharField(),
    )


def chemin_vers_usager(modele) -> str | None:
    """The ORM path from a record to its person ("" for the person herself, None when the model is
    not about a person: catalogues, settings): a dispositif's declaration says it, else a field
    named `usager`."""
    if modele is Usager:
        return ""
    trouve = registre.declaration_du_modele(modele)
    if trouve is not None:
        return trouve[1].usager
    return "usager" if any(f.name == "usager" for f in modele._meta.concrete_fields) else None
