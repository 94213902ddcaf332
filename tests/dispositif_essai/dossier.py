from config.formats import date_fr
from tests.dispositif_essai.models import Visite
from usagers.dossier import Section


def sections(user, usager) -> list[Section]:
    visites = Section("Visites (dispositif d'essai)", ["date", "référent"])
    for v in Visite.objects.visibles_par(user).filter(usager=usager).select_related("referent"):
        visites.lignes.append(("", [date_fr(v.date), str(v.referent)]))
    return [visites]
