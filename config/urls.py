"""The composition root of the URLs: the kernel's and the consumers' routes, named here, and each
declared dispositif's API (`config.dispositifs.Dispositif.api`), included from its declaration."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from comptes.api.views import RacineAPI
from config import dispositifs as registre
from config.api.views import healthz, page_introuvable
from indicateurs.tableau_de_bord import tableau_de_bord
from usagers.admin import Autocompletion

api_des_dispositifs = list(dict.fromkeys(d.api for d in registre.dispositifs() if d.api))

api_v1 = [
    path(
        "",
        RacineAPI.as_view(
            avant=(("communes", "commune-list"), ("usagers", "usager-list")),
            apres=(("notifications", "notification-list"),),
        ),
        name="racine-api",
    ),
    path("", include("comptes.api.urls")),
    # Login/logout pages of the browsable API (session authentication).
    path("auth/", include("rest_framework.urls")),
    path("", include("communes.api.urls")),
    path("", include("usagers.api.urls")),
    path("", include("partenaires.api.urls")),
    *(path("", include(module)) for module in api_des_dispositifs),
    path("", include("indicateurs.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("journal.api.urls")),
    path("", include("conservation.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    # Sign-in and sign-out (local form, second factor, ProConnect), before the admin's own pages.
    path("", include("comptes.urls")),
    path("api/v1/", include(api_v1)),
    # Any other path under /api/ is the API's JSON 404, DEBUG or not (with DEBUG on, Django answers
    # its own HTML page before `handler404`). Only paths ending with a slash: without one,
    # APPEND_SLASH still redirects to the route that has it.
    re_path(r"^api/(?:.*/)?$", page_introuvable, name="api-introuvable"),
    # The agents' workspace (server-rendered, DSFR): the person's file is its hub.
    path("espace/", include("espace.urls")),
    # Before the admin's own: the same view, whose labels tell persons apart (birth date, commune).
    path(
        "admin/autocomplete/",
        admin.site.admin_view(Autocompletion.as_view(admin_site=admin.site)),
        name="autocomplete_personnes",
    ),
    path("admin/tableau-de-bord/", admin.site.admin_view(tableau_de_bord), name="tableau_de_bord"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

admin.site.site_header = "Pacte de solidarité — Dijon Métropole"
admin.site.site_title = "Pacte de solidarité"
admin.site.index_title = "Administration des dossiers"
admin.site.site_url = None  # no public site: the « Voir le site » link is not shown

handler404 = "config.api.views.page_introuvable"
