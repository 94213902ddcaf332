"""/espace/: the agents' workspace. The kernel's pages here; each declared dispositif's pages from its
declaration (`config.dispositifs.Dispositif.espace`), under the same namespace."""

from django.urls import include, path

from config import dispositifs as registre
from espace import dpo, pilotage, views

app_name = "espace"

pages_des_dispositifs = list(dict.fromkeys(d.espace for d in registre.dispositifs() if d.espace))

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("usagers/", views.recherche, name="recherche"),
    path("usagers/nouveau/", views.CreerUsager.as_view(), name="usager-creer"),
    path("usagers/<int:pk>/", views.fiche, name="usager"),
    path("usagers/<int:pk>/historique/", views.historique, name="usager-historique"),
    path("rappels/", views.rappels, name="rappels"),
    path("rappels/<int:pk>/lu/", views.rappel_lu, name="rappel-lu"),
    path("tableau-de-bord/", pilotage.tableau_de_bord, name="tableau-de-bord"),
    path("protection-des-donnees/", dpo.recherche, name="dpo"),
    path("protection-des-donnees/usagers/<int:pk>/", dpo.personne, name="dpo-personne"),
    path("protection-des-donnees/usagers/<int:pk>/anonymiser/", dpo.anonymiser, name="dpo-anonymiser"),
    path("protection-des-donnees/conservation/", dpo.conservation, name="dpo-conservation"),
    *(path("", include(module)) for module in pages_des_dispositifs),
]
