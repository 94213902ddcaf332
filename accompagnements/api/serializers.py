from rest_framework import serializers

from accompagnements.api.fields import LieuAccueilField, TypeDroitField
from accompagnements.models import (
    DUREE_MAX_MINUTES,
    Accompagnement,
    Contact,
    Demarche,
    Droit,
    MotifCloture,
    TransitionDroit,
    TypeDroit,
)
from accompagnements.perms import ACCES_DROITS
from accompagnements.services import REFERENT_REFUSE
from comptes.api.fields import compte_actif
from config.api.fields import DateHeureField, DossierVisibleField
from config.api.serializers import ChampsModifiablesMixin, ModelSerializer
from partenaires.api.fields import PartenaireActifField
from usagers.api.fields import usager_visible


def _accompagnements_visibles(user):
    return Accompagnement.objects.visibles_par(user)


class AccompagnementSerializer(ChampsModifiablesMixin, ModelSerializer):
    """A follow-up. It opens `ouvert`; `POST …/cloturer/` closes it, `POST …/rouvrir/` reopens it."""

    message_non_modifiable = "Ce champ ne se modifie pas ici (voir cloturer, rouvrir)."

    usager = usager_visible(ACCES_DROITS)
    referent = compte_actif(
        label="Référent",
        required=False,
        introuvable=REFERENT_REFUSE,
        help_text="Le compte de l'agent qui suit la personne ; par défaut, l'auteur.",
    )

    class Meta:
        model = Accompagnement
        fields = ["id", "version", "usager", "referent", "date_debut", "date_fin", "statut", "motif_cloture"]
        read_only_fields = ["statut", "date_fin", "motif_cloture"]
        extra_kwargs = {"date_debut": {"required": False}}
        # « One open follow-up per person and référent » is checked by the service (the model's
        # constraint, with its French message), not by DRF, which would make `referent` required.
        validators: list = []


class ClotureAccompagnementSerializer(serializers.Serializer):
    date_fin = serializers.DateField()
    motif_cloture = serializers.ChoiceField(choices=MotifCloture.choices)


class ReouvertureSerializer(serializers.Serializer):
    """Reopening takes no input."""


class ContactSerializer(ModelSerializer):
    accompagnement = DossierVisibleField(_accompagnements_visibles)
    usager = serializers.IntegerField(source="accompagnement.usager_id", read_only=True)
    commune = serializers.CharField(source="commune_id", read_only=True)
    date = DateHeureField()
    lieu_accueil = LieuAccueilField(required=False, allow_null=True)
    duree_minutes = serializers.IntegerField(
        label="Durée (minutes)",
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
            "version",
            "accompagnement",
            "usager",
            "commune",
            "date",
            "mode",
            "lieu",
            "lieu_accueil",
            "duree_minutes",
            "note",
        ]


class DemarcheSerializer(ModelSerializer):
    accompagnement = DossierVisibleField(_accompagnements_visibles)
    usager = serializers.IntegerField(source="accompagnement.usager_id", read_only=True)
    partenaire = PartenaireActifField(required=False, allow_null=True)

    class Meta:
        model = Demarche
        fields = [
            "id",
            "version",
            "accompagnement",
            "usager",
            "type",
            "date",
            "en_ligne",
            "statut",
            "organisme",
            "partenaire",
            "note",
        ]


class TypeDroitSerializer(ModelSerializer):
    class Meta:
        model = TypeDroit
        fields = ["code", "libelle"]


class TransitionDroitSerializer(ModelSerializer):
    class Meta:
        model = TransitionDroit
        fields = ["statut_avant", "statut", "date", "par", "enregistre_le"]
        read_only_fields = fields  # the journal is written by the services, never through the API


class DroitSerializer(ModelSerializer):
    usager = usager_visible(ACCES_DROITS)
    accompagnement = DossierVisibleField(_accompagnements_visibles, required=False, allow_null=True)
    type = TypeDroitField()
    commune = serializers.CharField(source="commune_id", read_only=True)

    class Meta:
        model = Droit
        fields = [
            "id",
            "version",
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
