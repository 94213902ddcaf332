from django.urls import path
from rest_framework.routers import SimpleRouter

from estimations.api.views import DroitDetecteViewSet, EstimationViewSet, EstimerDroitsView, FoyerViewSet

router = SimpleRouter()
router.register("foyers", FoyerViewSet, basename="foyer")
router.register("estimations", EstimationViewSet, basename="estimation")
router.register("droits-detectes", DroitDetecteViewSet, basename="droit-detecte")

urlpatterns = [
    path(
        "accompagnements/<int:pk>/estimer-droits/",
        EstimerDroitsView.as_view(),
        name="accompagnement-estimer-droits",
    ),
    *router.urls,
]
