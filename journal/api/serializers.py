from rest_framework import serializers

from journal.models import EntreeJournal


class EntreeJournalSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntreeJournal
        fields = [
            "id",
            "quand",
            "auteur_id",
            "auteur",
            "action",
            "origine",
            "objet_type",
            "objet_id",
            "usager_id",
            "emas",
            "requete",
        ]
        read_only_fields = fields
