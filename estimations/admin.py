"""Admin of the estimation of rights: read-only (households are declared and estimations asked for
through the API, where the household rules and the queue apply); rows scoped like the API."""

from django.contrib import admin

from config.admin import AccessSignalAdminMixin, ReadOnlyAdminMixin, ReadOnlyInline
from estimations.models import AVERTISSEMENT, DroitDetecte, Estimation, Foyer, MembreFoyer


class LectureSeuleAdmin(AccessSignalAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, rows scoped like the API, reads journaled."""

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)


class MembreInline(ReadOnlyInline):
    model = MembreFoyer
    show_change_link = False
    fields = [
        "role",
        "date_naissance",
        "salaire_brut",
        "retraite_brute",
        "chomage_brut",
        "pension_alimentaire_recue",
    ]


@admin.register(Foyer)
class FoyerAdmin(LectureSeuleAdmin):
    list_display = ["usager", "valide_du", "valide_au", "situation_couple", "statut_occupation", "commune"]
    list_filter = ["situation_couple", "statut_occupation"]
    list_select_related = ["usager", "commune"]
    inlines = [MembreInline]


class DroitDetecteInline(ReadOnlyInline):
    model = DroitDetecte
    fields = ["type", "montant_estime", "droit", "motif_ecart"]


@admin.register(Estimation)
class EstimationAdmin(LectureSeuleAdmin):
    list_display = ["id", "accompagnement", "periode", "statut", "demandee_le", "version_openfisca_france"]
    list_filter = ["statut", "periode"]
    exclude = ["entrees"]
    inlines = [DroitDetecteInline]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "subtitle": AVERTISSEMENT}
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(DroitDetecte)
class DroitDetecteAdmin(LectureSeuleAdmin):
    list_display = ["type", "montant_estime", "droit", "estimation", "motif_ecart"]
    list_select_related = ["type", "droit", "estimation"]
