from rest_framework import serializers

from communes.models import Commune
from config.api.serializers import ModelSerializer


class CommuneSerializer(ModelSerializer):
    # Not `cls`: generated clients name a class method's first argument `cls`, and a field of that
    # name broke their `from_dict` (tests/config/test_contrat.py generates one).
    contrat_local_de_sante = serializers.BooleanField(
        source="cls",
        read_only=True,
        help_text="Commune du Contrat Local de Santé : territoire de l'équipe mobile EMAS (action 2.3).",
    )

    class Meta:
        model = Commune
        fields = ["code_insee", "nom", "contrat_local_de_sante"]
