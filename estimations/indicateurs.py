"""The indicators of the fight against non-recours (action 1.1), each in the commune of residence on
the date it counts by: `1.1.droits_identifies` at the identification (read from the residence
history when counting, so a right opened after a move still counts its identification where the
person lived then), `1.1.non_recours_evite` at the opening (the commune recorded on the right)."""

from django.db.models import Count

from accompagnements.indicateurs import libelles_des_types_de_droit
from accompagnements.models import Droit, StatutDroit
from config.dispositifs import Indicateur, Ventilation
from usagers.models import commune_a_la_date_sql

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
    ).annotate(commune_identification=commune_a_la_date_sql("usager", "date_identification")),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date_identification",
    champ_commune="commune_identification",
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
