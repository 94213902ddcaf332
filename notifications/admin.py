"""Admin: each user sees their own notifications only (administrators included), read-only."""

from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["titre", "type", "cree_le", "lue_le", "envoyee_le"]
    list_filter = ["type"]
    date_hierarchy = "cree_le"
    fields = ["type", "titre", "message", "objet_type", "objet_id", "cree_le", "lue_le", "envoyee_le"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(destinataire=request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
