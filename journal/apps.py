from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Protection des données"
    default_auto_field = "django.db.models.BigAutoField"
    # The data-protection officer reads the journal in the admin (and nothing of the files).
    permissions_par_role = {"dpo": ("journal.view_entreejournal",)}

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_save, pre_delete

        import journal.checks  # noqa: F401 - registers the check of the admin's reads
        from config.signaux import dossiers_consultes, page_a_lire
        from journal.services import (
            consigner,
            ecriture_consignee,
            ecriture_de_page,
            relations_consignees,
            suppression_consignee,
        )

        # Every read of files the shared grammar (API, admin) tells is journaled.
        dossiers_consultes.connect(consigner, dispatch_uid="journal.consigner")
        # A list's page: its entries written by the statement that reads it (one round trip).
        page_a_lire.connect(ecriture_de_page, dispatch_uid="journal.page")
        # Every write of a nominative record, by the model layer: no path can forget it.
        post_save.connect(ecriture_consignee, dispatch_uid="journal.ecriture")
        pre_delete.connect(suppression_consignee, dispatch_uid="journal.suppression")
        m2m_changed.connect(relations_consignees, dispatch_uid="journal.relations")
