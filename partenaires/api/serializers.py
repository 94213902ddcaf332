from rest_framework import serializers

from partenaires.models import Partenaire


class PartenaireSerializer(serializers.ModelSerializer):
    communes = serializers.SerializerMethodField(help_text="Codes INSEE des communes servies.")

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
