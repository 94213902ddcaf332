from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from communes.admin import HabilitationAgentInline, HabilitationGroupeInline
from comptes.jetons import jetons_revoquer
from comptes.models import EvenementDeConnexion, User
from comptes.perms import peut_lire_les_journaux
from comptes.second_facteur import second_facteur_reinitialiser, totp_de
from comptes.services import compte_supprimer, proconnect_delier


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts, their role (group) and their grants per commune: administrators only."""

    inlines = [HabilitationAgentInline]
    list_display = ["username", "first_name", "last_name", "profession", "is_active", "is_staff"]
    list_filter = ["groups", "profession", "is_active", "is_staff", "is_superuser"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Profession", {"fields": ("profession",)}),
        ("Connexion", {"fields": ("second_facteur", "proconnect_sub")}),
    )
    # Permissions come from the roles (synchronised after every migrate): shown, never picked by hand.
    readonly_fields = ["second_facteur", "proconnect_sub", "user_permissions"]

    actions = ["revoquer_les_jetons", "reinitialiser_le_second_facteur", "delier_proconnect"]

    @admin.display(description="second facteur")
    def second_facteur(self, obj) -> str:
        if obj.pk is None:
            return "—"
        return "application enrôlée" if totp_de(obj) else "non enrôlé (enrôlement à la prochaine connexion)"

    @admin.action(description="Révoquer les jetons d'API (déconnecte les applications de ces comptes)")
    def revoquer_les_jetons(self, request, queryset):
        nombre = sum(jetons_revoquer(user=user) for user in queryset)
        self.message_user(request, f"{nombre} jeton(s) révoqué(s).")

    @admin.action(description="Réinitialiser le second facteur (téléphone perdu : nouvel enrôlement)")
    def reinitialiser_le_second_facteur(self, request, queryset):
        for user in queryset:
            second_facteur_reinitialiser(user=user, par=request.user, request=request)
        self.message_user(
            request,
            f"Second facteur réinitialisé pour {queryset.count()} compte(s) : nouvel enrôlement "
            "à la prochaine connexion.",
        )

    @admin.action(description="Délier l'identité ProConnect (la prochaine connexion la liera par l'adresse)")
    def delier_proconnect(self, request, queryset):
        nombre = sum(proconnect_delier(user=user, par=request.user, request=request) for user in queryset)
        self.message_user(request, f"{nombre} identité(s) ProConnect déliée(s).")

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

    # Deleting an account that a record names deactivates it (`comptes.services.compte_supprimer`).
    # The confirmation page lists nothing but the accounts: what refers to them (a compartment's
    # records among them) is not the administrator's to read.
    def get_deleted_objects(self, objs, request):
        _supprimes, _compte, permissions, _proteges = super().get_deleted_objects(objs, request)
        return [str(obj) for obj in objs], {}, permissions, []

    def delete_model(self, request, obj):
        if not compte_supprimer(user=obj, par=request.user):
            request.comptes_desactives = [*getattr(request, "comptes_desactives", []), str(obj)]
            self.message_user(
                request,
                f"Le compte « {obj} » est nommé par des dossiers : il est désactivé, pas supprimé.",
            )

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, "comptes_desactives", None):  # not « supprimé avec succès »
            return HttpResponseRedirect(reverse("admin:comptes_user_changelist"))
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    inlines = [HabilitationGroupeInline]
    readonly_fields = ["permissions"]  # a role's permissions are declared by the apps (comptes.roles)

    def has_module_permission(self, request):
        return request.user.is_superuser


# The devices hold the TOTP secrets and the recovery codes in clear: never shown in the admin. An
# administrator resets a factor with the journaled action of the accounts' admin instead.
for modele in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(modele):
        admin.site.unregister(modele)


@admin.register(EvenementDeConnexion)
class EvenementDeConnexionAdmin(admin.ModelAdmin):
    """Le journal des connexions, en lecture seule : administrateurs et délégué à la protection des
    données."""

    list_display = ["quand", "compte", "evenement", "moyen", "adresse", "motif", "detail", "par"]
    list_filter = ["evenement", "moyen"]
    search_fields = ["compte", "=compte_id", "=adresse"]
    date_hierarchy = "quand"
    show_full_result_count = False

    def has_module_permission(self, request):
        return peut_lire_les_journaux(request.user)

    def has_view_permission(self, request, obj=None):
        return peut_lire_les_journaux(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
