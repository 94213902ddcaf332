from django.urls import path

from indicateurs.api.views import DefinitionsView, RapportView, ValeursView

urlpatterns = [
    path("indicateurs/", DefinitionsView.as_view(), name="indicateurs"),
    path("indicateurs/valeurs/", ValeursView.as_view(), name="indicateurs-valeurs"),
    path("indicateurs/rapport/", RapportView.as_view(), name="indicateurs-rapport"),
]
