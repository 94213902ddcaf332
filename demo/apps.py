from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run`. It depends on every dispositif; none depends on it."""

    name = "demo"
    verbose_name = "Données de démonstration"
