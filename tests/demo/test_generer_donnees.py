"""`generer_donnees`: deterministic for a seed, spread by population, a residence per usager."""

from collections import Counter

import pytest
from django.core.management import call_command

from accompagnements.models import Accompagnement, Contact, Droit
from communes.models import CommuneGroupObjectPermission, CommuneUserObjectPermission
from emas.models import Signalement
from logement.models import MesureASLL, PointEtape
from usagers.models import Residence, Usager

pytestmark = pytest.mark.django_db(transaction=False)


def _usagers(apres: int = 0) -> list[tuple]:
    return list(
        Usager.objects.filter(pk__gt=apres)
        .order_by("pk")
        .values_list("nom", "prenom", "date_naissance", "commune_id")
    )


def test_meme_graine_memes_donnees_et_repartition_realiste():
    call_command("generer_donnees", usagers=600, seed=7, contacts_par_suivi=2, verbosity=0)
    premiers = _usagers()
    dernier = Usager.objects.order_by("-pk").values_list("pk", flat=True)[0]
    contacts = Contact.objects.count()
    permissions = CommuneUserObjectPermission.objects.count() + CommuneGroupObjectPermission.objects.count()

    call_command("generer_donnees", usagers=600, seed=7, contacts_par_suivi=2, verbosity=0)

    assert _usagers(apres=dernier) == premiers  # the same rows, in the same order
    assert Contact.objects.count() == 2 * contacts
    # Accounts are reused: grants grow with communes × accounts, not with the data.
    assert (
        CommuneUserObjectPermission.objects.count() + CommuneGroupObjectPermission.objects.count()
        == permissions
    )
    par_commune = Counter(code for *_, code in premiers)
    assert 0.5 < par_commune["21231"] / len(premiers) < 0.72  # Dijon, about 60 %
    assert Residence.objects.filter(au__isnull=True, du__year=1900).count() == Usager.objects.count()
    assert 1.05 < Accompagnement.objects.count() / Usager.objects.count() < 1.15
    assert Droit.objects.exists() and MesureASLL.objects.count() == 2 * 120
    assert PointEtape.objects.filter(date_realisee__isnull=True, mesure__statut="en_cours").exists()
    assert set(Signalement.objects.values_list("commune__cls", flat=True)) == {True}
    # Fiches 1.1 and 1.5: most contacts name where the person was received, a CCAS or an antenna; the
    # referrals come from the partners fiche 2.3 lists, the Métropole's social service among them.
    lieux = Counter(Contact.objects.values_list("lieu_accueil__type", flat=True))
    assert lieux["ccas"] > 0 and lieux["service_social"] > 0 and lieux[None] < lieux["ccas"]
    assert len(set(Signalement.objects.values_list("origine", flat=True))) > 3


def test_autre_graine_autres_donnees():
    call_command("generer_donnees", usagers=50, seed=1, contacts_par_suivi=1, verbosity=0)
    premiers = _usagers()
    dernier = Usager.objects.order_by("-pk").values_list("pk", flat=True)[0]
    call_command("generer_donnees", usagers=50, seed=2, contacts_par_suivi=1, verbosity=0)
    assert _usagers(apres=dernier) != premiers
