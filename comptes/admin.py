from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from communes.admin import HabilitationAgentInline, HabilitationGroupeInline
from comptes.jetons import jetons_revoquer
from comptes.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts, their role (group) and their grants per commune: administrators only."""

    inlines = [HabilitationAgentInline]
    list_display = ["username", "first_name", "last_name", "profession", "is_active", "is_staff"]
    list_filter = ["groups", "profession", "is_active", "is_staff", "is_superuser"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Profession", {"fields": ("profession",)}),
    )

    actions = ["revoquer_les_jetons"]

    @admin.action(description="Révoquer les jetons d'API (déconnecte les applications de ces comptes)")
    def revoquer_les_jetons(self, request, queryset):
        nombre = sum(jetons_revoquer(user=user) for user in queryset)
        self.message_user(request, f"{nombre} jeton(s) révoqué(s).")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    inlines = [HabilitationGroupeInline]

    def has_module_permission(self, request):
        return request.user.is_superuser
