from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    """The pacte's indicators: each dispositif declares its own (`config.dispositifs`)."""

    name = "indicateurs"
    verbose_name = "Indicateurs du pacte"
