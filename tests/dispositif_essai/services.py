from datetime import date

from django.db import transaction

from comptes.models import User
from config.errors import Introuvable
from tests.dispositif_essai.models import Visite
from tests.dispositif_essai.perms import ESSAI
from usagers.models import Usager, commune_a_la_date


@transaction.atomic
def visite_enregistrer(*, par: User, usager: Usager, date: date, note: str = "") -> Visite:
    """Record a visit by `par` to a person they see for the test dispositif."""
    if not Usager.objects.visibles_par(par, [ESSAI]).filter(pk=usager.pk).exists():
        raise Introuvable
    visite = Visite(
        usager=usager,
        referent=par,
        date=date,
        commune_id=commune_a_la_date(usager, date),
        note=note,
        cree_par=par,
    )
    visite.full_clean()
    visite.save()
    return visite


@transaction.atomic
def visite_modifier(*, visite: Visite, par: User, **changements) -> Visite:
    """Change what describes a visit (its note, its date) that `par` may see."""
    if not Visite.objects.visibles_par(par).filter(pk=visite.pk).exists():
        raise Introuvable
    visite = Visite.objects.select_for_update().get(pk=visite.pk)
    for champ, valeur in changements.items():
        setattr(visite, champ, valeur)
    visite.full_clean()
    visite.save()
    return visite
