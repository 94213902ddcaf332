from django.contrib import admin

from comptes.perms import est_dpo
from config import dispositifs as registre
from config.admin import AccessSignalAdminMixin, ReadOnlyAdminMixin
from conservation.models import DemandeAnonymisation
from conservation.services import activites


@admin.register(DemandeAnonymisation)
class DemandeAnonymisationAdmin(AccessSignalAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The waiting early-erasure requests, for the data-protection officer alone: which dispositifs
    still hold an open file of the person (a compartment's among them: the dpo may know it), so
    that the dpo asks those teams to close it or to say why they keep it (art. 17.3)."""

    list_display = ["__str__", "usager", "demandee_par", "faite_le", "dossiers_ouverts"]
    list_filter = ["faite_le"]

    @admin.display(description="dossiers ouverts")
    def dossiers_ouverts(self, demande) -> str:
        if demande.faite_le:
            return "—"
        ouverts = sorted(
            {
                registre.dispositif(code).libelle
                for code, dossier in activites()
                if dossier.ouvert_tant_que_vide
                and dossier.model._base_manager.filter(
                    **{dossier.usager: demande.usager_id, f"{dossier.ouvert_tant_que_vide}__isnull": True}
                ).exists()
            }
        )
        return ", ".join(ouverts) or "aucun (anonymisation au prochain traitement quotidien)"

    def has_module_permission(self, request):
        return est_dpo(request.user)

    def has_view_permission(self, request, obj=None):
        return est_dpo(request.user)
