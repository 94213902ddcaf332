from django.contrib import admin

from config.admin import DossierAdmin
from tests.dispositif_essai.models import Visite
from tests.dispositif_essai.perms import ESSAI
from tests.dispositif_essai.services import visite_enregistrer, visite_modifier


@admin.register(Visite)
class VisiteAdmin(DossierAdmin):
    dispositif = ESSAI
    autocomplete_fields = ["usager"]
    fields = ["usager", "date", "note"]
    list_display = ["usager", "date"]

    def appeler_service(self, request, obj, donnees, change):
        if change:
            return visite_modifier(visite=obj, par=request.user, **donnees)
        return visite_enregistrer(par=request.user, **donnees)
