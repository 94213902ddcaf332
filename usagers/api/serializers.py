from django.core.exceptions import ValidationError
from rest_framework import serializers

from communes.api.fields import CodeInseeField
from usagers.models import Usager
from usagers.validators import normaliser_telephone


class UsagerSerializer(serializers.ModelSerializer):
    commune = CodeInseeField()
    telephone = serializers.CharField(max_length=30, required=False, allow_blank=True)

    class Meta:
        model = Usager
        fields = ["id", "nom", "prenom", "date_naissance", "commune", "adresse", "telephone", "email"]
        extra_kwargs = {
            "nom": {"trim_whitespace": True},
            "prenom": {"trim_whitespace": True},
        }

    def validate_telephone(self, valeur: str) -> str:
        if not valeur:
            return ""
        try:
            return normaliser_telephone(valeur)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
