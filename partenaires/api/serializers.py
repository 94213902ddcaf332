from rest_framework import serializers

from config.api.serializers import ModelSerializer
from partenaires.models import Partenaire
from partenaires.validators import Domaine


class PartenaireSerializer(ModelSerializer):
    communes = serializers.SerializerMethodField(help_text="Codes INSEE des communes servies.")
    # As typed by the administrator: an empty value is "", not an address of the wrong format.
    courriel = serializers.CharField(read_only=True, allow_blank=True)
    site_web = serializers.CharField(read_only=True, allow_blank=True)
    domaines = serializers.ListField(child=serializers.ChoiceField(choices=Domaine.choices), read_only=True)

    class Meta:
        model = Partenaire
        fields = [
            "id",
            "nom",
            "type",
            "domaines",
            "communes",
            "toute_la_metropole",
            "adresse",
            "telephone",
            "courriel",
            "site_web",
            "contact",
            "actif",
        ]
        read_only_fields = fields

    def get_communes(self, obj) -> list[str]:
        return sorted(c.pk for c in obj.communes.all())
