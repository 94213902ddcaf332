import logging

import django_filters
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from communes.habilitations import communes_autorisees, dans_le_compartiment
from comptes.api.serializers import EvenementDeConnexionSerializer, IdentifiantsSerializer, MoiSerializer
from comptes.jetons import jeton_emettre
from comptes.models import Evenement, EvenementDeConnexion, Moyen
from comptes.perms import exige_second_facteur, peut_lire_les_journaux
from comptes.roles import role_de
from comptes.second_facteur import code_verifier, totp_de
from comptes.services import evenement_de_connexion_enregistrer
from config import dispositifs as registre

logger = logging.getLogger(__name__)

MESSAGE_OTP_REQUIS = (
    "Ce compte demande un second facteur : ajoutez le champ « otp » (le code à 6 chiffres de votre "
    "application d'authentification, ou un code de secours)."
)
MESSAGE_OTP_NON_ENROLE = (
    "Ce compte demande un second facteur, qui n'est pas encore enrôlé : connectez-vous une première fois "
    "sur /connexion/ pour l'enrôler."
)
MESSAGE_OTP_INVALIDE = "Code invalide ou déjà utilisé."


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
    """Échange un identifiant et un mot de passe contre un jeton d'API (`Authorization: Token …`).

    Administrateurs et équipes des données de santé : le champ `otp` (code de l'application
    d'authentification, ou code de secours) est exigé ; un mot de passe seul ne donne jamais de jeton
    à ces comptes."""

    throttle_classes = [LimiteSansCache]
    throttle_scope = "auth"
    encadrant_en_lecture = False  # signing in writes no file
    serializer_class = IdentifiantsSerializer
    # The project's parsers (ObtainAuthToken brings its own): JSON first, as everywhere in the contract.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    @extend_schema(
        auth=[],
        request=IdentifiantsSerializer,
        responses=inline_serializer("Jeton", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        request._request.moyen_de_connexion = Moyen.JETON
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        avec_second_facteur = exige_second_facteur(user)
        if avec_second_facteur:
            self.verifier_le_second_facteur(request, user, serializer.validated_data.get("otp", ""))
        jeton = jeton_emettre(user=user, second_facteur=avec_second_facteur)
        evenement_de_connexion_enregistrer(
            evenement=Evenement.CONNEXION,
            moyen=Moyen.JETON,
            request=request,
            user=user,
            detail="avec second facteur" if avec_second_facteur else "",
        )
        return Response({"token": jeton.key})

    @staticmethod
    def verifier_le_second_facteur(request, user, code: str) -> None:
        """django-otp's middleware never sees a token request: the code is checked here, against the
        account's device (`django_otp.verify_token`: row locked, throttled, a TOTP code used once)."""
        if totp_de(user) is None:
            motif, message = "second facteur non enrôlé", MESSAGE_OTP_NON_ENROLE
        elif not code:
            motif, message = "second facteur absent", MESSAGE_OTP_REQUIS
        elif code_verifier(user=user, code=code) is None:
            motif, message = "code du second facteur invalide ou déjà utilisé", MESSAGE_OTP_INVALIDE
        else:
            return
        request._request.motif_d_echec = motif
        request._request.compte_en_echec = user
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        raise serializers.ValidationError({"otp": [message]})


class DeconnexionView(APIView):
    """Révoque le jeton utilisé pour l'appel (et ferme la session) : il ne sert plus à rien."""

    encadrant_en_lecture = False  # signing out writes no file

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, Token):
            request.auth.delete()
            evenement_de_connexion_enregistrer(
                evenement=Evenement.DECONNEXION, moyen=Moyen.JETON, request=request, user=request.user
            )
            request._request.deconnexion_journalisee = True
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


class LecteurDuJournalDesConnexions(BasePermission):
    message = (
        "Le journal des connexions est réservé aux administrateurs et au délégué à la protection des données."
    )

    def has_permission(self, request, view):
        return peut_lire_les_journaux(request.user)


class EvenementDeConnexionFilter(django_filters.FilterSet):
    compte = django_filters.NumberFilter(field_name="compte_id", label="Compte (id)")
    evenement = django_filters.ChoiceFilter(choices=Evenement.choices, label="Événement")
    moyen = django_filters.ChoiceFilter(choices=Moyen.choices, label="Moyen")
    du = django_filters.IsoDateTimeFilter(field_name="quand", lookup_expr="gte", label="Depuis (inclus)")
    au = django_filters.IsoDateTimeFilter(field_name="quand", lookup_expr="lte", label="Jusqu'à (inclus)")

    class Meta:
        model = EvenementDeConnexion
        fields = ["compte", "evenement", "moyen", "du", "au"]


@extend_schema_view(
    list=extend_schema(summary="Qui s'est connecté, a échoué, s'est déconnecté, quand, d'où, comment"),
    retrieve=extend_schema(summary="Un événement du journal des connexions"),
)
class EvenementDeConnexionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Le journal des connexions, en lecture seule : administrateurs et délégué à la protection des
    données. Connexions (mot de passe, ProConnect, jeton), échecs et leur motif, déconnexions, second
    facteur présenté, enrôlé, réinitialisé ; jamais un mot de passe ni un code."""

    serializer_class = EvenementDeConnexionSerializer
    permission_classes = [LecteurDuJournalDesConnexions]
    filterset_class = EvenementDeConnexionFilter
    search_fields: list[str] = []
    queryset = EvenementDeConnexion.objects.all()
