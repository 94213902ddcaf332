from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from comptes.models import EvenementDeConnexion, User
from config.api.serializers import ModelSerializer


class MoiSerializer(ModelSerializer):
    role = serializers.CharField(read_only=True, allow_null=True)
    communes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "role", "communes", "profession"]


class IdentifiantsSerializer(AuthTokenSerializer):
    """Identifier, password and — for administrators and the compartments' teams — the second factor."""

    otp = serializers.CharField(
        label="Code à usage unique",
        help_text=(
            "Exigé des administrateurs et des équipes qui lisent des données de santé : le code à 6 "
            "chiffres de l'application d'authentification, ou un code de secours."
        ),
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=32,
        trim_whitespace=True,
    )


class EvenementDeConnexionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvenementDeConnexion
        fields = [
            "id",
            "quand",
            "evenement",
            "moyen",
            "compte_id",
            "compte",
            "adresse",
            "motif",
            "detail",
            "par_id",
            "par",
        ]
        read_only_fields = fields
