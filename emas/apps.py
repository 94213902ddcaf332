from django.apps import AppConfig


class EmasConfig(AppConfig):
    name = "emas"
    verbose_name = "Action 2.3 — équipe mobile EMAS"
