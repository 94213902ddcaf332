from django.apps import AppConfig


class HistoriqueConfig(AppConfig):
    name = "historique"
    verbose_name = "Historique des modifications"
    default_auto_field = "django.db.models.BigAutoField"
