from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    """The pacte's indicators: each dispositif declares its own (`config.dispositifs`)."""

    name = "indicateurs"
    verbose_name = "Indicateurs du pacte"

    def ready(self) -> None:
        from config.dispositifs import declare_rappels
        from indicateurs.echeances import RAPPELS

        declare_rappels(RAPPELS)
