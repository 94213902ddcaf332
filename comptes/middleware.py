"""Browser sessions: how long they live, and what an account that needs strong authentication reaches
before it has it (docs/SECURITY.md)."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from comptes.perms import exige_second_facteur
from comptes.second_facteur import session_forte

SESSION_DEBUT = "comptes_debut"
SESSION_ACTIVITE = "comptes_activite"
# The last request's time is written at most once a minute: a session is not saved on every request.
ECRITURE_AU_PLUS_TOUTES = 60

MESSAGE_SECOND_FACTEUR = (
    "Votre compte donne accès à l'administration ou à des données de santé : terminez votre connexion "
    "avec votre second facteur (le code à 6 chiffres de votre application d'authentification, ou un "
    "code de secours) sur la page /connexion/second-facteur/, ou connectez-vous avec ProConnect avec "
    "une authentification forte."
)


def maintenant() -> float:
    return time.time()


def session_demarrer(request) -> None:
    """A sign-in starts the clocks of the session (called on `user_logged_in`)."""
    instant = int(maintenant())
    request.session[SESSION_DEBUT] = instant
    request.session[SESSION_ACTIVITE] = instant


class DureeDeSessionMiddleware:
    """A signed-in browser session ends after `SESSION_INACTIVITE` without a request and in any case
    `SESSION_DUREE_MAX` after its sign-in (journaled as a sign-out « session expirée »); the request
    then goes on as an anonymous one. Read from the session alone: no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            instant = maintenant()
            debut = session.get(SESSION_DEBUT)
            activite = session.get(SESSION_ACTIVITE, debut)
            if debut is None:  # a session opened before these clocks existed
                session_demarrer(request)
            elif (
                instant - debut > settings.SESSION_DUREE_MAX.total_seconds()
                or instant - activite > settings.SESSION_INACTIVITE.total_seconds()
            ):
                request.motif_de_deconnexion = "session expirée"
                logout(request)
            elif instant - activite > ECRITURE_AU_PLUS_TOUTES:
                session[SESSION_ACTIVITE] = int(instant)
        return self.get_response(request)


class AuthentificationForteMiddleware:
    """An administrator or a member of a compartment's team (health data) whose session has not
    presented its second factor (nor come through ProConnect strongly enough) reaches only the pages
    that complete or end the sign-in: everything else — the admin, the API by session, the future
    workspace — answers 403 with a French message telling how to finish signing in. API tokens are
    held to the same rule where they are issued and checked (`comptes.jetons`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._libres: tuple[str, ...] | None = None

    def libres(self) -> tuple[str, ...]:
        if self._libres is None:
            self._libres = (
                "/connexion/",
                "/deconnexion/",
                "/oidc/",
                "/admin/login/",
                "/admin/logout/",
                reverse("auth-logout"),
                "/" + settings.STATIC_URL.lstrip("/"),
                reverse("healthz"),
            )
        return self._libres

    def __call__(self, request):
        if (
            SESSION_KEY in request.session
            and not session_forte(request)
            and not request.path_info.startswith(self.libres())
            and exige_second_facteur(request.user)
        ):
            return refus_second_facteur(request)
        return self.get_response(request)


def refus_second_facteur(request):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": MESSAGE_SECOND_FACTEUR, "code": "interdit"}, status=403)
    return render(
        request,
        "comptes/second_facteur_requis.html",
        {"message": MESSAGE_SECOND_FACTEUR, "url_second_facteur": reverse("second-facteur")},
        status=403,
    )
