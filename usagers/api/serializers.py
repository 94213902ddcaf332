from rest_framework import serializers

from communes.api.fields import CodeInseeField
from usagers.models import Usager


class UsagerSerializer(serializers.ModelSerializer):
    commune = CodeInseeField()
    telephone = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        help_text="Numéro français, enregistré « 06 12 34 56 78 ».",
    )

    class Meta:
        model = Usager
        fields = ["id", "nom", "prenom", "date_naissance", "commune", "adresse", "telephone", "email"]
        extra_kwargs = {
            "nom": {"trim_whitespace": True},
            "prenom": {"trim_whitespace": True},
        }
