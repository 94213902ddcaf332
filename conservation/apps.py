from django.apps import AppConfig


class ConservationConfig(AppConfig):
    name = "conservation"
    verbose_name = "Conservation et droits des personnes"
    default_auto_field = "django.db.models.BigAutoField"
    # The data-protection officer follows the early-erasure requests (and nothing of the files).
    permissions_par_role = {"dpo": ("conservation.view_demandeanonymisation",)}
