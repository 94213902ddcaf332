from django.apps import AppConfig

_MODELES_DE_TRAVAIL = ("accompagnement", "contact", "demarche", "droit")
_PERMISSIONS_AGENT = (
    *(
        f"accompagnements.{action}_{modele}"
        for modele in _MODELES_DE_TRAVAIL
        for action in ("view", "add", "change")
    ),
    "accompagnements.view_typedroit",
    "accompagnements.view_transitiondroit",
)


class AccompagnementsConfig(AppConfig):
    name = "accompagnements"
    verbose_name = "Action 1.1 — accès aux droits"
    # Model permissions each role needs to use the admin; rows stay scoped by commune grants.
    # Supervisors read the nominative files of their communes; they do not edit them.
    permissions_par_role = {
        "acces_droits": _PERMISSIONS_AGENT,
        "encadrant": tuple(p for p in _PERMISSIONS_AGENT if ".add_" not in p and ".change_" not in p),
    }
