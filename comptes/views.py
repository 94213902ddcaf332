"""The browser's sign-in pages: the local form (with the ProConnect button when it is configured), the
second factor and its enrolment, the recovery codes, the sign-out (ProConnect's too)."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from comptes.connexion import connexion_bloquee
from comptes.forms import CodeForm, ConnexionForm
from comptes.perms import exige_second_facteur
from comptes.proconnect import SESSION_SUIVANT, proconnect_actif, url_de_deconnexion
from comptes.second_facteur import (
    code_verifier,
    codes_de_secours_de,
    codes_de_secours_generer,
    secret_base32,
    session_forte,
    session_verifier,
    totp_confirmer,
    totp_de,
    totp_preparer,
)

SESSION_ETAT_DECONNEXION = "comptes_etat_deconnexion"
MESSAGE_BLOQUE = "Trop de tentatives : réessayez dans quelques minutes."
MESSAGE_CODE_INVALIDE = "Code invalide ou déjà utilisé."


def _suite(request) -> str:
    """Where the sign-in goes on: the page asked before signing in, or the landing page."""
    suivant = request.session.pop(SESSION_SUIVANT, None)
    if suivant and url_has_allowed_host_and_scheme(
        suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return suivant
    return settings.CONNEXION_ARRIVEE_URL


class ConnexionView(LoginView):
    """`/connexion/` (and `/admin/login/`): identifier and password, ProConnect's button beside when it is
    configured. An account that needs strong authentication goes on to its second factor."""

    template_name = "comptes/connexion.html"
    form_class = ConnexionForm

    def get(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and not session_forte(request)
            and exige_second_facteur(request.user)
        ):
            return redirect("second-facteur")
        return super().get(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return settings.CONNEXION_ARRIVEE_URL

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "proconnect": proconnect_actif()}

    def form_valid(self, form):
        user = form.get_user()
        suite = self.get_success_url()
        auth_login(self.request, user)  # a new session key; journaled (comptes.signaux)
        if exige_second_facteur(user):
            self.request.session[SESSION_SUIVANT] = suite
            return redirect("second-facteur")
        return redirect(suite)


class _EtapeDeConnexion(View):
    """A page of a signed-in browser that owes (or manages) its second factor."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('connexion')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)


@method_decorator([never_cache, csrf_protect, sensitive_post_parameters("code")], name="dispatch")
class SecondFacteurView(_EtapeDeConnexion):
    """`/connexion/second-facteur/`: the code of the application (or a recovery code). Each wrong code
    counts as a failed sign-in of the account (`comptes.connexion`) and slows the device down
    (django-otp's throttling)."""

    def get(self, request):
        if session_forte(request) or not exige_second_facteur(request.user):
            return redirect(_suite(request))
        if totp_de(request.user) is None:
            return redirect("enrolement")
        return self.page(request, CodeForm())

    def post(self, request):
        if session_forte(request) or not exige_second_facteur(request.user):
            return redirect(_suite(request))
        form = CodeForm(request.POST)
        if form.is_valid():
            user = request.user
            if connexion_bloquee(request, user.get_username()):
                form.add_error("code", MESSAGE_BLOQUE)
                return self.page(request, form)
            appareil = code_verifier(user=user, code=form.cleaned_data["code"])
            if appareil is None:
                request.motif_d_echec = "code du second facteur invalide ou déjà utilisé"
                request.compte_en_echec = user
                user_login_failed.send(
                    sender=__name__, credentials={"username": user.get_username()}, request=request
                )
                form.add_error("code", MESSAGE_CODE_INVALIDE)
                return self.page(request, form)
            session_verifier(request, appareil)
            if isinstance(appareil, StaticDevice):
                restants = appareil.token_set.count()
                messages.warning(
                    request,
                    f"Code de secours utilisé : il vous en reste {restants}. Générez-en de nouveaux depuis "
                    f"{reverse('codes-de-secours')}.",
                )
            return redirect(_suite(request))
        return self.page(request, form)

    @staticmethod
    def page(request, form):
        return render(request, "comptes/second_facteur.html", {"form": form})


@method_decorator([never_cache, csrf_protect, sensitive_post_parameters("code")], name="dispatch")
class EnrolementView(_EtapeDeConnexion):
    """`/connexion/second-facteur/enrolement/`: at the first sign-in of an account that needs it, the
    agent adds this product to their authenticator application (QR code or secret) and types the first
    code; ten recovery codes are then shown, once."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and totp_de(request.user) is not None:
            return redirect("second-facteur")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            if connexion_bloquee(request, request.user.get_username()):
                form.add_error("code", MESSAGE_BLOQUE)
                return self.page(request, form)
            codes = totp_confirmer(
                request=request, appareil=totp_preparer(user=request.user), code=form.cleaned_data["code"]
            )
            if codes is None:
                request.motif_d_echec = "code d'enrôlement invalide"
                request.compte_en_echec = request.user
                user_login_failed.send(
                    sender=__name__, credentials={"username": request.user.get_username()}, request=request
                )
                form.add_error("code", MESSAGE_CODE_INVALIDE)
                return self.page(request, form)
            return render(
                request,
                "comptes/codes_de_secours.html",
                {"codes": codes, "suite": _suite(request), "nouveau": True},
            )
        return self.page(request, form)

    @staticmethod
    def page(request, form):
        appareil = totp_preparer(user=request.user)
        qr = segno.make(appareil.config_url, error="m")
        return render(
            request,
            "comptes/enrolement.html",
            {
                "form": form,
                "qr": qr.svg_inline(
                    scale=5, title="QR code à scanner avec votre application d'authentification"
                ),
                "secret": " ".join(secret_base32(appareil)[i : i + 4] for i in range(0, 32, 4)).strip(),
            },
        )


@method_decorator([never_cache, csrf_protect], name="dispatch")
class CodesDeSecoursView(_EtapeDeConnexion):
    """`/connexion/codes-de-secours/`: a new set of recovery codes, for a session that has presented
    its second factor (the previous codes stop working)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (session_forte(request) and totp_de(request.user)):
            return redirect("second-facteur")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        appareil = codes_de_secours_de(request.user)
        restants = appareil.token_set.count() if appareil else 0
        return render(request, "comptes/codes_de_secours.html", {"restants": restants})

    def post(self, request):
        codes = codes_de_secours_generer(request=request, user=request.user)
        return render(
            request,
            "comptes/codes_de_secours.html",
            {"codes": codes, "suite": settings.CONNEXION_ARRIVEE_URL},
        )


@method_decorator([never_cache, csrf_protect], name="dispatch")
class DeconnexionView(View):
    """`/deconnexion/` (and `/admin/logout/`), by POST: the session ends here (journaled), then — after
    a ProConnect sign-in — at ProConnect too, by a browser redirect to its end-session endpoint."""

    def get(self, request):
        return render(request, "comptes/deconnexion.html")

    def post(self, request):
        id_token = request.session.get("oidc_id_token")
        logout(request)
        if id_token and settings.OIDC_OP_LOGOUT_ENDPOINT:
            etat = get_random_string(32)
            request.session[SESSION_ETAT_DECONNEXION] = etat
            return redirect(url_de_deconnexion(request, id_token, etat))
        messages.info(request, "Vous êtes déconnecté.")
        return redirect("connexion")


@method_decorator(never_cache, name="dispatch")
class DeconnexionTermineeView(View):
    """`/deconnexion/terminee/`: ProConnect's `post_logout_redirect_uri`; its `state` must be the one this
    browser sent."""

    def get(self, request):
        attendu = request.session.pop(SESSION_ETAT_DECONNEXION, None)
        if attendu and request.GET.get("state") == attendu:
            messages.info(request, "Vous êtes déconnecté, de ce service et de ProConnect.")
        return redirect("connexion")
