from django.apps import AppConfig


class LogementConfig(AppConfig):
    name = "logement"
    verbose_name = "Actions 2.1 et 2.2 — ASLL et ACOR"
