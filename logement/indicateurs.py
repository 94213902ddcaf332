"""The indicators of actions 2.1 and 2.2 (`config.dispositifs.Indicateur`), declared by
`logement.dispositif`. A measure is counted in the commune of residence at its start; a situation
in the commune of residence on the day it was taken on.
"""

from django.db.models import Count, Q

from config.dispositifs import Indicateur, Ventilation
from logement.models import (
    FinancementMesure,
    IssueMesure,
    MesureASLL,
    Orientation,
    PrescripteurACOR,
    RencontreASLL,
    SituationACOR,
    StatutMesure,
    TypeMesure,
    TypeRencontre,
)

# Fiche 2.1: the pacte funds a reinforced support, meetings closer together than an ordinary ASLL
# measure's. Measures and meetings share this breakdown, so that « meetings per month of measure »
# is read, for each, as `2.1.rencontres` / `2.1.mesures_exercees` of the same month and commune.
FINANCEMENT = Ventilation(
    "financement", "Financement de la mesure", "financement", domaine=tuple(FinancementMesure.choices)
)

MESURES_EXERCEES = Indicateur(
    id="2.1.mesures_exercees",
    libelle="Mesures ASLL exercées",
    regle=(
        "Nombre de mesures ASLL en cours à un moment de la période : commencées au plus tard "
        "le dernier jour et non terminées avant le premier. Une mesure suspendue reste exercée "
        "(la suspension ne la termine pas). Une mesure est comptée dans la commune de résidence "
        "à son début ; par mois, elle compte dans chaque mois où elle a été exercée."
    ),
    evenements=lambda du, au: MesureASLL.objects.filter(date_debut__lte=au).filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=du)
    ),
    mesure=lambda filtre: Count("id", filter=filtre),
    periode_active=("date_debut", "date_fin"),
    ventilations=(
        Ventilation("type", "Type de mesure", "type", domaine=tuple(TypeMesure.choices)),
        FINANCEMENT,
    ),
    additif=False,
    unite="mesures",
)

RENCONTRES = Indicateur(
    id="2.1.rencontres",
    libelle="Rencontres avec les ménages entre les points d'étape",
    regle=(
        "Nombre de rencontres (entretien au bureau, visite à domicile, entretien téléphonique, "
        "accompagnement physique, autre) tenues pendant la période avec les ménages suivis en ASLL, "
        "par financement de la mesure (accompagnement renforcé du pacte ou mesure ordinaire) et par "
        "type. Une rencontre est comptée dans la commune de résidence au début de sa mesure. Rapportées, "
        "mois par mois et par financement, aux mesures exercées (2.1.mesures_exercees), elles donnent "
        "le nombre de rencontres par mois de mesure."
    ),
    evenements=lambda du, au: RencontreASLL.objects.filter(date__gte=du, date__lte=au),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date",
    champ_commune="mesure__commune_id",
    ventilations=(
        Ventilation(
            "financement", "Financement de la mesure", "mesure__financement", domaine=FINANCEMENT.domaine
        ),
        Ventilation("type", "Type de rencontre", "type", domaine=tuple(TypeRencontre.choices)),
    ),
    unite="rencontres",
)

ISSUES = Indicateur(
    id="2.1.issues",
    libelle="Bilan des suites des mesures ASLL terminées",
    regle=(
        "Nombre de mesures ASLL terminées pendant la période (date de fin dans la période), "
        "par issue (objectifs atteints, partiellement atteints, non-collaboration, orientation "
        "vers une autre réponse, déménagement, autre) et, pour les orientations, par réponse "
        "proposée. Une mesure est comptée dans la commune de résidence à son début."
    ),
    evenements=lambda du, au: MesureASLL.objects.filter(
        statut=StatutMesure.TERMINEE, date_fin__gte=du, date_fin__lte=au
    ),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date_fin",
    ventilations=(
        Ventilation("issue", "Issue de la mesure", "issue", domaine=tuple(IssueMesure.choices)),
        Ventilation(
            "orientation",
            "Orientation",
            "orientation",
            domaine=(*Orientation.choices, ("", "Sans orientation")),
        ),
    ),
    unite="mesures",
)

SITUATIONS_PRISES_EN_CHARGE = Indicateur(
    id="2.2.situations_prises_en_charge",
    libelle="Situations prises en charge par ACOR",
    regle=(
        "Nombre de situations ACOR dont la date d'entrée (prise en charge) est dans la période, "
        "comptées dans la commune où la personne résidait à la date d'entrée. Les orientations "
        "encore en liste d'attente ou closes sans suite ne sont pas comptées."
    ),
    evenements=lambda du, au: SituationACOR.objects.filter(date_entree__gte=du, date_entree__lte=au),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date_entree",
    ventilations=(
        Ventilation("prescripteur", "Orienté par", "prescripteur", domaine=tuple(PrescripteurACOR.choices)),
    ),
    unite="situations",
)

SITUATIONS_ACTIVES = Indicateur(
    id="2.2.situations_actives",
    libelle="Situations ACOR actives",
    regle=(
        "Nombre de situations ACOR prises en charge à un moment de la période : entrées au plus "
        "tard le dernier jour et non sorties avant le premier, quelle que soit la date d'entrée. "
        "Les orientations en liste d'attente ou closes sans prise en charge ne sont pas comptées. "
        "Une situation est comptée dans la commune où la personne résidait à la date d'entrée ; "
        "par mois, elle compte dans chaque mois où elle a été suivie."
    ),
    evenements=lambda du, au: SituationACOR.objects.filter(
        date_entree__isnull=False, date_entree__lte=au
    ).filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=du)),
    mesure=lambda filtre: Count("id", filter=filtre),
    periode_active=("date_entree", "date_sortie"),
    ventilations=(
        Ventilation("prescripteur", "Orienté par", "prescripteur", domaine=tuple(PrescripteurACOR.choices)),
    ),
    additif=False,
    unite="situations",
)
