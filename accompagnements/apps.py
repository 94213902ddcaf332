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
    permissions_par_role = dict.fromkeys(("acces_droits", "encadrant"), _PERMISSIONS_AGENT)
