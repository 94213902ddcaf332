"""The project's admin site (`config.admin.SiteAdmin`) as `django.contrib.admin.site`, for every app's
`admin.site.register` and `admin.register` alike."""

from django.contrib.admin.apps import AdminConfig


class AdminPacte(AdminConfig):
    default_site = "config.admin.SiteAdmin"
