from django.apps import AppConfig


class CommunesConfig(AppConfig):
    name = "communes"
    verbose_name = "Communes et habilitations"
