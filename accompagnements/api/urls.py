from django.urls import path
from rest_framework.routers import SimpleRouter

from accompagnements.api.views import (
    AccompagnementViewSet,
    ContactViewSet,
    DemarcheViewSet,
    DroitsDUnUsagerView,
    DroitViewSet,
    TypeDroitViewSet,
)

router = SimpleRouter()
router.register("accompagnements", AccompagnementViewSet, basename="accompagnement")
router.register("contacts", ContactViewSet, basename="contact")
router.register("demarches", DemarcheViewSet, basename="demarche")
router.register("droits", DroitViewSet, basename="droit")
router.register("types-droits", TypeDroitViewSet, basename="type-droit")

urlpatterns = [
    path("usagers/<int:pk>/droits/", DroitsDUnUsagerView.as_view(), name="usager-droits"),
    *router.urls,
]
