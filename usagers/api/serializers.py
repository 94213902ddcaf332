from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework import serializers

from communes.api.fields import CodeInseeField
from usagers.models import Usager
from usagers.validators import normaliser_telephone


class UsagerSerializer(serializers.ModelSerializer):
    commune = CodeInseeField()
    telephone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    date_demenagement = serializers.DateField(
        write_only=True,
        required=False,
        help_text="Avec une nouvelle commune : date du déménagement (aujourd'hui par défaut). Les "
        "événements antérieurs restent comptés dans l'ancienne commune.",
    )

    class Meta:
        model = Usager
        fields = [
            "id",
            "nom",
            "prenom",
            "date_naissance",
            "commune",
            "adresse",
            "telephone",
            "email",
            "date_demenagement",
        ]
        extra_kwargs = {
            "nom": {"trim_whitespace": True},
            "prenom": {"trim_whitespace": True},
        }

    def validate_date_demenagement(self, valeur):
        if valeur > timezone.localdate():
            raise serializers.ValidationError(
                "La date du déménagement ne peut pas être postérieure à aujourd'hui."
            )
        if valeur.year < 2000:
            raise serializers.ValidationError("La date du déménagement ne peut pas précéder l'an 2000.")
        return valeur

    def validate_telephone(self, valeur: str) -> str:
        if not valeur:
            return ""
        try:
            return normaliser_telephone(valeur)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
