from django.urls import path

from comptes.api.views import DeconnexionView, JetonView, MoiView

urlpatterns = [
    path("auth/token/", JetonView.as_view(), name="auth-token"),
    path("auth/logout/", DeconnexionView.as_view(), name="auth-logout"),
    path("auth/me/", MoiView.as_view(), name="auth-me"),
]
