from django.apps import AppConfig


class UsagersConfig(AppConfig):
    name = "usagers"
    verbose_name = "Usagers"
    # Model permissions each role needs to use the admin; rows stay scoped by commune grants.
    permissions_par_role = {
        **dict.fromkeys(
            ("acces_droits", "asll", "acor", "emas"),
            ("usagers.view_usager", "usagers.add_usager", "usagers.change_usager", "usagers.delete_usager"),
        ),
        "encadrant": ("usagers.view_usager",),  # supervisors read, agents record
    }
