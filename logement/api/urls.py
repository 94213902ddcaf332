from rest_framework.routers import SimpleRouter

from logement.api.views import (
    DemandeASLLViewSet,
    MesureASLLViewSet,
    PointEtapeViewSet,
    RencontreASLLViewSet,
    SituationACORViewSet,
)

router = SimpleRouter()
router.register("asll/mesures", MesureASLLViewSet, basename="mesure-asll")
router.register("asll/points-etape", PointEtapeViewSet, basename="point-etape")
router.register("asll/rencontres", RencontreASLLViewSet, basename="rencontre-asll")
router.register("asll/demandes", DemandeASLLViewSet, basename="demande-asll")
router.register("acor/situations", SituationACORViewSet, basename="situation-acor")

urlpatterns = [
    *router.urls,
]
