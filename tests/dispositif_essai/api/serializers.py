from rest_framework import serializers

from config.api.serializers import ModelSerializer
from tests.dispositif_essai.models import Visite
from tests.dispositif_essai.perms import ESSAI
from usagers.api.fields import usager_visible


class VisiteSerializer(ModelSerializer):
    usager = usager_visible(ESSAI)
    commune = serializers.CharField(source="commune_id", read_only=True)

    class Meta:
        model = Visite
        fields = ["id", "version", "usager", "date", "commune", "note"]
