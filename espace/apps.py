from django.apps import AppConfig


class EspaceConfig(AppConfig):
    name = "espace"
    verbose_name = "espace de travail des agents"

    def ready(self) -> None:
        from django.contrib import admin
        from dsfr.models import DsfrConfig

        # django-dsfr's site settings (title, notice, in English) are not used: the workspace's
        # templates say who we are; nothing to administer.
        if admin.site.is_registered(DsfrConfig):
            admin.site.unregister(DsfrConfig)
