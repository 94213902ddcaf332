"""Writes of the indicators app: monthly extraction (snapshot) and the lock of a reported year."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comptes.models import User
from config.dispositifs import MOIS
from config.errors import RegleMetierError
from indicateurs.calcul import compter, ventilations_extraites
from indicateurs.models import AnneeVerrouillee, Extraction, PorteeValeur, ValeurExtraite
from indicateurs.periodes import dernier_jour
from indicateurs.registre import indicateurs


def _verifier_annee_ouverte(annee: int) -> None:
    if AnneeVerrouillee.objects.filter(annee=annee).exists():
        raise RegleMetierError(
            f"L'année {annee} est verrouillée (rapport transmis) : ses extractions ne changent plus.",
            champ="mois",
        )


@transaction.atomic
def extraire_mois(*, annee: int, mois: int) -> Extraction:
    """Count every registered indicator for the month (and the year to date), for the whole
    métropole, and store the counts. Re-extracting a month replaces it, in this one transaction;
    a locked year refuses."""
    if not 1 <= mois <= 12 or not 2000 <= annee <= 9998:
        raise RegleMetierError("Mois invalide : attendu AAAA-MM.", champ="mois")
    premier = date(annee, mois, 1)
    fin = dernier_jour(premier)
    if fin >= timezone.localdate():
        raise RegleMetierError(
            f"Le mois {annee:04d}-{mois:02d} n'est pas terminé : il s'extrait à partir du lendemain de son "
            "dernier jour.",
            champ="mois",
        )
    # The month's row is locked first, then the year's lock is read: a lock committed meanwhile
    # (it locks the year's rows, see annee_verrouiller) is seen, and the extraction refused.
    extraction, _ = Extraction.objects.select_for_update().get_or_create(
        annee=annee, mois=mois, defaults={"extrait_le": timezone.now()}
    )
    _verifier_annee_ouverte(annee)
    extraction.valeurs.all().delete()
    extraction.extrait_le = timezone.now()
    extraction.save(update_fields=["extrait_le"])
    valeurs = []
    for ind in indicateurs():
        portees = [(PorteeValeur.MOIS, premier), (PorteeValeur.CUMUL, date(annee, 1, 1))]
        if mois % 3 == 0:  # the quarter's last month also keeps the quarter (persons are not additive)
            portees.append((PorteeValeur.TRIMESTRE, date(annee, mois - 2, 1)))
        for portee, du in portees:
            for combinaison in ventilations_extraites(ind):
                comptes = compter(ind, du=du, au=fin, filtre=Q(), dims=[d for d in combinaison if d != MOIS])
                valeurs += [
                    ValeurExtraite(
                        extraction=extraction,
                        indicateur=ind.id,
                        portee=portee,
                        ventilation=",".join(combinaison),
                        cle=list(cle),
                        valeur=valeur,
                    )
                    for cle, valeur in comptes.items()
                    if valeur  # a missing row reads as zero
                ]
    ValeurExtraite.objects.bulk_create(valeurs, batch_size=1000)
    return extraction


def mois_precedent(aujourdhui: date | None = None) -> tuple[int, int]:
    """The month before today in Paris (1 January → December of the year before)."""
    jour = (aujourdhui or timezone.localdate()).replace(day=1) - timedelta(days=1)
    return jour.year, jour.month


def verifier_annee_verrouillable(annee: int) -> None:
    """A year is locked once its twelve months are extracted (also checked by the admin form)."""
    manquants = set(range(1, 13)) - set(Extraction.objects.filter(annee=annee).values_list("mois", flat=True))
    if manquants:
        liste = ", ".join(f"{annee}-{m:02d}" for m in sorted(manquants))
        raise RegleMetierError(
            f"Extractions manquantes avant de verrouiller {annee} : {liste}.", champ="annee"
        )


@transaction.atomic
def annee_verrouiller(*, annee: int, par: User | None) -> AnneeVerrouillee:
    """Lock a reported year: its twelve monthly extractions must exist, and no longer change."""
    # Wait for any extraction of the year in progress (it holds its month's row).
    list(Extraction.objects.select_for_update().filter(annee=annee).values_list("pk", flat=True))
    verifier_annee_verrouillable(annee)
    verrou, _ = AnneeVerrouillee.objects.get_or_create(annee=annee, defaults={"par": par})
    return verrou
