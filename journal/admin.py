from django.contrib import admin

from comptes.perms import est_dpo, peut_lire_les_journaux
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
        if obj is not None and not est_dpo(request.user):
            return False  # an entry's page is addressed by its row id: only the dpo opens one
        return peut_lire_les_journaux(request.user)

    def get_list_display_links(self, request, list_display):
        # No link (which would carry the sequence's id, and its gaps) but for the dpo, who reads it all.
        return super().get_list_display_links(request, list_display) if est_dpo(request.user) else None
