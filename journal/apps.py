from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Protection des données"
    default_auto_field = "django.db.models.BigAutoField"
    # The data-protection officer reads the journal in the admin (and nothing of the files).
    permissions_par_role = {"dpo": ("journal.view_entreejournal",)}

    def ready(self) -> None:
        from config.signaux import dossiers_consultes
        from journal.services import consigner

        # Every read and write of files the shared grammar (API, admin) tells is journaled.
        dossiers_consultes.connect(consigner, dispatch_uid="journal.consigner")
