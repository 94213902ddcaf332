"""What actions 2.1 and 2.2 accept as the target of an orientation (`config.dispositifs.AccueilOrientation`):
ASLL receives a request for the service to open a measure, ACOR a situation on its waiting list.
The orienting agent learns the outcome only: received, taken on, or not retained."""

from collections.abc import Callable

from django.db.models import Case, CharField, Expression, OuterRef, Q, Subquery, Value, When

from config.dispositifs import AccueilOrientation
from logement.models import DemandeASLL, SituationACOR, StatutDemande, StatutSituation

RECUE, PRISE_EN_CHARGE, NON_RETENUE = "recue", "prise_en_charge", "non_retenue"


def _issue(modele, *whens: When) -> Callable[[str], Expression]:
    def issue(colonne: str) -> Expression:
        lignes = modele.objects.filter(pk=OuterRef(colonne)).annotate(
            _issue=Case(*whens, default=Value(RECUE), output_field=CharField())
        )
        return Subquery(lignes.values("_issue")[:1], output_field=CharField())

    return issue


ACCUEIL_ASLL = AccueilOrientation(
    recevoir="logement.services.demande_asll_recevoir",
    issue=_issue(
        DemandeASLL,
        When(statut=StatutDemande.ACCEPTEE, then=Value(PRISE_EN_CHARGE)),
        When(statut=StatutDemande.REFUSEE, then=Value(NON_RETENUE)),
    ),
    libelle="ASLL : demande d'ouverture d'une mesure",
)

ACCUEIL_ACOR = AccueilOrientation(
    recevoir="logement.services.situation_acor_recevoir",
    issue=_issue(
        SituationACOR,
        When(date_entree__isnull=False, then=Value(PRISE_EN_CHARGE)),
        When(Q(statut=StatutSituation.TERMINEE), then=Value(NON_RETENUE)),
    ),
    libelle="ACOR : inscription sur la liste d'attente",
)
