"""Admin of actions 2.1 and 2.2: same commune rule as the API (`visibles_par`).

The ASLL worker's caseload: their own measures by default, the next checkpoint and whether it is
late (one query, `avec_prochain_point_etape`), filters late / due this month; a measure is opened,
a checkpoint held and a measure renewed, suspended, resumed or closed here, always through the
services (`logement/services.py`), so the calendar, the 24-month cap and every rule apply and a
broken rule is a French form error. ACOR: referrals join the waiting list; the list page shows it
with the places left today. Capacities are set here by an administrator.
"""

from dateutil.relativedelta import relativedelta
from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from comptes.roles import role_de
from config.admin import AccessSignalAdminMixin, DossierAdmin, ReadOnlyInline, errors_on_form
from config.errors import AccesRefuse, Introuvable, RegleMetierError
from config.periodes import aujourdhui
from logement.calendrier import DUREE_MAX_MOIS
from logement.models import (
    Avancement,
    CapaciteACOR,
    IssueMesure,
    MesureASLL,
    Orientation,
    PointEtape,
    RencontreASLL,
    SituationACOR,
    StatutMesure,
    StatutSituation,
    places_acor,
    point_ouvert,
)
from logement.perms import ACOR, ASLL
from logement.services import (
    mesure_cloturer,
    mesure_creer,
    mesure_modifier,
    mesure_renouveler,
    mesure_reprendre,
    mesure_suspendre,
    point_etape_realiser,
    situation_acor_modifier,
    situation_acor_orienter,
)
from logement.validators import Difficulte, Objectif
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from usagers.recherche import analyser


class _ListeDeCodesField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return value if isinstance(value, list) else []


class MesureASLLForm(forms.ModelForm):
    objectifs = _ListeDeCodesField(choices=Objectif.choices, label="objectifs")

    class Meta:
        model = MesureASLL
        fields = [
            "type",
            "prescripteur",
            "financement",
            "operateur",
            "nb_adultes",
            "nb_enfants",
            "referent",
            "objectifs",
        ]


class MesureASLLCreationForm(forms.ModelForm):
    objectifs = _ListeDeCodesField(choices=Objectif.choices, label="objectifs")

    class Meta:
        model = MesureASLL
        fields = [
            "usager",
            "type",
            "prescripteur",
            "financement",
            "operateur",
            "date_debut",
            "duree_mois",
            "objectifs",
            "referent",
            "nb_adultes",
            "nb_enfants",
        ]


class SituationACORCreationForm(forms.ModelForm):
    difficultes = _ListeDeCodesField(choices=Difficulte.choices, label="difficultés")

    class Meta:
        model = SituationACOR
        fields = ["usager", "date_orientation", "prescripteur", "referent", "difficultes"]


class SituationACORForm(forms.ModelForm):
    difficultes = _ListeDeCodesField(choices=Difficulte.choices, label="difficultés")

    class Meta:
        model = SituationACOR
        fields = ["prescripteur", "referent", "difficultes"]


class PointEtapeInline(ReadOnlyInline):
    model = PointEtape
    fields = [
        "rang",
        "date_prevue",
        "date_realisee",
        "annule",
        "motif_annulation",
        "date_non_tenu",
        "raison_non_tenu",
        "compte_rendu",
    ]
    readonly_fields = fields
    verbose_name_plural = "points d'étape (cliquez « Modifier » pour tenir un point)"


class RencontreASLLInline(ReadOnlyInline):
    """The meetings between checkpoints, recorded in the workspace or the API (`rencontre_creer`)."""

    model = RencontreASLL
    fields = ["date", "type", "note", "cree_par", "cree_le"]
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = "rencontres entre les points d'étape (saisies dans l'espace des agents)"


class MesFiltre(admin.SimpleListFilter):
    """A social worker opens the caseload on their own measures; « toutes » shows the commune's."""

    title = "référent"
    parameter_name = "mesures"

    def lookups(self, request, model_admin):
        return [("miennes", "Mes mesures"), ("toutes", "Toutes les mesures")]

    @staticmethod
    def par_defaut(request) -> str:
        return "miennes" if role_de(request.user) == "asll" else "toutes"

    def value(self):
        return super().value() or self.par_defaut(self.request)

    def __init__(self, request, params, model, model_admin):
        self.request = request
        super().__init__(request, params, model, model_admin)

    def choices(self, changelist):
        for valeur, libelle in self.lookup_choices:
            yield {
                "selected": self.value() == valeur,
                "query_string": changelist.get_query_string({self.parameter_name: valeur}),
                "display": libelle,
            }

    def queryset(self, request, queryset):
        if self.value() == "miennes":
            return queryset.filter(referent=request.user)
        return queryset


class EcheanceFiltre(admin.SimpleListFilter):
    title = "prochain point d'étape"
    parameter_name = "echeance"

    def lookups(self, request, model_admin):
        return [("en_retard", "En retard"), ("ce_mois", "À tenir ce mois-ci")]

    def queryset(self, request, queryset):
        if self.value() == "en_retard":
            return queryset.filter(en_retard=True)
        if self.value() == "ce_mois":
            jour = aujourdhui()
            debut = jour.replace(day=1)
            return queryset.filter(
                statut=StatutMesure.EN_COURS,
                prochain_point_etape__gte=debut,
                prochain_point_etape__lt=debut + relativedelta(months=1),
            )
        return queryset


class ActionMesureForm(forms.Form):
    """The parameters of one lifecycle action on measures (built per action)."""


def _formulaire_d_action(verbe: str) -> type[forms.Form]:
    champs: dict[str, forms.Field] = {}
    if verbe == "renouveler":
        champs["duree_mois"] = forms.IntegerField(
            label="durée supplémentaire (mois)", min_value=1, max_value=DUREE_MAX_MOIS
        )
    elif verbe == "suspendre":
        champs["date_suspension"] = forms.DateField(label="suspendue à partir du", initial=aujourdhui)
    elif verbe == "reprendre":
        champs["date_reprise"] = forms.DateField(label="reprise le", initial=aujourdhui)
    elif verbe == "cloturer":
        champs["date_fin"] = forms.DateField(label="date de fin", initial=aujourdhui)
        champs["issue"] = forms.ChoiceField(label="issue (bilan des suites)", choices=IssueMesure.choices)
        champs["orientation"] = forms.ChoiceField(
            label="orientation vers (si l'issue est une orientation)",
            choices=[("", "—"), *Orientation.choices],
            required=False,
        )
    return type(f"Formulaire_{verbe}", (ActionMesureForm,), champs)


_SERVICES_DES_ACTIONS = {
    "renouveler": ("Renouveler", mesure_renouveler),
    "suspendre": ("Suspendre", mesure_suspendre),
    "reprendre": ("Reprendre", mesure_reprendre),
    "cloturer": ("Clôturer", mesure_cloturer),
}


@admin.register(MesureASLL)
class MesureASLLAdmin(DossierAdmin):
    dispositif = ASLL
    form = MesureASLLForm
    # What a worker checks every morning first: the next checkpoint and whether it is late.
    list_display = [
        "__str__",
        "prochain_point",
        "retard",
        "statut",
        "referent",
        "date_fin_prevue",
        "commune",
    ]
    list_filter = [MesFiltre, EcheanceFiltre, "statut", "type", "financement", "issue", "commune"]
    search_fields = ["usager__recherche"]
    list_select_related = ["usager", "commune", "referent"]
    autocomplete_fields = ["usager"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "operateur":  # the directory's active operators: a handful
            kwargs["queryset"] = Partenaire.objects.actifs().filter(type=TypePartenaire.OPERATEUR)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    readonly_fields = [
        "usager",
        "commune",
        "date_debut",
        "duree_mois",
        "date_fin_prevue",
        "statut",
        "date_suspension",
        "date_fin",
        "issue",
        "orientation",
        "cree_le",
        "cree_par",
        "modifie_le",
    ]
    inlines = [PointEtapeInline, RencontreASLLInline]
    date_hierarchy = "date_debut"
    actions = ["renouveler", "suspendre", "reprendre", "cloturer"]

    def get_queryset(self, request):
        prochain_id = (
            PointEtape.objects.filter(point_ouvert(), mesure=OuterRef("pk"))
            .order_by("date_prevue", "rang")
            .values("pk")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .avec_prochain_point_etape()
            .annotate(prochain_point_id=Subquery(prochain_id))
        )

    def get_search_results(self, request, queryset, search_term):
        mots, _ = analyser(search_term)
        for mot in mots:
            queryset = queryset.filter(usager__recherche__contains=mot)
        return queryset, False

    @admin.display(description="prochain point d'étape", ordering="prochain_point_etape")
    def prochain_point(self, obj):
        if obj.prochain_point_etape is None:
            return "—"
        url = reverse("admin:logement_pointetape_change", args=[obj.prochain_point_id])
        return format_html('<a href="{}">{}</a>', url, f"{obj.prochain_point_etape:%d/%m/%Y}")

    @admin.display(description="retard", ordering="en_retard")
    def retard(self, obj):
        if not obj.en_retard:
            return ""
        return format_html(
            '<strong class="en-retard" style="color:#ba2121">⚠ en retard de {} j</strong>',
            (aujourdhui() - obj.prochain_point_etape).days,
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = MesureASLLCreationForm
        formulaire = super().get_form(request, obj, change, **kwargs)
        if obj is None and "referent" in formulaire.base_fields:
            formulaire.base_fields["referent"].required = False
            formulaire.base_fields["referent"].help_text = "Par défaut : vous."
        if obj is not None and obj.operateur_id and "operateur" in formulaire.base_fields:
            # A measure keeps the operator it had, deactivated since: offered beside the active ones.
            champ = formulaire.base_fields["operateur"]
            champ.queryset = Partenaire.objects.filter(Q(pk=obj.operateur_id) | Q(pk__in=champ.queryset))
        return formulaire

    def get_readonly_fields(self, request, obj=None):
        return super().get_readonly_fields(request, obj) if obj is not None else []

    def get_inlines(self, request, obj):
        return super().get_inlines(request, obj) if obj is not None else []

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return mesure_creer(par=request.user, **donnees)
        return mesure_modifier(mesure=obj, par=request.user, **donnees)

    def has_add_permission(self, request):
        # The calendar is generated by `mesure_creer`; supervisors read, they do not edit.
        return super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.statut == StatutMesure.TERMINEE:
            return False
        return super().has_change_permission(request, obj)

    def _action(self, request, queryset, verbe):
        libelle, service = _SERVICES_DES_ACTIONS[verbe]
        Formulaire = _formulaire_d_action(verbe)
        mesures = list(queryset.select_related("usager"))
        form = Formulaire(request.POST if "appliquer" in request.POST else None)
        if form.is_bound and form.is_valid():
            parametres = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
            refus = []
            for mesure in mesures:
                try:
                    with transaction.atomic():
                        service(mesure=mesure, par=request.user, **parametres)
                except (RegleMetierError, AccesRefuse, Introuvable) as exc:
                    refus.append((mesure, exc))
            if refus and len(mesures) == 1:
                errors_on_form(form, refus[0][1])
            else:
                for mesure, exc in refus:
                    self.message_user(request, f"{mesure} : {getattr(exc, 'message', exc)}", messages.ERROR)
                faites = len(mesures) - len(refus)
                if faites:
                    self.message_user(
                        request, f"{libelle} : {faites} mesure(s) mise(s) à jour.", messages.SUCCESS
                    )
                return None
        contexte = {
            **self.admin_site.each_context(request),
            "title": f"{libelle} : {len(mesures)} mesure(s)",
            "mesures": mesures,
            "form": form,
            "action": verbe,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/logement/mesureasll/action.html", contexte)

    @admin.action(description="Renouveler les mesures sélectionnées", permissions=["change"])
    def renouveler(self, request, queryset):
        return self._action(request, queryset, "renouveler")

    @admin.action(description="Suspendre les mesures sélectionnées", permissions=["change"])
    def suspendre(self, request, queryset):
        return self._action(request, queryset, "suspendre")

    @admin.action(description="Reprendre les mesures sélectionnées", permissions=["change"])
    def reprendre(self, request, queryset):
        return self._action(request, queryset, "reprendre")

    @admin.action(description="Clôturer les mesures sélectionnées", permissions=["change"])
    def cloturer(self, request, queryset):
        return self._action(request, queryset, "cloturer")


class PointEtapeForm(forms.ModelForm):
    """Hold a checkpoint: date, report, and how far each objective of the measure has gone."""

    class Meta:
        model = PointEtape
        fields = ["date_realisee", "compte_rendu"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_realisee"].required = True
        self.fields["date_realisee"].label = "date à laquelle le point a été tenu"
        if self.instance.pk and not self.instance.date_realisee:
            self.initial.setdefault("date_realisee", aujourdhui())
        deja = (
            {p.objectif: p.avancement for p in self.instance.progressions.all()} if self.instance.pk else {}
        )
        for objectif in self.instance.mesure.objectifs if self.instance.pk else []:
            self.fields[f"avancement_{objectif}"] = forms.ChoiceField(
                label=f"avancement : {Objectif(objectif).label}",
                choices=[("", "—"), *Avancement.choices],
                required=False,
                initial=deja.get(objectif, ""),
            )

    def progressions(self) -> list[dict]:
        return [
            {"objectif": nom.removeprefix("avancement_"), "avancement": valeur}
            for nom, valeur in self.cleaned_data.items()
            if nom.startswith("avancement_") and valeur
        ]

    def _post_clean(self):
        pass  # validated by the service (below)


class _TrialRun(Exception):
    pass


@admin.register(PointEtape)
class PointEtapeAdmin(AccessSignalAdminMixin, admin.ModelAdmin):
    """A checkpoint is held here (`point_etape_realiser`): the form is tried in a rolled-back
    transaction first, so a refused rule (a future date, a cancelled checkpoint…) is a form error."""

    form = PointEtapeForm
    list_display = ["__str__", "mesure", "date_prevue", "date_realisee", "annule"]
    list_filter = ["annule", "mesure__statut"]
    search_fields = ["mesure__usager__recherche"]
    list_select_related = ["mesure__usager"]
    readonly_fields = [
        "mesure",
        "rang",
        "date_prevue",
        "annule",
        "motif_annulation",
        "date_non_tenu",
        "raison_non_tenu",
        "realise_par",
        "modifie_le",
    ]
    date_hierarchy = "date_prevue"

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user).select_related("mesure__usager")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = ["date_realisee", "compte_rendu"]  # the objectives' fields come from the form
        formulaire = super().get_form(request, obj, change, **kwargs)
        modele_admin = self

        class Tenue(formulaire):
            def clean(self):
                donnees = super().clean()
                if self.errors:
                    return donnees
                try:
                    with transaction.atomic():
                        modele_admin._tenir(request, self.instance, self)
                        raise _TrialRun
                except _TrialRun:
                    pass
                except (RegleMetierError, AccesRefuse, Introuvable, forms.ValidationError) as exc:
                    if isinstance(exc, Introuvable):
                        exc = RegleMetierError(str(exc))
                    errors_on_form(self, exc)
                return donnees

        return Tenue

    def get_fieldsets(self, request, obj=None):
        # The objectives' fields are built by the form for its own checkpoint (one per objective).
        champs = ["date_realisee", "compte_rendu"]
        if obj is not None and self.has_change_permission(request, obj):
            champs += [f"avancement_{o}" for o in obj.mesure.objectifs]
        return [
            (None, {"fields": ["mesure", "rang", "date_prevue"]}),
            ("Tenir le point d'étape", {"fields": champs}),
            (
                "Suivi",
                {
                    "fields": [
                        "annule",
                        "motif_annulation",
                        "date_non_tenu",
                        "raison_non_tenu",
                        "realise_par",
                        "modifie_le",
                    ]
                },
            ),
        ]

    @staticmethod
    def _tenir(request, point, form):
        return point_etape_realiser(
            point=point,
            date_realisee=form.cleaned_data.get("date_realisee"),
            compte_rendu=form.cleaned_data.get("compte_rendu", ""),
            progressions=form.progressions(),
            par=request.user,
        )

    def save_model(self, request, obj, form, change):
        self._tenir(request, obj, form)

    def save_related(self, request, form, formsets, change):
        pass

    def has_add_permission(self, request):
        return False  # generated by the measure's calendar

    def has_change_permission(self, request, obj=None):
        # Held by the ASLL workers (model permission of their role); supervisors read.
        if obj is not None and (obj.annule or obj.mesure.statut == StatutMesure.TERMINEE):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SituationACOR)
class SituationACORAdmin(DossierAdmin):
    dispositif = ACOR
    form = SituationACORForm
    autocomplete_fields = ["usager"]
    change_list_template = "admin/logement/situationacor/change_list.html"
    list_display = ["__str__", "statut", "date_orientation", "date_entree", "date_sortie", "commune"]
    list_filter = ["statut", "motif_sortie", "capacite_depassee", "commune"]
    search_fields = ["usager__recherche"]
    list_select_related = ["usager", "commune"]
    readonly_fields = [
        "usager",
        "commune",
        "date_orientation",
        "date_entree",
        "statut",
        "date_sortie",
        "motif_sortie",
        "capacite_depassee",
        "cree_le",
        "cree_par",
        "modifie_le",
    ]
    date_hierarchy = "date_orientation"

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return situation_acor_orienter(par=request.user, **donnees)
        return situation_acor_modifier(situation=obj, par=request.user, **donnees)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = SituationACORCreationForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return super().get_readonly_fields(request, obj) if obj is not None else []

    def has_add_permission(self, request):
        # A referral joins the waiting list (`situation_acor_orienter`); taking on stays in the API,
        # where the capacity rule and its lock apply.
        return super().has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        capacite, occupees, restantes = places_acor(aujourdhui())
        attente = list(
            SituationACOR.objects.visibles_par(request.user)
            .liste_d_attente()
            .select_related("usager", "commune")
        )
        extra_context = {
            **(extra_context or {}),
            "capacite": capacite,
            "occupees": occupees,
            "places_restantes": restantes,
            "liste_d_attente": attente,
        }
        return super().changelist_view(request, extra_context)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.statut == StatutSituation.TERMINEE:
            return False
        return super().has_change_permission(request, obj)


@admin.register(CapaciteACOR)
class CapaciteACORAdmin(admin.ModelAdmin):
    """Places of ACOR per period: shown to ACOR workers and supervisors, set by administrators only."""

    list_display = ["__str__", "date_debut", "date_fin", "places", "commentaire"]
    date_hierarchy = "date_debut"

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
