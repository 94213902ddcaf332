"""Action 1.4 — « Promouvoir une action sociale décloisonnée » — declares itself to the shared layers
(`config.dispositifs`): a transversal action (no grant, no role, no team of its own), whose records
are the orientations of the persons between the dispositifs and towards the partners' directory, and
whose indicators are the directory's use and the flows between dispositifs."""

from config.dispositifs import Dispositif, Dossier, declare
from orientations.indicateurs import CONSULTATIONS, ORIENTATIONS, ORIENTATIONS_VERS_PARTENAIRES

ACTION_1_4 = declare(
    Dispositif(
        code="parcours",
        action="1.4",
        titre_action="Action 1.4 — action sociale décloisonnée (annuaire des partenaires, orientations)",
        dossiers=(
            Dossier(
                "orientations.Orientation",
                dates=("date",),
                textes_libres=("note",),
                compartiment_vise="vers_dispositif",
            ),
        ),
        indicateurs=(ORIENTATIONS, ORIENTATIONS_VERS_PARTENAIRES, CONSULTATIONS),
        indicateurs_derives="orientations.indicateurs.renvois_vers_l_annuaire",
        section="orientations.dossier.sections",
        api="orientations.api.urls",
        ressources=(("orientations", "orientation-list"), ("partenaires", "partenaire-list")),
        budget_annexe_1=(6_000, 6_000),
        transversal=True,
        fiche="orientations.espace.fiche",
        espace="orientations.espace",
    )
)
