from django.contrib.auth import get_user_model
from rest_framework import serializers

from accompagnements.api.fields import TypeDroitField
from accompagnements.models import (
    DUREE_MAX_MINUTES,
    Accompagnement,
    Contact,
    Demarche,
    Droit,
    StatutAccompagnement,
    TransitionDroit,
    TypeDroit,
)
from accompagnements.perms import DISPOSITIF
from config.api.fields import DateHeureField, DossierVisibleField
from usagers.models import Usager


def _usagers_visibles(user):
    return Usager.objects.visibles_par(user, [DISPOSITIF])


def _accompagnements_visibles(user):
    return Accompagnement.objects.visibles_par(user)


def _agents_actifs(user):
    return get_user_model().objects.filter(is_active=True)


class AccompagnementSerializer(serializers.ModelSerializer):
    usager = DossierVisibleField(_usagers_visibles)
    agent = DossierVisibleField(
        _agents_actifs, required=False, help_text="Le compte de l'agent qui suit ; par défaut, l'auteur."
    )

    class Meta:
        model = Accompagnement
        fields = ["id", "usager", "agent", "date_debut", "date_fin", "statut", "motif_cloture"]
        extra_kwargs = {"date_debut": {"required": False}}

    def validate(self, data):
        if (
            self.instance is None
            and data.get("statut", StatutAccompagnement.OUVERT) != StatutAccompagnement.OUVERT
        ):
            raise serializers.ValidationError(
                {"statut": "Un accompagnement s'ouvre au statut « ouvert » ; clôturez-le ensuite."}
            )
        if self.instance is None and (data.get("date_fin") or data.get("motif_cloture")):
            champ = "date_fin" if data.get("date_fin") else "motif_cloture"
            raise serializers.ValidationError({champ: "Se renseigne à la clôture de l'accompagnement."})
        return data


class ContactSerializer(serializers.ModelSerializer):
    accompagnement = DossierVisibleField(_accompagnements_visibles)
    usager = serializers.IntegerField(source="accompagnement.usager_id", read_only=True)
    commune = serializers.CharField(source="commune_id", read_only=True)
    date = DateHeureField()
    duree_minutes = serializers.IntegerField(
        min_value=1,
        max_value=DUREE_MAX_MINUTES,
        error_messages={
            "min_value": "La durée doit être d'au moins une minute.",
            "max_value": "La durée ne peut pas dépasser 8 heures (480 minutes).",
            "max_string_length": "La durée ne peut pas dépasser 8 heures (480 minutes).",
        },
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "accompagnement",
            "usager",
            "commune",
            "date",
            "mode",
            "lieu",
            "duree_minutes",
            "note",
        ]


class DemarcheSerializer(serializers.ModelSerializer):
    accompagnement = DossierVisibleField(_accompagnements_visibles)
    usager = serializers.IntegerField(source="accompagnement.usager_id", read_only=True)

    class Meta:
        model = Demarche
        fields = ["id", "accompagnement", "usager", "type", "date", "en_ligne", "statut", "organisme", "note"]


class TypeDroitSerializer(serializers.ModelSerializer):
    class Meta:
        model = TypeDroit
        fields = ["code", "libelle"]


class TransitionDroitSerializer(serializers.ModelSerializer):
    class Meta:
        model = TransitionDroit
        fields = ["statut_avant", "statut", "date", "par", "enregistre_le"]


class DroitSerializer(serializers.ModelSerializer):
    usager = DossierVisibleField(_usagers_visibles)
    accompagnement = DossierVisibleField(_accompagnements_visibles, required=False, allow_null=True)
    type = TypeDroitField()
    commune = serializers.CharField(source="commune_id", read_only=True)

    class Meta:
        model = Droit
        fields = [
            "id",
            "usager",
            "accompagnement",
            "type",
            "statut",
            "date_identification",
            "date_demande",
            "date_ouverture",
            "date_refus",
            "date_abandon",
            "montant_mensuel",
            "commune",
        ]
        extra_kwargs = {
            "date_identification": {"required": False},
            "montant_mensuel": {"error_messages": {"min_value": "Le montant ne peut pas être négatif."}},
        }


class DroitDetailSerializer(DroitSerializer):
    """A right with its history of statuses (who changed it, when)."""

    historique = TransitionDroitSerializer(source="transitions", many=True, read_only=True)

    class Meta(DroitSerializer.Meta):
        fields = [*DroitSerializer.Meta.fields, "historique"]


class DroitsDUnUsagerSerializer(serializers.Serializer):
    """One person's rights at a glance."""

    usager = serializers.IntegerField()
    ouverts = DroitSerializer(many=True, help_text="Droits ouverts.")
    en_cours = DroitSerializer(many=True, help_text="Demandes en cours d'instruction.")
    non_recourus = DroitSerializer(
        many=True, help_text="Droits identifiés, pas encore demandés (non-recours)."
    )
    autres = DroitSerializer(many=True, help_text="Droits refusés ou abandonnés.")
