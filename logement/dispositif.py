"""Actions 2.1 (ASLL) and 2.2 (ACOR) declare themselves to the shared layers (`config.dispositifs`)."""

from config.dispositifs import Dispositif, Dossier, RenvoiAnnuaire, declare
from logement import rappels
from logement.indicateurs import (
    ISSUES,
    MESURES_EXERCEES,
    RENCONTRES,
    SITUATIONS_ACTIVES,
    SITUATIONS_PRISES_EN_CHARGE,
)
from logement.orientations import ACCUEIL_ACOR, ACCUEIL_ASLL
from logement.perms import ACOR, ASLL

ACTION_2_1 = declare(
    Dispositif(
        code=ASLL,
        action="2.1",
        titre_action="Action 2.1 — accompagnement social lié au logement (ASLL)",
        libelle="Action 2.1 — ASLL",
        role="Travailleur social ASLL (action 2.1)",
        dossiers=(
            Dossier("logement.MesureASLL", dates=("date_debut", "date_fin"), ouvert_tant_que_vide="date_fin"),
            # A planned date is no activity: only a checkpoint held.
            Dossier(
                "logement.PointEtape",
                usager="mesure__usager",
                dates=("date_realisee",),
                textes_libres=("raison_non_tenu",),
            ),
            Dossier("logement.RencontreASLL", usager="mesure__usager", dates=("date",)),
            Dossier(
                "logement.DemandeASLL", dates=("date", "date_decision"), textes_libres=("note", "motif_refus")
            ),
        ),
        indicateurs=(MESURES_EXERCEES, ISSUES, RENCONTRES),
        # Counted like the measures' outcomes: at their end, in the commune where they started.
        renvois_annuaire=(
            RenvoiAnnuaire(
                "asll_orientations",
                "logement.MesureASLL",
                "orientation_partenaire",
                "mesures ASLL terminées avec une orientation vers un partenaire",
                "date_fin",
                champ_commune="commune_id",
            ),
            RenvoiAnnuaire(
                "asll_operateurs",
                "logement.MesureASLL",
                "operateur",
                "mesures ASLL portées par un opérateur de l'annuaire",
                "date_debut",
                champ_commune="commune_id",
            ),
        ),
        rappels=(
            rappels.POINTS_ETAPE,  # three kinds, one read of the open checkpoints
            rappels.MESURES_ECHUES,  # two kinds, one read of the running measures past their end
            rappels.DEMANDES_ASLL_RECUES,
        ),
        types_de_rappel=(
            rappels.POINT_ETAPE_PROCHE,
            rappels.POINT_ETAPE_EN_RETARD,
            rappels.POINT_ETAPE_ESCALADE,
            rappels.MESURE_ECHUE,
            rappels.MESURE_ECHUE_ESCALADE,
            rappels.DEMANDE_ASLL_RECUE,
        ),
        objets_rappeles=(rappels.OBJET_POINT_ETAPE, rappels.OBJET_MESURE_ASLL, rappels.OBJET_DEMANDE_ASLL),
        rappels_apres_enregistrement=("logement.MesureASLL", "logement.PointEtape"),
        section="logement.dossier.sections_asll",
        api="logement.api.urls",
        encadrement="logement.encadrement.points_en_retard",
        ressources=(
            ("asll/mesures", "mesure-asll-list"),
            ("asll/points-etape", "point-etape-list"),
            ("asll/rencontres", "rencontre-asll-list"),
            ("asll/demandes", "demande-asll-list"),
        ),
        budget_annexe_1=(66_500, 66_500),
        orientation=ACCUEIL_ASLL,
        fiche="logement.espace.fiche_asll",
        espace="logement.espace",
    )
)

ACTION_2_2 = declare(
    Dispositif(
        code=ACOR,
        action="2.2",
        titre_action="Action 2.2 — ACOR",
        libelle="Action 2.2 — ACOR",
        role="Intervenant ACOR (action 2.2)",
        dossiers=(
            Dossier(
                "logement.SituationACOR",
                dates=("date_orientation", "date_entree", "date_sortie"),
                ouvert_tant_que_vide="date_sortie",
            ),
        ),
        indicateurs=(SITUATIONS_PRISES_EN_CHARGE, SITUATIONS_ACTIVES),
        renvois_annuaire=(
            RenvoiAnnuaire(
                "acor_prescripteurs",
                "logement.SituationACOR",
                "prescripteur_partenaire",
                "orientations vers ACOR par un partenaire prescripteur",
                "date_orientation",
            ),
        ),
        rappels=(rappels.SITUATIONS_ACOR_EN_ATTENTE,),  # two kinds, one read of the waiting list
        types_de_rappel=(rappels.ACOR_ATTENTE_LONGUE, rappels.ORIENTATION_ACOR_RECUE),
        objets_rappeles=(rappels.OBJET_SITUATION_ACOR,),
        section="logement.dossier.sections_acor",
        api="logement.api.urls",
        ressources=(("acor/situations", "situation-acor-list"),),
        budget_annexe_1=(7_000, 7_000),
        fiche="logement.espace.fiche_acor",
        espace="logement.espace",
        messages_des_contraintes=(
            ("capacite_acor_sans_chevauchement", "Cette période chevauche une autre capacité ACOR."),
        ),
        orientation=ACCUEIL_ACOR,
    )
)
