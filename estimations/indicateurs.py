"""The indicators of the fight against non-recours (action 1.1), counted like `1.1.droits_ouverts`:
by the commune recorded on the right (residence at identification, then at opening)."""

from django.db.models import Count

from accompagnements.indicateurs import libelles_des_types_de_droit
from accompagnements.models import Droit, StatutDroit
from config.dispositifs import Indicateur, Ventilation

_PAR_TYPE = Ventilation("type", "Type de droit", "type__code", libelles_de=libelles_des_types_de_droit)

DROITS_IDENTIFIES = Indicateur(
    id="1.1.droits_identifies",
    libelle="Droits identifiés par estimation (non-recours détecté)",
    regle=(
        "Nombre de droits identifiés par une estimation OpenFisca-France (montant estimé supérieur "
        "à 0, droit ni demandé ni ouvert), dont la date d'identification est dans la période, "
        "comptés dans la commune de résidence à cette date, quel que soit leur statut ensuite. "
        "Une estimation n'est pas une décision de l'organisme payeur."
    ),
    evenements=lambda du, au: Droit.objects.filter(
        detection__isnull=False, date_identification__gte=du, date_identification__lte=au
    ),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date_identification",
    ventilations=(_PAR_TYPE,),
    unite="droits",
)

NON_RECOURS_EVITE = Indicateur(
    id="1.1.non_recours_evite",
    libelle="Non-recours évité (droits identifiés par estimation, puis ouverts)",
    regle=(
        "Nombre de droits identifiés par une estimation puis ouverts, dont la date d'ouverture est "
        "dans la période, comptés dans la commune où la personne résidait à la date d'ouverture."
    ),
    evenements=lambda du, au: Droit.objects.filter(
        detection__isnull=False, statut=StatutDroit.OUVERT, date_ouverture__gte=du, date_ouverture__lte=au
    ),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date_ouverture",
    ventilations=(_PAR_TYPE,),
    unite="droits",
)
