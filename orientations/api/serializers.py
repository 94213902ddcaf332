from rest_framework import serializers

from config import dispositifs as registre
from config.api.fields import ID_MAX
from orientations.models import (
    LONGUEUR_NOTE,
    ModaliteAccord,
    MotifOrientation,
    Orientation,
    StatutOrientation,
)


def _cibles() -> list[tuple[str, str]]:
    return [(d.code, a.libelle or d.titre_action) for d, a in registre.accueils_d_orientation()]


class OrientationSerializer(serializers.ModelSerializer):
    """What the agent may know of an orientation: its target, and its outcome as far as the target
    tells it (for a compartment, « reçue » and nothing more: no record, no decision, no date)."""

    statut = serializers.ChoiceField(choices=StatutOrientation.choices, read_only=True)
    vers_dispositif = serializers.CharField(read_only=True, allow_blank=True)
    vers = serializers.CharField(read_only=True, help_text="Le dispositif ou le partenaire visé.")

    class Meta:
        model = Orientation
        fields = [
            "id",
            "usager",
            "date",
            "depuis",
            "vers_dispositif",
            "vers_partenaire",
            "vers",
            "motif",
            "note",
            "accord_personne",
            "accord_modalite",
            "statut",
            "cree_le",
        ]
        read_only_fields = fields


class OrientationCreationSerializer(serializers.Serializer):
    usager = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    vers_dispositif = serializers.ChoiceField(choices=[], required=False, allow_blank=True)
    vers_partenaire = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False, allow_null=True)
    motif = serializers.ChoiceField(choices=MotifOrientation.choices)
    note = serializers.CharField(max_length=LONGUEUR_NOTE, required=False, allow_blank=True)
    accord_personne = serializers.BooleanField(
        help_text="La personne, informée des données transmises et à qui, est d'accord."
    )
    accord_modalite = serializers.ChoiceField(choices=ModaliteAccord.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vers_dispositif"].choices = _cibles()
