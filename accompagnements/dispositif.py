"""Action 1.1 declares itself to the shared layers (`config.dispositifs`): administrative support
and rights opened, the fight against non-recours."""

from accompagnements.indicateurs import AGENTS_EN_ACTIVITE, DROITS_OUVERTS, FREQUENTATION, PERSONNES_RECUES
from accompagnements.perms import ACCES_DROITS
from config.dispositifs import Dispositif, Dossier, RenvoiAnnuaire, declare

ACTION_1_1 = declare(
    Dispositif(
        code=ACCES_DROITS,
        action="1.1",
        titre_action="Action 1.1 — accompagnement aux démarches et accès aux droits",
        libelle="Action 1.1 — accès aux droits",
        role="Agent d'accompagnement administratif (action 1.1)",
        dossiers=(
            Dossier(
                "accompagnements.Accompagnement",
                dates=("date_debut", "date_fin"),
                ouvert_tant_que_vide="date_fin",
            ),
            Dossier(
                "accompagnements.Contact",
                usager="accompagnement__usager",
                dates=("date__date",),
                textes_libres=("note",),
            ),
            Dossier(
                "accompagnements.Demarche",
                usager="accompagnement__usager",
                dates=("date",),
                textes_libres=("note",),
            ),
            Dossier(
                "accompagnements.Droit",
                dates=("date_identification", "date_demande", "date_ouverture", "date_refus", "date_abandon"),
            ),
        ),
        indicateurs=(PERSONNES_RECUES, AGENTS_EN_ACTIVITE, FREQUENTATION, DROITS_OUVERTS),
        renvois_annuaire=(
            RenvoiAnnuaire(
                "demarches",
                "accompagnements.Demarche",
                "partenaire",
                "démarches auprès d'un organisme de l'annuaire",
                "date",
            ),
        ),
        section="accompagnements.dossier.sections",
        api="accompagnements.api.urls",
        ressources=(
            ("accompagnements", "accompagnement-list"),
            ("contacts", "contact-list"),
            ("demarches", "demarche-list"),
            ("droits", "droit-list"),
            ("types-droits", "type-droit-list"),
        ),
        budget_annexe_1=(76_000, 76_000),
        fiche="accompagnements.espace.fiche",
        espace="accompagnements.espace",
    )
)
