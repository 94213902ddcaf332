from django.apps import AppConfig

_TOUT = tuple(
    f"emas.{action}_{modele}"
    for modele in ("signalement", "suiviemas", "intervention")
    for action in ("view", "add", "change")
)


class EmasConfig(AppConfig):
    name = "emas"
    verbose_name = "Action 2.3 — équipe mobile EMAS"
    # Model permissions the team needs to open the admin; rows stay scoped by the `emas` grant,
    # and the section is shown only to grant holders (emas.perms.acces_compartiment_emas).
    # No other role gets any permission here: supervisors see EMAS only as anonymised counts.
    permissions_par_role = {"emas": _TOUT}
