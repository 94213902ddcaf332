from django.apps import AppConfig


class DispositifEssaiConfig(AppConfig):
    """A fifth dispositif, installed by the test settings only (config/settings/test.py): it declares
    itself (`dispositif.py`) and so appears on every shared path with no shared file naming it."""

    name = "tests.dispositif_essai"
    label = "essai"
    verbose_name = "Dispositif d'essai"
    default_auto_field = "django.db.models.BigAutoField"
    permissions_par_role = {"essai": ("essai.view_visite", "essai.add_visite", "essai.change_visite")}
