from rest_framework.routers import SimpleRouter

from logement.api.views import (
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
]
