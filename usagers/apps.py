from django.apps import AppConfig


class UsagersConfig(AppConfig):
    name = "usagers"
    verbose_name = "Usagers"
    # Model permissions each role needs to use the admin; rows stay scoped by commune grants.
    # `agents`: the agents of every dispositif (comptes.roles).
    permissions_par_role = {
        "agents": (
            "usagers.view_usager",
            "usagers.add_usager",
            "usagers.change_usager",
            "usagers.delete_usager",
        ),
        "encadrant": ("usagers.view_usager",),  # supervisors read, agents record
    }
