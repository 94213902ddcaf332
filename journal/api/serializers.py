from rest_framework import serializers

from config import dispositifs as registre
from journal.identifiants import identifiant_public
from journal.models import EntreeJournal


# An entry as the dpo and the administrators read it. For each compartment, a yes/no field named
# after its code tells whether the entry is that compartment's (health data, read by the dpo and its
# team only). (A comment, not a docstring: the schema describes the fields.)
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
        ]
        read_only_fields = fields

    id = serializers.SerializerMethodField(
        help_text="Identifiant de l'entrée (sans ordre : trier par `quand`)."
    )

    def get_id(self, entree) -> int:
        return identifiant_public(entree.pk)

    def get_fields(self):
        champs = super().get_fields()
        for code in registre.codes(compartiment=True):
            champs[code] = _MarqueCompartiment(code)
        champs["requete"] = serializers.CharField(read_only=True, label="Identifiant de requête")
        return champs


class _MarqueCompartiment(serializers.BooleanField):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(read_only=True, source="compartiment", label=f"Données de santé ({code.upper()})")

    def to_representation(self, value) -> bool:
        return value == self.code
