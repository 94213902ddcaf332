from django.urls import path

from comptes.api.views import JetonView, MoiView

urlpatterns = [
    path("auth/token/", JetonView.as_view(), name="auth-token"),
    path("auth/me/", MoiView.as_view(), name="auth-me"),
]
