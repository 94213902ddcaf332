from django.apps import AppConfig


class OrientationsConfig(AppConfig):
    name = "orientations"
    verbose_name = "Orientations entre dispositifs (action 1.4)"
    permissions_par_role = {"*": ("orientations.view_orientation",)}
