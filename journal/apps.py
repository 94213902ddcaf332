from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Protection des données"
    default_auto_field = "django.db.models.BigAutoField"
    # The data-protection officer reads the journal in the admin (and nothing of the files).
    permissions_par_role = {"dpo": ("journal.view_entreejournal",)}
