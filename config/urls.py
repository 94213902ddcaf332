from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.api.views import healthz

api_v1 = [
    path("", include("comptes.api.urls")),
    # Login/logout pages of the browsable API (session authentication).
    path("auth/", include("rest_framework.urls")),
    path("", include("communes.api.urls")),
    path("", include("usagers.api.urls")),
    path("", include("accompagnements.api.urls")),
    path("", include("logement.api.urls")),
    path("", include("emas.api.urls")),
    path("", include("indicateurs.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("journal.api.urls")),
    path("", include("conservation.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

admin.site.site_header = "Pacte de solidarité — Dijon Métropole"
admin.site.site_title = "Pacte de solidarité"
admin.site.index_title = "Administration des dossiers"

handler404 = "config.api.views.page_introuvable"
