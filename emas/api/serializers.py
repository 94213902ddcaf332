"""Input and output shapes of the EMAS endpoints: inputs parsed here, rules in the services.

Every field name here is part of the contract of issue 8 (checks from outside rely on them)."""

from rest_framework import serializers

from comptes.api.fields import compte_actif
from config.api.fields import DossierVisibleField
from config.api.serializers import ChampsModifiablesMixin, ModelSerializer
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.services import INTERVENANTS_HORS_EQUIPE, REFERENT_HORS_EQUIPE
from emas.validators import (
    ACCES_SOINS,
    DUREE_MAX_MINUTES,
    EMAS,
    LONGUEUR_MAX_TEXTE,
    MESSAGE_DUREE,
    Motif,
    MotifFin,
    Origine,
    SoinsSansConsentement,
    TypeIntervention,
    valider_motifs,
)
from partenaires.api.fields import PartenaireActifField
from usagers.api.fields import usager_visible


def _motifs(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=Motif.choices),
        allow_empty=False,
        max_length=len(Motif),
        validators=[valider_motifs],
        **kwargs,
    )


def _critere(**kwargs) -> serializers.BooleanField:
    return serializers.BooleanField(required=False, allow_null=True, **kwargs)


def _suivi_visible() -> DossierVisibleField:
    return DossierVisibleField(lambda user: SuiviEMAS.objects.visibles_par(user), nom="Suivi")


# ---------------------------------------------------------------------------------------------
# Signalements
# ---------------------------------------------------------------------------------------------


class SignalementSerializer(ModelSerializer):
    """A referral as read; `suivi` is the follow-up opened when it was accepted (else null)."""

    motifs = serializers.ListField(child=serializers.ChoiceField(choices=Motif.choices), read_only=True)
    suivi = serializers.IntegerField(
        source="suivi_id", read_only=True, allow_null=True, help_text="Le suivi ouvert par l'acceptation."
    )

    class Meta:
        model = Signalement
        fields = [
            "id",
            "version",
            "usager",
            "commune",
            "date",
            "origine",
            "origine_partenaire",
            "contact",
            "motifs",
            "description",
            "majeur",
            "logement_autonome",
            "non_suivi_psychiatrie",
            "incapacite_demande_soins",
            "decision",
            "motif_refus",
            "reoriente_vers",
            "reoriente_vers_partenaire",
            "date_decision",
            "decision_par",
            "suivi",
            "cree_le",
        ]
        read_only_fields = fields


class SignalementCreationSerializer(serializers.Serializer):
    usager = usager_visible(EMAS)
    date = serializers.DateField()
    origine = serializers.ChoiceField(choices=Origine.choices)
    origine_partenaire = PartenaireActifField(required=False, allow_null=True)
    motifs = _motifs()
    contact = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description = serializers.CharField(max_length=LONGUEUR_MAX_TEXTE, required=False, allow_blank=True)
    majeur = _critere()
    logement_autonome = _critere()
    non_suivi_psychiatrie = _critere()
    incapacite_demande_soins = _critere()


class SignalementModificationSerializer(ChampsModifiablesMixin, serializers.Serializer):
    message_non_modifiable = "Ce champ ne se modifie pas ici (voir accepter, refuser, reorienter)."

    origine = serializers.ChoiceField(choices=Origine.choices, required=False)
    origine_partenaire = PartenaireActifField(required=False, allow_null=True)
    motifs = _motifs(required=False)
    contact = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description = serializers.CharField(max_length=LONGUEUR_MAX_TEXTE, required=False, allow_blank=True)
    majeur = _critere()
    logement_autonome = _critere()
    non_suivi_psychiatrie = _critere()
    incapacite_demande_soins = _critere()


class AcceptationSerializer(serializers.Serializer):
    date_decision = serializers.DateField(required=False, help_text="Par défaut, aujourd'hui.")
    referent = compte_actif(
        required=False,
        introuvable=REFERENT_HORS_EQUIPE,
        help_text="Par défaut, l'auteur de la décision.",
    )


class RefusSerializer(serializers.Serializer):
    motif_refus = serializers.CharField(max_length=255)
    date_decision = serializers.DateField(required=False)


class ReorientationSerializer(serializers.Serializer):
    reoriente_vers = serializers.CharField(
        max_length=255, required=False, allow_blank=True, help_text="Par défaut, le nom du partenaire."
    )
    reoriente_vers_partenaire = PartenaireActifField(required=False, allow_null=True)
    date_decision = serializers.DateField(required=False)


# ---------------------------------------------------------------------------------------------
# Suivis
# ---------------------------------------------------------------------------------------------


class SuiviEMASSerializer(ModelSerializer):
    acces_soins = serializers.BooleanField(
        read_only=True, help_text="Un accès aux soins au moins a été obtenu."
    )

    class Meta:
        model = SuiviEMAS
        fields = [
            "id",
            "version",
            "signalement",
            "usager",
            "commune",
            "referent",
            "date_debut",
            "date_fin",
            "statut",
            "motif_fin",
            "acces_soins",
            *ACCES_SOINS,
            "droit_commun",
            "maintien_domicile",
            "soins_sans_consentement",
            "rupture_parcours",
            "cree_le",
        ]
        read_only_fields = fields


class _ResultatsSerializer(serializers.Serializer):
    acces_soins_cmp = serializers.BooleanField(required=False)
    acces_soins_psychiatre = serializers.BooleanField(required=False)
    acces_soins_medecin_traitant = serializers.BooleanField(required=False)
    acces_soins_hopital = serializers.BooleanField(required=False)
    droit_commun = serializers.BooleanField(required=False)
    maintien_domicile = serializers.BooleanField(required=False)
    soins_sans_consentement = serializers.ChoiceField(choices=SoinsSansConsentement.choices, required=False)
    rupture_parcours = serializers.BooleanField(required=False)


class SuiviModificationSerializer(ChampsModifiablesMixin, _ResultatsSerializer):
    message_non_modifiable = "Ce champ ne se modifie pas ici (voir cloturer)."

    referent = compte_actif(required=False, introuvable=REFERENT_HORS_EQUIPE)


class ClotureSuiviSerializer(_ResultatsSerializer):
    date_fin = serializers.DateField()
    motif_fin = serializers.ChoiceField(choices=MotifFin.choices)


# ---------------------------------------------------------------------------------------------
# Interventions
# ---------------------------------------------------------------------------------------------


class InterventionSerializer(ModelSerializer):
    class Meta:
        model = Intervention
        fields = [
            "id",
            "version",
            "suivi",
            "date",
            "type",
            "intervenants",
            "duree_minutes",
            "notes",
            "cree_par",
            "cree_le",
        ]
        read_only_fields = fields


def _intervenants(**kwargs):
    return compte_actif(many=True, allow_empty=False, introuvable=INTERVENANTS_HORS_EQUIPE, **kwargs)


def _duree(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=DUREE_MAX_MINUTES,
        error_messages={"min_value": MESSAGE_DUREE, "max_value": MESSAGE_DUREE},
        **kwargs,
    )


class InterventionCreationSerializer(serializers.Serializer):
    suivi = _suivi_visible()
    date = serializers.DateField()
    type = serializers.ChoiceField(choices=TypeIntervention.choices)
    intervenants = _intervenants(help_text="Identifiants des membres de l'équipe présents (un au moins).")
    duree_minutes = _duree()
    notes = serializers.CharField(max_length=LONGUEUR_MAX_TEXTE, required=False, allow_blank=True)


class InterventionModificationSerializer(ChampsModifiablesMixin, serializers.Serializer):
    date = serializers.DateField(required=False)
    type = serializers.ChoiceField(choices=TypeIntervention.choices, required=False)
    intervenants = _intervenants(required=False)
    duree_minutes = _duree(required=False)
    notes = serializers.CharField(max_length=LONGUEUR_MAX_TEXTE, required=False, allow_blank=True)


# ---------------------------------------------------------------------------------------------
# Évaluation (counts only)
# ---------------------------------------------------------------------------------------------


class PeriodeSerializer(serializers.Serializer):
    du = serializers.DateField()
    au = serializers.DateField()

    def validate(self, attrs):
        if attrs["au"] < attrs["du"]:
            raise serializers.ValidationError(
                {"au": ["La fin de la période ne peut pas précéder son début."]}
            )
        return attrs


class CompteParCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField()
    nombre = serializers.IntegerField()


class TempsParCodeSerializer(CompteParCodeSerializer):
    duree_minutes = serializers.IntegerField()


class EvaluationSignalementsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Signalements reçus sur la période (date du signalement).")
    par_origine = CompteParCodeSerializer(many=True)
    par_decision = CompteParCodeSerializer(many=True)


class EvaluationSuivisSerializer(serializers.Serializer):
    personnes_suivies = serializers.IntegerField(help_text="Personnes dont un suivi a couru sur la période.")
    ouverts = serializers.IntegerField()
    clos = serializers.IntegerField()


class EvaluationInterventionsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    duree_totale_minutes = serializers.IntegerField(
        help_text="Temps passé auprès des personnes et partenaires."
    )
    par_type = TempsParCodeSerializer(many=True)
    par_profession = TempsParCodeSerializer(
        many=True, help_text="Une intervention à plusieurs compte pour chacune des professions présentes."
    )


class EvaluationResultatsSerializer(serializers.Serializer):
    suivis_clos = serializers.IntegerField(
        help_text="Les résultats portent sur les suivis clos sur la période."
    )
    acces_soins = serializers.IntegerField()
    acces_soins_cmp = serializers.IntegerField()
    acces_soins_psychiatre = serializers.IntegerField()
    acces_soins_medecin_traitant = serializers.IntegerField()
    acces_soins_hopital = serializers.IntegerField()
    droit_commun = serializers.IntegerField()
    maintien_domicile = serializers.IntegerField()
    soins_sans_consentement_sdt = serializers.IntegerField()
    soins_sans_consentement_sdre = serializers.IntegerField()
    rupture_parcours = serializers.IntegerField()
    par_motif_fin = CompteParCodeSerializer(many=True)


class EvaluationSerializer(serializers.Serializer):
    du = serializers.DateField()
    au = serializers.DateField()
    signalements = EvaluationSignalementsSerializer()
    suivis = EvaluationSuivisSerializer()
    interventions = EvaluationInterventionsSerializer()
    resultats = EvaluationResultatsSerializer()
