"""Orientations in the admin, read only: the same rows and outcome as the API (`visibles_par`,
`avec_statut`); they are made through the API and the workspace (`orientation_creer`)."""

from django.contrib import admin

from config.admin import AccessSignalAdminMixin, ReadOnlyAdminMixin
from orientations.models import Orientation, StatutOrientation


@admin.register(Orientation)
class OrientationAdmin(AccessSignalAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("date", "depuis_libelle", "vers", "motif", "suite")
    fields = ("usager", "date", "depuis_libelle", "vers", "motif", "note", "accord_modalite", "suite")
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            Orientation.objects.visibles_par(request.user)
            .avec_statut()
            .select_related("usager", "vers_partenaire")
        )

    @admin.display(description="suite")
    def suite(self, obj) -> str:
        return StatutOrientation(obj.statut).label

    @admin.display(description="depuis")
    def depuis_libelle(self, obj) -> str:
        return obj.depuis_libelle
