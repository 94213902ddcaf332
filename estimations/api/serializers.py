"""The API of the estimation of rights: households, estimations, rights detected."""

from datetime import date

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accompagnements.models import Accompagnement
from communes.models import Commune
from config.api.fields import DossierVisibleField
from estimations.models import AVERTISSEMENT, DroitDetecte, Estimation, Foyer, MembreFoyer

PREMIERE_PERIODE = "2020-01"  # the pacte starts in 2020; the model covers those years


def _accompagnements_visibles(user):
    return Accompagnement.objects.visibles_par(user)


class CommuneInseeField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": "Commune « {pk_value} » inconnue : indiquez le code INSEE d'une des 23 communes "
        "de la métropole.",
        "incorrect_type": "Indiquez un code INSEE (5 caractères).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Commune.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 5:
            self.fail("incorrect_type")
        return super().to_internal_value(data)


class MembreFoyerSerializer(serializers.ModelSerializer):
    _negatif = {"min_value": "Les ressources ne peuvent pas être négatives."}

    class Meta:
        model = MembreFoyer
        fields = [
            "role",
            "date_naissance",
            "salaire_brut",
            "retraite_brute",
            "chomage_brut",
            "pension_alimentaire_recue",
        ]
        extra_kwargs = {
            champ: {"error_messages": {"min_value": "Les ressources ne peuvent pas être négatives."}}
            for champ in ("salaire_brut", "retraite_brute", "chomage_brut", "pension_alimentaire_recue")
        }


class FoyerSerializer(serializers.ModelSerializer):
    """The household of a follow-up's person: the minimum OpenFisca-France needs, each field saying
    why it is asked. A new description replaces the one in force (its dates of validity are kept)."""

    accompagnement = DossierVisibleField(_accompagnements_visibles)
    usager = serializers.IntegerField(source="usager_id", read_only=True)
    commune = CommuneInseeField(help_text=Foyer._meta.get_field("commune").help_text)
    membres = MembreFoyerSerializer(
        many=True,
        help_text="La personne de référence, son conjoint le cas échéant, les enfants à charge ; "
        "ressources mensuelles moyennes des trois derniers mois.",
    )

    class Meta:
        model = Foyer
        fields = [
            "id",
            "accompagnement",
            "usager",
            "valide_du",
            "valide_au",
            "situation_couple",
            "statut_occupation",
            "loyer",
            "commune",
            "membres",
        ]
        read_only_fields = ["valide_au"]
        extra_kwargs = {
            "valide_du": {"required": False},
            "loyer": {
                "required": False,
                "error_messages": {"min_value": "Le loyer ne peut pas être négatif."},
            },
        }

    def validate_membres(self, membres):
        if not membres:
            raise serializers.ValidationError("Décrivez au moins la personne de référence.")
        if len(membres) > 15:
            raise serializers.ValidationError("Un foyer de plus de 15 personnes n'est pas estimé ici.")
        return membres


class EstimerDroitsSerializer(serializers.Serializer):
    periode = serializers.RegexField(
        r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        required=False,
        help_text="Le mois estimé (AAAA-MM), le mois en cours par défaut. " + AVERTISSEMENT,
        error_messages={"invalid": "Indiquez un mois au format AAAA-MM."},
    )

    def validate_periode(self, periode: str) -> str:
        aujourd_hui = timezone.localdate()
        derniere = date(aujourd_hui.year + (aujourd_hui.month == 12), aujourd_hui.month % 12 + 1, 1)
        if not PREMIERE_PERIODE <= periode <= derniere.strftime("%Y-%m"):
            raise serializers.ValidationError(
                f"Le mois estimé est entre {PREMIERE_PERIODE} et le mois prochain ({derniere:%Y-%m})."
            )
        return periode


class PrestationSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code du catalogue des droits.")
    montant_mensuel = serializers.FloatField(help_text="Montant mensuel estimé (€) pour le mois estimé.")


class DroitDetecteSerializer(serializers.ModelSerializer):
    """A right found by an estimation and not claimed (status `identifie` of the right until the
    agent confirms it — `confirmer`, → `demande` — or dismisses it — `ecarter`, with a reason)."""

    type = serializers.CharField(source="type.code", read_only=True)
    statut = serializers.CharField(source="droit.statut", read_only=True)
    usager = serializers.IntegerField(source="droit.usager_id", read_only=True)

    class Meta:
        model = DroitDetecte
        fields = [
            "id",
            "droit",
            "estimation",
            "accompagnement",
            "usager",
            "type",
            "montant_estime",
            "statut",
            "motif_ecart",
        ]
        read_only_fields = fields


class EstimationSerializer(serializers.ModelSerializer):
    prestations = serializers.SerializerMethodField(
        help_text="Par droit du catalogue, le montant mensuel estimé (€) ; vide avant la fin du calcul."
    )
    versions = serializers.SerializerMethodField(help_text="Versions du modèle ayant calculé l'estimation.")
    droits_identifies = DroitDetecteSerializer(source="droits_detectes", many=True, read_only=True)
    avertissement = serializers.SerializerMethodField()

    class Meta:
        model = Estimation
        fields = [
            "id",
            "accompagnement",
            "foyer",
            "statut",
            "periode",
            "date_legislation",
            "prestations",
            "versions",
            "empreinte",
            "message_erreur",
            "demandee_le",
            "terminee_le",
            "droits_identifies",
            "avertissement",
        ]
        read_only_fields = fields

    @staticmethod
    @extend_schema_field(PrestationSerializer(many=True))
    def get_prestations(estimation) -> list[dict]:
        return [
            {"code": code, "montant_mensuel": montant}
            for code, montant in sorted((estimation.resultats or {}).items())
        ]

    @staticmethod
    def get_versions(estimation) -> dict[str, str]:
        return {
            "openfisca_france": estimation.version_openfisca_france,
            "openfisca_core": estimation.version_openfisca_core,
        }

    @staticmethod
    def get_avertissement(estimation) -> str:
        return AVERTISSEMENT


class ConfirmerSerializer(serializers.Serializer):
    date_demande = serializers.DateField(help_text="Date de la demande faite auprès de l'organisme.")


class EcarterSerializer(serializers.Serializer):
    motif = serializers.CharField(max_length=500, help_text="Pourquoi ce droit est écarté.")
