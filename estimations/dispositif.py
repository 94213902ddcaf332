"""The estimation of rights (non-recours) is part of action 1.1: the same grant and role, its own
records, indicators and retention delay (`config.dispositifs`)."""

from accompagnements.perms import ACCES_DROITS
from config.dispositifs import Dispositif, Dossier, declare
from estimations.indicateurs import DROITS_IDENTIFIES, NON_RECOURS_EVITE

ESTIMATIONS = declare(
    Dispositif(
        code="estimations",
        partie_de=ACCES_DROITS,
        action="1.1",
        titre_action="Action 1.1 — accompagnement aux démarches et accès aux droits",
        dossiers=(
            Dossier("estimations.Foyer", dates=("valide_du", "valide_au")),
            Dossier("estimations.MembreFoyer", usager="foyer__usager"),
            # Snapshots of a computation, never edited: no change history.
            Dossier(
                "estimations.Estimation",
                usager="foyer__usager",
                dates=("demandee_le__date",),
                historise=False,
            ),
            Dossier("estimations.DroitDetecte", usager="estimation__foyer__usager", historise=False),
        ),
        indicateurs=(DROITS_IDENTIFIES, NON_RECOURS_EVITE),
        api="estimations.api.urls",
    )
)
