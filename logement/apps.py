from django.apps import AppConfig

_MESURES = ("logement.view_mesureasll", "logement.add_mesureasll", "logement.change_mesureasll")
# A checkpoint is held in the admin (`point_etape_realiser`): the change permission.
_POINTS = ("logement.view_pointetape", "logement.change_pointetape", "logement.view_progressionobjectif")
_SITUATIONS = (
    "logement.view_situationacor",
    "logement.add_situationacor",
    "logement.change_situationacor",
    "logement.view_capaciteacor",
)


class LogementConfig(AppConfig):
    name = "logement"
    verbose_name = "Actions 2.1 et 2.2 — ASLL et ACOR"
    # Model permissions each role needs to use the admin; rows stay scoped by commune grants.
    # Capacities are changed by administrators (superusers) only.
    permissions_par_role = {
        "asll": _MESURES + _POINTS,
        "acor": _SITUATIONS,
        "encadrant": (
            "logement.view_mesureasll",
            "logement.view_pointetape",
            "logement.view_progressionobjectif",
            "logement.view_situationacor",
            "logement.view_capaciteacor",
        ),
    }
