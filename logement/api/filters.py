"""List filters of actions 2.1 and 2.2, in the shared grammar (config/api/filters.py)."""

from config.api.filters import (
    BooleenFilter,
    ChoixFilter,
    CommuneFilter,
    FiltresCommuneEvenement,
    FiltresPeriode,
    FiltresReferent,
    FiltresUsager,
    IdentifiantFilter,
    bornes,
)
from logement.models import (
    DemandeASLL,
    EtatPointEtape,
    MesureASLL,
    PointEtape,
    RencontreASLL,
    SituationACOR,
    StatutDemande,
    StatutMesure,
    StatutSituation,
    TypeMesure,
    TypeRencontre,
)


class MesureASLLFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the start of the measure; `fin_du` / `fin_au` its end."""

    champ_periode = "date_debut"

    statut = ChoixFilter(choices=StatutMesure.choices)
    type = ChoixFilter(choices=TypeMesure.choices)
    fin_du, fin_au = bornes("date_fin", "terminée")
    en_retard = BooleenFilter(field_name="en_retard", label="en retard")

    class Meta:
        model = MesureASLL
        fields: list[str] = []


class PointEtapeFilter(FiltresUsager, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the planned date of the checkpoint."""

    chemin_usager = "mesure__usager"
    champ_referent = "mesure__referent_id"
    champ_periode = "date_prevue"

    mesure = IdentifiantFilter(field_name="mesure_id")
    etat = ChoixFilter(choices=EtatPointEtape.choices, field_name="etat", label="état du point d'étape")
    statut_mesure = ChoixFilter(choices=StatutMesure.choices, field_name="mesure__statut")

    class Meta:
        model = PointEtape
        fields: list[str] = []


class RencontreASLLFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the meeting's date; `referent` is the measure's; `commune_evenement` the
    measure's commune at its start (where the indicator counts the meeting)."""

    chemin_usager = "mesure__usager"
    champ_referent = "mesure__referent_id"

    commune_evenement = CommuneFilter(
        field_name="mesure__commune_id", label="code INSEE de la commune au début de la mesure"
    )

    mesure = IdentifiantFilter(field_name="mesure_id")
    type = ChoixFilter(choices=TypeRencontre.choices)

    class Meta:
        model = RencontreASLL
        fields: list[str] = []


class SituationACORFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the referral date; `entree_du` / `entree_au` the date of taking on."""

    champ_periode = "date_orientation"

    statut = ChoixFilter(choices=StatutSituation.choices)
    entree_du, entree_au = bornes("date_entree", "entrée")

    class Meta:
        model = SituationACOR
        fields: list[str] = []


class DemandeASLLFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the request's date; `referent` is the agent who oriented."""

    champ_referent = "orientee_par_id"

    statut = ChoixFilter(choices=StatutDemande.choices)

    class Meta:
        model = DemandeASLL
        fields: list[str] = []
