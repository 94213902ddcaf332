from django.urls import path
from rest_framework.routers import SimpleRouter

from comptes.api.views import DeconnexionView, EvenementDeConnexionViewSet, JetonView, MoiView

router = SimpleRouter()
router.register("connexions", EvenementDeConnexionViewSet, basename="connexions")

urlpatterns = [
    path("auth/token/", JetonView.as_view(), name="auth-token"),
    path("auth/logout/", DeconnexionView.as_view(), name="auth-logout"),
    path("auth/me/", MoiView.as_view(), name="auth-me"),
    *router.urls,
]
