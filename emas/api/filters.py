"""List filters of action 2.3, in the shared grammar (config/api/filters.py)."""

from config.api.filters import (
    ChoixFilter,
    CommuneFilter,
    CompteOuMoiFilter,
    DateFilter,
    FiltresCommuneEvenement,
    FiltresPeriode,
    FiltresReferent,
    FiltresUsager,
    IdentifiantFilter,
)
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.validators import Decision, Origine, StatutSuivi, TypeIntervention


class SignalementFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the referral date; `commune_evenement` is the commune at the referral;
    `referent` the référent of the follow-up opened by accepting it."""

    champ_periode = "date"
    champ_referent = "suivi__referent_id"

    decision = ChoixFilter(choices=Decision.choices)
    origine = ChoixFilter(choices=Origine.choices)

    class Meta:
        model = Signalement
        fields: list[str] = []


class SuiviEMASFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the start of the follow-up; `fin_du` / `fin_au` its end."""

    champ_periode = "date_debut"

    statut = ChoixFilter(choices=StatutSuivi.choices)
    signalement = IdentifiantFilter(field_name="signalement_id")
    fin_du = DateFilter(field_name="date_fin", lookup_expr="gte", label="clos à partir du")
    fin_au = DateFilter(field_name="date_fin", lookup_expr="lte", label="clos jusqu'au")

    class Meta:
        model = SuiviEMAS
        fields: list[str] = []


class InterventionFilter(FiltresUsager, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the date of the intervention; `intervenant` is `me` or an account id (a
    member present), `referent` the référent of the follow-up."""

    chemin_usager = "suivi__usager"
    champ_periode = "date"
    champ_referent = "suivi__referent_id"

    usager = IdentifiantFilter(field_name="suivi__usager_id", label="identifiant de l'usager")
    suivi = IdentifiantFilter(field_name="suivi_id")
    type = ChoixFilter(choices=TypeIntervention.choices)
    intervenant = CompteOuMoiFilter(field_name="intervenants", label="intervenant (« me » ou identifiant)")
    commune_evenement = CommuneFilter(
        field_name="suivi__commune_id", label="code INSEE de la commune au moment du signalement"
    )

    class Meta:
        model = Intervention
        fields: list[str] = []
