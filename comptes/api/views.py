import logging

from django.contrib.auth import logout
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from communes.habilitations import communes_autorisees, dans_le_compartiment
from comptes.api.serializers import MoiSerializer
from comptes.jetons import jeton_emettre
from comptes.roles import role_de
from config import dispositifs as registre

logger = logging.getLogger(__name__)


class LimiteSansCache(ScopedRateThrottle):
    """DRF's rate limit, letting the call through when the cache (Redis) is down: failed logins are
    still limited by `comptes.connexion`, which degrades the same way."""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001
            logger.exception("Cache indisponible : limite de débit non appliquée")
            return True


class JetonView(ObtainAuthToken):
    """Échange un identifiant et un mot de passe contre un jeton d'API (`Authorization: Token …`)."""

    throttle_classes = [LimiteSansCache]
    throttle_scope = "auth"
    # The project's parsers (ObtainAuthToken brings its own): JSON first, as everywhere in the contract.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    @extend_schema(
        auth=[],
        request=inline_serializer(
            "Identifiants", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses=inline_serializer("Jeton", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"token": jeton_emettre(user=serializer.validated_data["user"]).key})


class DeconnexionView(APIView):
    """Révoque le jeton utilisé pour l'appel (et ferme la session) : il ne sert plus à rien."""

    encadrant_en_lecture = False  # signing out writes no file

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, Token):
            request.auth.delete()
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MoiView(APIView):
    """Le compte connecté : rôle, communes où il est habilité, profession."""

    @extend_schema(responses=MoiSerializer)
    def get(self, request):
        user = request.user
        user.role = role_de(user)
        user.communes = list(communes_autorisees(user).values_list("code_insee", flat=True))
        return Response(MoiSerializer(user).data)


class RacineAPI(APIView):
    """Les ressources de l'API, la documentation et le schéma."""

    name = "API du pacte de solidarité"
    # (name, list route): those of the kernel and of the consumers (`config.urls`, the composition
    # root); each dispositif's come from its declaration, a compartment's last and for its team only.
    avant: tuple[tuple[str, str], ...] = ()
    apres: tuple[tuple[str, str], ...] = ()

    @extend_schema(exclude=True)
    def get(self, request):
        du_registre, compartiments = [], []
        for dispositif in registre.dispositifs():
            titulaire = registre.dispositif(dispositif.habilitation)
            if not titulaire.compartiment:
                du_registre += dispositif.ressources
            elif dans_le_compartiment(request.user, titulaire.code):
                compartiments += dispositif.ressources
        ressources = [*self.avant, *du_registre, *self.apres, *compartiments]
        liens = {}
        for nom, route in [*ressources, ("moi", "auth-me"), ("documentation", "docs"), ("schema", "schema")]:
            try:
                liens[nom] = request.build_absolute_uri(reverse(route))
            except NoReverseMatch:
                continue
        return Response(liens)
