from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from comptes.roles import nommer_les_permissions_en_francais, synchroniser_permissions_des_roles

        post_migrate.connect(synchroniser_permissions_des_roles, dispatch_uid="comptes.roles")
        post_migrate.connect(
            nommer_les_permissions_en_francais, dispatch_uid="comptes.permissions_en_francais"
        )

        import comptes.connexion  # noqa: F401 - connects the failed-login counter
        import comptes.signaux  # noqa: F401 - a deactivated account loses its tokens
