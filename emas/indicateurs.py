"""The pacte's indicators of action 2.3 (`config.dispositifs.Indicateur`), declared by `emas.dispositif`.

Supervisors never hold the `emas` grant: they read these counts, anonymised, on the communes of
their supervision grants (`dispositifs` left empty, see docs/INDICATEURS.md). Every count is by the
commune of residence on the day of the referral (`commune` of the referral and of the follow-up).
"""

from django.db.models import Case, Count, Q, Value, When

from comptes.models import Profession
from config.dispositifs import Indicateur, Ventilation
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.validators import Decision, Origine, StatutSuivi, TypeIntervention

OUI_NON = (("oui", "Oui"), ("non", "Non"))


def _oui_si(condition: Q) -> Case:
    return Case(When(condition, then=Value("oui")), default=Value("non"))


SIGNALEMENTS = Indicateur(
    id="2.3.signalements",
    libelle="Signalements reçus par l'équipe mobile",
    regle=(
        "Nombre de signalements dont la date est dans la période, quelle que soit la décision, "
        "comptés dans la commune où la personne résidait à la date du signalement."
    ),
    evenements=lambda du, au: Signalement.objects.filter(date__gte=du, date__lte=au),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date",
    ventilations=(
        Ventilation("origine", "Origine du signalement", "origine", domaine=tuple(Origine.choices)),
        Ventilation("decision", "Décision", "decision", domaine=tuple(Decision.choices)),
    ),
    unite="signalements",
)

PERSONNES_SUIVIES = Indicateur(
    id="2.3.personnes_suivies",
    libelle="Personnes suivies par l'équipe mobile",
    regle=(
        "Nombre de personnes distinctes ayant un suivi EMAS en cours à un moment de la période "
        "(ouvert au plus tard le dernier jour, non clos avant le premier), comptées dans la "
        "commune où elles résidaient au signalement ; par mois, dans chaque mois de suivi."
    ),
    evenements=lambda du, au: SuiviEMAS.objects.filter(date_debut__lte=au).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=du)
    ),
    mesure=lambda filtre: Count("usager", distinct=True, filter=filtre),
    periode_active=("date_debut", "date_fin"),
    additif=False,
    unite="personnes",
)

SUIVIS_ACTIFS = Indicateur(
    id="2.3.suivis_actifs",
    libelle="Suivis EMAS actifs",
    regle=(
        "Nombre de suivis EMAS en cours à un moment de la période : commencés au plus tard le "
        "dernier jour et non clos avant le premier, quelle que soit la date du signalement. Un "
        "suivi est compté dans la commune où la personne résidait au signalement ; par mois, il "
        "compte dans chaque mois où il a été actif."
    ),
    evenements=lambda du, au: SuiviEMAS.objects.actifs_entre(du, au),
    mesure=lambda filtre: Count("id", filter=filtre),
    periode_active=("date_debut", "date_fin"),
    additif=False,
    unite="suivis",
)

INTERVENTIONS = Indicateur(
    id="2.3.interventions",
    libelle="Interventions de l'équipe mobile",
    regle=(
        "Nombre d'interventions (visites à domicile, appels, accompagnements vers les soins, "
        "réunions de partenaires, synthèses) dont la date est dans la période, comptées dans la "
        "commune de résidence au signalement. Par profession, une intervention compte pour "
        "chaque profession des membres de l'équipe qui y ont pris part."
    ),
    evenements=lambda du, au: Intervention.objects.filter(date__gte=du, date__lte=au),
    mesure=lambda filtre: Count("id", distinct=True, filter=filtre),
    date_evenement="date",
    champ_commune="suivi__commune_id",
    ventilations=(
        Ventilation("type", "Type d'intervention", "type", domaine=tuple(TypeIntervention.choices)),
        Ventilation(
            "profession", "Profession", "intervenants__profession", domaine=tuple(Profession.choices)
        ),
    ),
    additif=False,
    unite="interventions",
)

RESULTATS = Indicateur(
    id="2.3.resultats",
    libelle="Résultats des suivis EMAS clos",
    regle=(
        "Nombre de suivis clos dont la date de fin est dans la période, comptés dans la commune "
        "de résidence au signalement, ventilés par résultat atteint : accès aux soins (CMP, "
        "psychiatre, médecin traitant ou hôpital), inscription dans le droit commun, maintien à "
        "domicile, rupture du parcours de soins (oui / non pour chacun)."
    ),
    evenements=lambda du, au: SuiviEMAS.objects.filter(
        statut=StatutSuivi.CLOS, date_fin__gte=du, date_fin__lte=au
    ).annotate(
        resultat_acces_soins=_oui_si(
            Q(acces_soins_cmp=True)
            | Q(acces_soins_psychiatre=True)
            | Q(acces_soins_medecin_traitant=True)
            | Q(acces_soins_hopital=True)
        ),
        resultat_droit_commun=_oui_si(Q(droit_commun=True)),
        resultat_maintien_domicile=_oui_si(Q(maintien_domicile=True)),
        resultat_rupture_parcours=_oui_si(Q(rupture_parcours=True)),
    ),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date_fin",
    ventilations=(
        Ventilation("acces_soins", "Accès aux soins", "resultat_acces_soins", domaine=OUI_NON),
        Ventilation("droit_commun", "Droit commun", "resultat_droit_commun", domaine=OUI_NON),
        Ventilation(
            "maintien_domicile", "Maintien à domicile", "resultat_maintien_domicile", domaine=OUI_NON
        ),
        Ventilation("rupture_parcours", "Rupture du parcours", "resultat_rupture_parcours", domaine=OUI_NON),
    ),
    unite="suivis",
)
