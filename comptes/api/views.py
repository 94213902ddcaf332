from django.contrib.auth import logout
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from communes.habilitations import communes_autorisees
from comptes.api.serializers import MoiSerializer
from comptes.jetons import jeton_emettre
from comptes.roles import role_de


class JetonView(ObtainAuthToken):
    """Échange un identifiant et un mot de passe contre un jeton d'API (`Authorization: Token …`)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
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
