from django.urls import path
from rest_framework.routers import SimpleRouter

from emas.api.views import EvaluationView, InterventionViewSet, SignalementViewSet, SuiviEMASViewSet

router = SimpleRouter()
router.register("emas/signalements", SignalementViewSet, basename="emas-signalement")
router.register("emas/suivis", SuiviEMASViewSet, basename="emas-suivi")
router.register("emas/interventions", InterventionViewSet, basename="emas-intervention")

urlpatterns = [
    *router.urls,
    path("emas/evaluation/", EvaluationView.as_view(), name="emas-evaluation"),
]
