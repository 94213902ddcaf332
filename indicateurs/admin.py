"""Administration of the monthly snapshots: read them, lock a reported year (administrators only)."""

from django import forms
from django.contrib import admin

from config.admin import ReadOnlyAdminMixin
from config.errors import RegleMetierError
from indicateurs.models import AnneeVerrouillee, Extraction
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
