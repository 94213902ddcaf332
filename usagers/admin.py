from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from communes.habilitations import communes_autorisees
from usagers.models import DEBUT_INCONNU, Residence, Usager
from usagers.perms import peut_rattacher_a_commune
from usagers.services import residence_demenager


@admin.register(Usager)
class UsagerAdmin(admin.ModelAdmin):
    """Same rule as the API: a staff member sees only the usagers of the communes of their grants."""

    list_display = ["nom", "prenom", "date_naissance", "commune", "modifie_le"]
    list_filter = ["commune"]
    search_fields = ["nom", "prenom"]
    list_select_related = ["commune"]
    readonly_fields = ["cree_le", "cree_par", "modifie_le", "modifie_par"]
    date_hierarchy = "cree_le"

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commune":
            kwargs["queryset"] = communes_autorisees(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not peut_rattacher_a_commune(request.user, obj.commune):
            raise PermissionDenied  # the form already limits the choices to the granted communes
        if not change:
            obj.cree_par = request.user
        obj.modifie_par = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            # The residence history follows the commune, in the same transaction (see services).
            if not change:
                Residence.objects.create(usager=obj, commune=obj.commune, du=DEBUT_INCONNU)
            elif "commune" in form.changed_data:
                residence_demenager(
                    usager=obj,
                    ancienne_commune_id=form.initial["commune"],
                    commune_id=obj.commune_id,
                    jour=timezone.localdate(),
                )
