from django.db.models import Count

from config.dispositifs import Indicateur
from tests.dispositif_essai.models import Visite

VISITES = Indicateur(
    id="9.1.visites",
    libelle="Visites du dispositif d'essai",
    regle="Nombre de visites dont la date est dans la période, dans la commune de résidence ce jour-là.",
    evenements=lambda du, au: Visite.objects.filter(date__gte=du, date__lte=au),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date",
    unite="visites",
)
