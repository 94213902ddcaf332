from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from communes.habilitations import communes_autorisees
from comptes.api.serializers import MoiSerializer
from comptes.roles import role_de


class JetonView(ObtainAuthToken):
    """Échange un identifiant et un mot de passe contre un jeton d'API (`Authorization: Token …`)."""

    throttle_classes = [ScopedRateThrottle]
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
        return super().post(request, *args, **kwargs)


class MoiView(APIView):
    """Le compte connecté : rôle, communes où il est habilité, profession."""

    @extend_schema(responses=MoiSerializer)
    def get(self, request):
        user = request.user
        user.role = role_de(user)
        user.communes = list(communes_autorisees(user).values_list("code_insee", flat=True))
        return Response(MoiSerializer(user).data)
