from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    name = "partenaires"
    verbose_name = "Annuaire des partenaires (action 1.4)"
    # Every role that works on files reads the directory in the admin; administrators maintain it.
    permissions_par_role = {"*": ("partenaires.view_partenaire",)}
