from rest_framework import serializers

from communes.models import Commune


class CommuneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commune
        fields = ["code_insee", "nom", "cls"]
