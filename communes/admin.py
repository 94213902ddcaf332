from django.contrib import admin
from django.contrib.auth.models import Permission

from communes.models import Commune, CommuneGroupObjectPermission, CommuneUserObjectPermission


class _HabilitationInline(admin.TabularInline):
    extra = 0
    autocomplete_fields = ["content_object"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "permission":
            kwargs["queryset"] = Permission.objects.filter(
                content_type__app_label="communes", codename__startswith="dispositif_"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class HabilitationAgentInline(_HabilitationInline):
    model = CommuneUserObjectPermission
    verbose_name = "habilitation (dispositif sur une commune)"
    verbose_name_plural = "habilitations (dispositif sur une commune)"


class HabilitationGroupeInline(_HabilitationInline):
    model = CommuneGroupObjectPermission
    verbose_name = "habilitation du groupe (dispositif sur une commune)"
    verbose_name_plural = "habilitations du groupe (dispositif sur une commune)"


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["nom", "code_insee", "cls"]
    list_filter = ["cls"]
    search_fields = ["nom", "code_insee"]

    def has_add_permission(self, request):
        return False  # the 23 communes come from the data migration

    def has_delete_permission(self, request, obj=None):
        return False
