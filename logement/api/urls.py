from django.urls import path
from rest_framework.routers import SimpleRouter

from logement.api.views import (
    IndicateursACORView,
    IndicateursASLLView,
    MesureASLLViewSet,
    PointEtapeViewSet,
    SituationACORViewSet,
)

router = SimpleRouter()
router.register("asll/mesures", MesureASLLViewSet, basename="mesure-asll")
router.register("asll/points-etape", PointEtapeViewSet, basename="point-etape")
router.register("acor/situations", SituationACORViewSet, basename="situation-acor")

urlpatterns = [
    *router.urls,
    path("indicateurs/asll/", IndicateursASLLView.as_view(), name="indicateurs-asll"),
    path("indicateurs/acor/", IndicateursACORView.as_view(), name="indicateurs-acor"),
]
