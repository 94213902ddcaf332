"""/espace/: the agents' workspace. The kernel's pages here; each declared dispositif's pages from its
declaration (`config.dispositifs.Dispositif.espace`), under the same namespace."""

from django.urls import include, path

from config import dispositifs as registre
from espace import views

app_name = "espace"

pages_des_dispositifs = list(dict.fromkeys(d.espace for d in registre.dispositifs() if d.espace))

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("usagers/", views.recherche, name="recherche"),
    path("usagers/nouveau/", views.CreerUsager.as_view(), name="usager-creer"),
    path("usagers/<int:pk>/", views.fiche, name="usager"),
    path("usagers/<int:pk>/historique/", views.historique, name="usager-historique"),
    *(path("", include(module)) for module in pages_des_dispositifs),
]
