from datetime import date, timedelta

from config.dispositifs import ObjetRappele, Rappel, RegleRappel, SansRappel, TypeRappel
from tests.dispositif_essai.models import Visite

VISITE_A_RELIRE = TypeRappel("essai_visite_a_relire", "Visite d'essai à relire")
OBJET_VISITE = ObjetRappele("essai_visite", "Visite d'essai", "essai-visite-detail")


def _visites_a_relire(jour: date, sans_rappel: SansRappel):
    """Une visite de plus de 30 jours : un rappel à son référent, une fois."""
    return Visite.objects.filter(
        sans_rappel(VISITE_A_RELIRE.code, OBJET_VISITE.code, "referent_id"),
        date__lt=jour - timedelta(days=30),
    ).values_list("pk", "referent_id")


def _rappels(jour: date, lignes: list[tuple]) -> list[Rappel]:
    return [
        Rappel(
            type=VISITE_A_RELIRE.code,
            objet_type=OBJET_VISITE.code,
            objet_id=pk,
            destinataire_id=referent_id,
            titre="Visite à relire",
            message=f"La visite n°{pk} a plus de 30 jours.",
        )
        for pk, referent_id in lignes
    ]


VISITE_A_RELIRE_REGLE = RegleRappel("visite_a_relire", _visites_a_relire, _rappels)
