from django.apps import AppConfig


class ConservationConfig(AppConfig):
    name = "conservation"
    verbose_name = "Conservation et droits des personnes"
    default_auto_field = "django.db.models.BigAutoField"
