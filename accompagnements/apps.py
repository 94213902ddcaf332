from django.apps import AppConfig


class AccompagnementsConfig(AppConfig):
    name = "accompagnements"
    verbose_name = "Action 1.1 — accès aux droits"
