"""The browser's sign-in and sign-out pages, the admin's own included, and ProConnect's return."""

from django.urls import path

from comptes.proconnect import ProConnectConnexionView, ProConnectRetourView
from comptes.views import (
    CodesDeSecoursView,
    ConnexionView,
    DeconnexionTermineeView,
    DeconnexionView,
    EnrolementView,
    SecondFacteurView,
)

urlpatterns = [
    path("connexion/", ConnexionView.as_view(), name="connexion"),
    path("connexion/second-facteur/", SecondFacteurView.as_view(), name="second-facteur"),
    path("connexion/second-facteur/enrolement/", EnrolementView.as_view(), name="enrolement"),
    path("connexion/codes-de-secours/", CodesDeSecoursView.as_view(), name="codes-de-secours"),
    path("deconnexion/", DeconnexionView.as_view(), name="deconnexion"),
    path("deconnexion/terminee/", DeconnexionTermineeView.as_view(), name="deconnexion-terminee"),
    # The names mozilla-django-oidc reverses (the callback is the `redirect_uri` declared to ProConnect).
    path("oidc/authenticate/", ProConnectConnexionView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", ProConnectRetourView.as_view(), name="oidc_authentication_callback"),
    # The admin signs in and out through the same pages (the second factor, ProConnect's logout).
    path("admin/login/", ConnexionView.as_view(), name="connexion-admin"),
    path("admin/logout/", DeconnexionView.as_view(), name="deconnexion-admin"),
]
