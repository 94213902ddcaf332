"""A nominative model shown in the admin without its reads journaled is an error of `manage.py check`
(run by every command and by the test suite): the admin of a new record cannot forget it."""

from django.contrib import admin
from django.core import checks

from config.admin import AccessSignalAdminMixin
from journal.services import est_nominatif


@checks.register(checks.Tags.admin)
def lectures_de_l_admin_journalisees(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"L'administration de {modele._meta.label} montre des données nominatives sans journaliser "
            "leur lecture.",
            hint="Faire hériter son ModelAdmin de config.admin.AccessSignalAdminMixin.",
            obj=type(modele_admin),
            id="journal.E001",
        )
        for modele, modele_admin in admin.site._registry.items()
        if est_nominatif(modele) and not isinstance(modele_admin, AccessSignalAdminMixin)
    ]
