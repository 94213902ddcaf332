"""List filters of the estimation of rights, in the shared grammar (config/api/filters.py)."""

from config.api.filters import ChoixFilter, FiltresPeriode, FiltresReferent, FiltresUsager, IdentifiantFilter
from estimations.models import DroitDetecte, Estimation, Foyer, StatutEstimation


class FoyerFilter(FiltresUsager, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the date the situation was declared."""

    champ_referent = "accompagnement__referent_id"
    champ_periode = "valide_du"

    accompagnement = IdentifiantFilter(field_name="accompagnement_id")

    class Meta:
        model = Foyer
        fields: list[str] = []


class EstimationFilter(FiltresUsager, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the day it was asked for (Europe/Paris)."""

    chemin_usager = "accompagnement__usager"
    champ_referent = "accompagnement__referent_id"
    champ_periode = "demandee_le"
    periode_horodatee = True

    accompagnement = IdentifiantFilter(field_name="accompagnement_id")
    statut = ChoixFilter(choices=StatutEstimation.choices)

    class Meta:
        model = Estimation
        fields: list[str] = []


class DroitDetecteFilter(FiltresUsager, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the identification date of the right."""

    chemin_usager = "droit__usager"
    champ_referent = "accompagnement__referent_id"
    champ_periode = "droit__date_identification"

    accompagnement = IdentifiantFilter(field_name="accompagnement_id")
    estimation = IdentifiantFilter(field_name="estimation_id")

    class Meta:
        model = DroitDetecte
        fields: list[str] = []
