from django.apps import AppConfig


class HistoriqueConfig(AppConfig):
    name = "historique"
    verbose_name = "Historique des modifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from config.signaux import versions_demandees
        from historique.versions import repondre

        # The « Historique » page of every record's admin shows its versions.
        versions_demandees.connect(repondre, dispatch_uid="historique.versions")
