"""Input and output shapes of the ASLL and ACOR endpoints: inputs parsed here, rules in the services."""

from rest_framework import serializers

from comptes.api.fields import compte_actif
from config.api.fields import DossierVisibleField
from config.api.serializers import ChampsModifiablesMixin, ModelSerializer
from logement.models import (
    Avancement,
    DemandeASLL,
    FinancementMesure,
    IssueMesure,
    MesureASLL,
    MotifSortie,
    Orientation,
    PointEtape,
    PrescripteurACOR,
    PrescripteurASLL,
    ProgressionObjectif,
    RencontreASLL,
    SituationACOR,
    TypeMesure,
    TypeRencontre,
)
from logement.perms import ACOR, ASLL
from logement.services import referent_refuse
from logement.validators import Difficulte, Objectif, valider_duree_mois
from partenaires.api.fields import PartenaireActifField
from usagers.api.fields import usager_visible

LONGUEUR_MAX_TEXTE = 10_000


def _codes(enum, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=enum.choices), allow_empty=False, max_length=len(enum), **kwargs
    )


# ---------------------------------------------------------------------------------------------
# ASLL
# ---------------------------------------------------------------------------------------------


class MesureASLLSerializer(ModelSerializer):
    """A measure as read, with its next checkpoint (`prochain_point_etape`) and `en_retard`."""

    prochain_point_etape = serializers.DateField(
        label="Prochain point d'étape",
        read_only=True,
        allow_null=True,
        help_text="Vide quand la mesure est terminée ou n'a plus de point dû.",
    )
    objectifs = serializers.ListField(child=serializers.ChoiceField(choices=Objectif.choices), read_only=True)
    en_retard = serializers.BooleanField(label="En retard", read_only=True)

    class Meta:
        model = MesureASLL
        fields = [
            "id",
            "version",
            "usager",
            "commune",
            "type",
            "prescripteur",
            "nb_adultes",
            "nb_enfants",
            "referent",
            "operateur",
            "financement",
            "date_debut",
            "duree_mois",
            "date_fin_prevue",
            "objectifs",
            "statut",
            "date_suspension",
            "date_fin",
            "issue",
            "orientation",
            "orientation_partenaire",
            "prochain_point_etape",
            "en_retard",
            "cree_le",
        ]
        read_only_fields = fields


def _operateur(**kwargs) -> PartenaireActifField:
    return PartenaireActifField(
        required=False,
        help_text="L'opérateur qui porte la mesure : un partenaire actif de l'annuaire, de type "
        "« opérateur d'un dispositif du pacte » (GET /api/v1/partenaires/?type=operateur).",
        **kwargs,
    )


def _financement(**kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=FinancementMesure.choices,
        required=False,
        help_text="« pacte » : accompagnement renforcé financé par le pacte (par défaut) ; "
        "« droit_commun » : mesure ASLL ordinaire.",
        **kwargs,
    )


class MesureASLLCreationSerializer(serializers.Serializer):
    usager = usager_visible(ASLL)
    type = serializers.ChoiceField(choices=TypeMesure.choices)
    prescripteur = serializers.ChoiceField(choices=PrescripteurASLL.choices, required=False)
    operateur = _operateur(allow_null=True)
    financement = _financement(default=FinancementMesure.PACTE)
    nb_adultes = serializers.IntegerField(min_value=1, max_value=20, required=False, default=1)
    nb_enfants = serializers.IntegerField(min_value=0, max_value=20, required=False, default=0)
    referent = compte_actif(required=False, allow_null=True, introuvable=lambda: referent_refuse(ASLL))
    date_debut = serializers.DateField()
    duree_mois = serializers.IntegerField(validators=[valider_duree_mois])
    objectifs = _codes(Objectif)


class MesureASLLModificationSerializer(ChampsModifiablesMixin, serializers.Serializer):
    type = serializers.ChoiceField(choices=TypeMesure.choices, required=False)
    prescripteur = serializers.ChoiceField(choices=PrescripteurASLL.choices, required=False)
    operateur = _operateur(allow_null=True)
    financement = _financement()
    nb_adultes = serializers.IntegerField(min_value=1, max_value=20, required=False)
    nb_enfants = serializers.IntegerField(min_value=0, max_value=20, required=False)
    referent = compte_actif(required=False, introuvable=lambda: referent_refuse(ASLL))
    objectifs = _codes(Objectif, required=False)

    message_non_modifiable = (
        "Ce champ ne se modifie pas ici (voir renouveler, suspendre, reprendre, cloturer)."
    )


class RenouvellementSerializer(serializers.Serializer):
    duree_mois = serializers.IntegerField(validators=[valider_duree_mois])


class ClotureSerializer(serializers.Serializer):
    date_fin = serializers.DateField()
    issue = serializers.ChoiceField(choices=IssueMesure.choices)
    orientation = serializers.ChoiceField(choices=Orientation.choices, required=False, allow_null=True)
    orientation_partenaire = PartenaireActifField(
        required=False,
        allow_null=True,
        help_text="Avec l'orientation « autre » : le partenaire de l'annuaire.",
    )


class SuspensionSerializer(serializers.Serializer):
    date_suspension = serializers.DateField(required=False)


class RepriseSerializer(serializers.Serializer):
    date_reprise = serializers.DateField(required=False)


class ProgressionObjectifSerializer(ModelSerializer):
    objectif = serializers.ChoiceField(choices=Objectif.choices)
    avancement = serializers.ChoiceField(choices=Avancement.choices)

    class Meta:
        model = ProgressionObjectif
        fields = ["objectif", "avancement"]


class PointEtapeSerializer(ModelSerializer):
    etat = serializers.CharField(label="État", read_only=True)
    progressions = ProgressionObjectifSerializer(many=True, read_only=True)

    class Meta:
        model = PointEtape
        fields = [
            "id",
            "version",
            "mesure",
            "rang",
            "date_prevue",
            "date_realisee",
            "etat",
            "compte_rendu",
            "progressions",
            "motif_annulation",
            "date_non_tenu",
            "raison_non_tenu",
        ]
        read_only_fields = fields


class PointEtapeSaisieSerializer(serializers.Serializer):
    date_realisee = serializers.DateField(required=False)
    compte_rendu = serializers.CharField(
        max_length=LONGUEUR_MAX_TEXTE, required=False, allow_blank=True, trim_whitespace=True
    )
    progressions = ProgressionObjectifSerializer(many=True, required=False, max_length=len(Objectif))


class PointEtapeNonTenuSerializer(serializers.Serializer):
    date_non_tenu = serializers.DateField(
        required=False,
        help_text="Le jour où l'on constate que le point n'a pas eu lieu (aujourd'hui par défaut).",
    )
    raison = serializers.CharField(max_length=255, required=False, allow_blank=True, trim_whitespace=True)


class RencontreASLLSerializer(ModelSerializer):
    class Meta:
        model = RencontreASLL
        fields = ["id", "version", "mesure", "date", "type", "note", "cree_par", "cree_le"]
        read_only_fields = fields


class RencontreASLLCreationSerializer(serializers.Serializer):
    mesure = DossierVisibleField(
        lambda user: MesureASLL.objects.visibles_par(user), help_text="La mesure ASLL (GET asll/mesures/)."
    )
    date = serializers.DateField()
    type = serializers.ChoiceField(choices=TypeRencontre.choices)
    note = serializers.CharField(max_length=2_000, required=False, allow_blank=True, trim_whitespace=True)


# ---------------------------------------------------------------------------------------------
# ACOR
# ---------------------------------------------------------------------------------------------


class SituationACORSerializer(ModelSerializer):
    difficultes = serializers.ListField(
        child=serializers.ChoiceField(choices=Difficulte.choices), read_only=True
    )

    class Meta:
        model = SituationACOR
        fields = [
            "id",
            "version",
            "usager",
            "commune",
            "prescripteur",
            "prescripteur_partenaire",
            "orientee_par",
            "referent",
            "date_orientation",
            "date_entree",
            "difficultes",
            "statut",
            "date_sortie",
            "motif_sortie",
            "capacite_depassee",
            "cree_le",
        ]
        read_only_fields = fields


class SituationACORCreationSerializer(serializers.Serializer):
    usager = usager_visible(ACOR)
    prescripteur = serializers.ChoiceField(choices=PrescripteurACOR.choices, required=False)
    prescripteur_partenaire = PartenaireActifField(required=False, allow_null=True)
    referent = compte_actif(required=False, allow_null=True, introuvable=lambda: referent_refuse(ACOR))
    date_orientation = serializers.DateField()
    difficultes = _codes(Difficulte)
    date_entree = serializers.DateField(required=False, allow_null=True)
    forcer = serializers.BooleanField(required=False, default=False)


class SituationACORModificationSerializer(ChampsModifiablesMixin, serializers.Serializer):
    prescripteur = serializers.ChoiceField(choices=PrescripteurACOR.choices, required=False)
    prescripteur_partenaire = PartenaireActifField(required=False, allow_null=True)
    referent = compte_actif(required=False, introuvable=lambda: referent_refuse(ACOR))
    difficultes = _codes(Difficulte, required=False)

    message_non_modifiable = "Ce champ ne se modifie pas ici (voir prendre-en-charge, cloturer)."


class PriseEnChargeSerializer(serializers.Serializer):
    date_entree = serializers.DateField()
    forcer = serializers.BooleanField(required=False, default=False)


class SortieSerializer(serializers.Serializer):
    date_sortie = serializers.DateField()
    motif_sortie = serializers.ChoiceField(choices=MotifSortie.choices)


# ---------------------------------------------------------------------------------------------
# ASLL requests received from another dispositif (orientations)
# ---------------------------------------------------------------------------------------------


class DemandeASLLSerializer(ModelSerializer):
    class Meta:
        model = DemandeASLL
        fields = [
            "id",
            "version",
            "usager",
            "commune",
            "date",
            "motif",
            "note",
            "orientee_par",
            "statut",
            "date_decision",
            "motif_refus",
            "mesure",
            "cree_le",
        ]
        read_only_fields = fields


class DecisionAccepteeSerializer(serializers.Serializer):
    mesure = DossierVisibleField(
        lambda user: MesureASLL.objects.visibles_par(user),
        help_text="La mesure ouverte pour la personne (POST asll/mesures/).",
    )
    date_decision = serializers.DateField(required=False)


class DecisionNonRetenueSerializer(serializers.Serializer):
    motif_refus = serializers.CharField(max_length=255, trim_whitespace=True)
    date_decision = serializers.DateField(required=False)
