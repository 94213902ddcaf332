from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommunesConfig(AppConfig):
    name = "communes"
    verbose_name = "Communes et habilitations"

    def ready(self) -> None:
        from communes.habilitations import creer_les_permissions

        post_migrate.connect(creer_les_permissions, sender=self, dispatch_uid="communes.permissions")
