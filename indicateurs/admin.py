"""Administration of the monthly snapshots: read them, lock a reported year (administrators only)."""

from django import forms
from django.contrib import admin

from config.admin import ReadOnlyAdminMixin
from config.errors import RegleMetierError
from indicateurs.models import (
    AnneeVerrouillee,
    Avenant,
    ExecutionFinanciere,
    Extraction,
    Objectif,
    ProductionEtat,
    VersionBilan,
)
from indicateurs.services import annee_verrouiller, verifier_annee_verrouillable


@admin.register(Extraction)
class ExtractionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Extractions are written by the monthly task or `extraire_indicateurs`, never by hand."""

    list_display = ["annee", "mois", "extrait_le"]
    list_filter = ["annee"]


class VerrouillageForm(forms.ModelForm):
    class Meta:
        model = AnneeVerrouillee
        fields = ["annee"]

    def clean_annee(self):
        annee = self.cleaned_data["annee"]
        try:
            verifier_annee_verrouillable(annee)
        except RegleMetierError as exc:
            raise forms.ValidationError(exc.message) from exc
        return annee


@admin.register(AnneeVerrouillee)
class AnneeVerrouilleeAdmin(admin.ModelAdmin):
    list_display = ["annee", "verrouillee_le", "par"]
    form = VerrouillageForm

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the figures sent to the Préfet do not change again

    def save_model(self, request, obj, form, change):
        verrou = annee_verrouiller(annee=obj.annee, par=request.user)
        obj.pk, obj.verrouillee_le, obj.par = verrou.pk, verrou.verrouillee_le, verrou.par


# --- What administrators add to the report to the State ------------------------------------------


class _AdministrateursSeulement:
    """Amounts, targets and texts of the report: administrators write them (supervisors read)."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)


@admin.register(ExecutionFinanciere)
class ExecutionFinanciereAdmin(_AdministrateursSeulement, admin.ModelAdmin):
    list_display = ["annee", "action", "financeur", "montant_definitif", "engage", "depense"]
    list_filter = ["annee", "financeur"]


@admin.register(Avenant)
class AvenantAdmin(_AdministrateursSeulement, admin.ModelAdmin):
    list_display = ["annee", "reference", "date"]


@admin.register(Objectif)
class ObjectifAdmin(_AdministrateursSeulement, admin.ModelAdmin):
    list_display = ["annee", "indicateur", "valeur", "precision"]
    list_filter = ["annee"]


@admin.register(VersionBilan)
class VersionBilanAdmin(_AdministrateursSeulement, admin.ModelAdmin):
    """Every save is a new version (the latest is the report's text): add, never change."""

    list_display = ["annee", "action", "quand", "par"]
    list_filter = ["annee", "action"]
    fields = ["annee", "action", "texte"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        obj.par = request.user
        super().save_model(request, obj, form, change)


@admin.register(ProductionEtat)
class ProductionEtatAdmin(ReadOnlyAdminMixin, _AdministrateursSeulement, admin.ModelAdmin):
    list_display = ["quand", "par", "quoi"]
