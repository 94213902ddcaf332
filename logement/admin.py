"""Admin of actions 2.1 and 2.2: same commune rule as the API (`visibles_par`).

Measures and situations are created and moved through their lifecycle by the API services
(so the checkpoint calendar, the age and capacity rules always apply); the admin shows them
and lets a worker correct what describes them. Capacities are set here by an administrator.
"""

from django import forms
from django.contrib import admin
from django.db.models import Q

from communes.models import Dispositif
from comptes.models import User
from logement.models import (
    CapaciteACOR,
    Difficulte,
    MesureASLL,
    Objectif,
    PointEtape,
    ProgressionObjectif,
    SituationACOR,
    StatutMesure,
    StatutSituation,
)
from logement.perms import peut_etre_referent_acor, peut_etre_referent_asll
from logement.services import mesure_modifier, situation_acor_modifier


def _agents(dispositif: Dispositif):
    """Active accounts holding `dispositif` on at least one commune (object grants, direct or by group)."""
    codename = dispositif.codename
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(communeuserobjectpermission__permission__codename=codename)
            | Q(groups__communegroupobjectpermission__permission__codename=codename)
        )
        .distinct()
    )


class _ListeDeCodesField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return value if isinstance(value, list) else []


class MesureASLLForm(forms.ModelForm):
    objectifs = _ListeDeCodesField(choices=Objectif.choices, label="objectifs")

    class Meta:
        model = MesureASLL
        fields = ["type", "prescripteur", "nb_adultes", "nb_enfants", "referent", "objectifs"]

    def clean_referent(self):
        referent = self.cleaned_data["referent"]
        if referent.pk != self.instance.referent_id and not peut_etre_referent_asll(
            referent, self.instance.usager
        ):
            raise forms.ValidationError("Le référent doit être habilité ASLL sur la commune de l'usager.")
        return referent


class SituationACORForm(forms.ModelForm):
    difficultes = _ListeDeCodesField(choices=Difficulte.choices, label="difficultés")

    class Meta:
        model = SituationACOR
        fields = ["prescripteur", "referent", "difficultes"]

    def clean_referent(self):
        referent = self.cleaned_data["referent"]
        if (
            referent is not None
            and referent.pk != self.instance.referent_id
            and not peut_etre_referent_acor(referent, self.instance.usager)
        ):
            raise forms.ValidationError("L'intervenant doit être habilité ACOR sur la commune de l'usager.")
        return referent


class ProgressionObjectifInline(admin.TabularInline):
    model = ProgressionObjectif
    extra = 0
    can_delete = False
    readonly_fields = ["objectif", "avancement"]

    def has_add_permission(self, request, obj=None):
        return False


class PointEtapeInline(admin.TabularInline):
    model = PointEtape
    extra = 0
    can_delete = False
    fields = ["rang", "date_prevue", "date_realisee", "annule", "motif_annulation", "compte_rendu"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MesureASLL)
class MesureASLLAdmin(admin.ModelAdmin):
    form = MesureASLLForm
    list_display = [
        "__str__",
        "commune",
        "referent",
        "type",
        "statut",
        "date_debut",
        "date_fin_prevue",
        "date_fin",
    ]
    list_filter = ["statut", "type", "issue", "commune"]
    search_fields = ["usager__nom", "usager__prenom"]
    list_select_related = ["usager", "commune", "referent"]
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
    inlines = [PointEtapeInline]
    date_hierarchy = "date_debut"

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "referent":
            kwargs["queryset"] = _agents(Dispositif.ASLL)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        mesure_modifier(mesure=obj, par=request.user, **{c: form.cleaned_data[c] for c in form.changed_data})

    def has_add_permission(self, request):
        return False  # created through the API, so that the checkpoint calendar is generated

    def has_delete_permission(self, request, obj=None):
        return False  # a measure stays in the pacte's execution report

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.statut == StatutMesure.TERMINEE:
            return False
        return super().has_change_permission(request, obj)


@admin.register(PointEtape)
class PointEtapeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mesure", "date_prevue", "date_realisee", "annule"]
    list_filter = ["annule", "mesure__statut"]
    search_fields = ["mesure__usager__nom", "mesure__usager__prenom"]
    list_select_related = ["mesure__usager"]
    readonly_fields = [
        "mesure",
        "rang",
        "date_prevue",
        "date_realisee",
        "compte_rendu",
        "annule",
        "motif_annulation",
        "realise_par",
        "modifie_le",
    ]
    inlines = [ProgressionObjectifInline]
    date_hierarchy = "date_prevue"

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

    def has_add_permission(self, request):
        return False  # generated by the measure's calendar

    def has_change_permission(self, request, obj=None):
        return False  # held through the API (point_etape_realiser)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SituationACOR)
class SituationACORAdmin(admin.ModelAdmin):
    form = SituationACORForm
    list_display = ["__str__", "statut", "date_orientation", "date_entree", "date_sortie", "commune"]
    list_filter = ["statut", "motif_sortie", "capacite_depassee", "commune"]
    search_fields = ["usager__nom", "usager__prenom"]
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

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "referent":
            kwargs["queryset"] = _agents(Dispositif.ACOR)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        situation_acor_modifier(
            situation=obj, par=request.user, **{c: form.cleaned_data[c] for c in form.changed_data}
        )

    def has_add_permission(self, request):
        return False  # created through the API, where the age and capacity rules apply

    def has_delete_permission(self, request, obj=None):
        return False

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
