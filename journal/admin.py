from django.contrib import admin

from comptes.perms import peut_lire_les_journaux
from config.admin import ReadOnlyAdminMixin
from journal.models import EntreeJournal


@admin.register(EntreeJournal)
class EntreeJournalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """« Qui a ouvert le dossier de cette personne, quand » : filtrer par `usager_id`. Lecture seule."""

    list_display = ["quand", "auteur", "action", "origine", "objet_type", "objet_id", "usager_id", "requete"]
    list_filter = ["action", "origine", "objet_type"]
    search_fields = ["=usager_id", "=objet_id", "auteur", "=requete"]
    date_hierarchy = "quand"
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

    def has_module_permission(self, request):
        return peut_lire_les_journaux(request.user)

    def has_view_permission(self, request, obj=None):
        return peut_lire_les_journaux(request.user)
