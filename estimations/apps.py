from django.apps import AppConfig

_PERMISSIONS_AGENT = (
    *(f"estimations.{action}_foyer" for action in ("view", "add")),
    "estimations.view_membrefoyer",
    "estimations.view_estimation",
    "estimations.view_droitdetecte",
)


class EstimationsConfig(AppConfig):
    name = "estimations"
    verbose_name = "Action 1.1 — estimation des droits (non-recours)"
    permissions_par_role = dict.fromkeys(("acces_droits", "encadrant"), _PERMISSIONS_AGENT)
