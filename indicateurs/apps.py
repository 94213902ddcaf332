from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    name = "indicateurs"
    verbose_name = "Indicateurs du pacte"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # The indicators of the dispositifs that have landed (1.1, 2.1, 2.2) are defined here;
        # any other installed app contributes its own from its `indicateurs.py` (e.g. `emas`).
        import indicateurs.definitions  # noqa: F401

        autodiscover_modules("indicateurs")
