"""Action 2.3, the mobile psychiatric-outreach team, declares itself to the shared layers
(`config.dispositifs`): a compartment (health data) whose records its team alone reads, never
supervised (supervisors read its counts, anonymised)."""

from config.dispositifs import Dispositif, Dossier, RenvoiAnnuaire, declare
from emas import rappels
from emas.indicateurs import INTERVENTIONS, PERSONNES_SUIVIES, RESULTATS, SIGNALEMENTS, SUIVIS_ACTIFS
from emas.orientations import ACCUEIL_EMAS
from emas.validators import EMAS

ACTION_2_3 = declare(
    Dispositif(
        code=EMAS,
        action="2.3",
        titre_action="Action 2.3 — équipe mobile EMAS",
        libelle="Action 2.3 — EMAS",
        role="Équipe mobile EMAS (action 2.3)",
        supervise=False,
        compartiment=True,
        dossiers=(
            Dossier("emas.Signalement", dates=("date", "date_decision"), textes_libres=("contact",)),
            Dossier("emas.SuiviEMAS", dates=("date_debut", "date_fin"), ouvert_tant_que_vide="date_fin"),
            Dossier("emas.Intervention", usager="suivi__usager", dates=("date",)),
        ),
        indicateurs=(SIGNALEMENTS, PERSONNES_SUIVIES, SUIVIS_ACTIFS, INTERVENTIONS, RESULTATS),
        # Counted like the referrals: in the commune of residence on the referral's date.
        renvois_annuaire=(
            RenvoiAnnuaire(
                "emas_origines",
                "emas.Signalement",
                "origine_partenaire",
                "signalements à l'équipe mobile venus d'un partenaire",
                "date",
                champ_commune="commune_id",
            ),
            RenvoiAnnuaire(
                "emas_reorientations",
                "emas.Signalement",
                "reoriente_vers_partenaire",
                "signalements à l'équipe mobile réorientés vers un partenaire",
                "date_decision",
                champ_commune="commune_id",
            ),
        ),
        rappels=(rappels.EMAS_SANS_INTERVENTION_REGLE, rappels.ORIENTATIONS_EMAS_RECUES),
        types_de_rappel=(rappels.EMAS_SANS_INTERVENTION, rappels.ORIENTATION_EMAS_RECUE),
        objets_rappeles=(rappels.OBJET_SUIVI_EMAS, rappels.OBJET_SIGNALEMENT),
        section="emas.dossier.sections",
        api="emas.api.urls",
        ressources=(
            ("emas/signalements", "emas-signalement-list"),
            ("emas/suivis", "emas-suivi-list"),
            ("emas/interventions", "emas-intervention-list"),
        ),
        budget_annexe_1=(5_225, 5_225),
        fiche="emas.espace.fiche",
        espace="emas.espace",
        mention_droit_d_acces=(
            "Les éventuelles données de santé (équipe mobile EMAS, action 2.3) sont détenues par l'équipe "
            "EMAS et communiquées par elle seule ; cet export n'en contient pas."
        ),
        orientation=ACCUEIL_EMAS,
    )
)
