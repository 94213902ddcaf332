"""The directory in the admin: administrators maintain it, every role that works on files reads it.
A partner is never deleted (records point to it, some in a compartment whose existence no delete
page may reveal): it is deactivated."""

from django.contrib import admin
from django.db import models

from partenaires.models import Partenaire


@admin.register(Partenaire)
class PartenaireAdmin(admin.ModelAdmin):
    list_display = ("nom", "type", "toute_la_metropole", "telephone", "actif")
    list_filter = ("type", "actif", "toute_la_metropole")
    search_fields = ("recherche",)
    filter_horizontal = ("communes",)
    actions = ["desactiver"]
    # A site typed without its scheme is an https one (Django 6's default, taken now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request, queryset, search_term):
        return queryset.cherchant(search_term), False

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # deactivated, never deleted

    @admin.action(description="Désactiver les partenaires sélectionnés", permissions=["change"])
    def desactiver(self, request, queryset):
        n = queryset.update(actif=False)
        self.message_user(request, f"{n} partenaire(s) désactivé(s).")
