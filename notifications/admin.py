"""Admin: each user sees their own notifications only (administrators included), read-only."""

from django.contrib import admin

from config.admin import ReadOnlyAdminMixin
from notifications.models import Notification, types_de_rappel


class FiltreType(admin.SimpleListFilter):
    title = "type"
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return types_de_rappel()

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["titre", "libelle_du_type", "cree_le", "lue_le", "envoyee_le"]
    list_filter = [FiltreType]
    date_hierarchy = "cree_le"
    fields = ["type", "titre", "message", "objet_type", "objet_id", "cree_le", "lue_le", "envoyee_le"]
    readonly_fields = fields

    @admin.display(description="type", ordering="type")
    def libelle_du_type(self, obj: Notification) -> str:
        return dict(types_de_rappel()).get(obj.type, obj.type)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(destinataire=request.user)
