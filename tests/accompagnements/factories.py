import datetime

import factory
from django.utils import timezone

from accompagnements.models import (
    Accompagnement,
    Contact,
    Demarche,
    Droit,
    ModeContact,
    StatutDroit,
    TypeDemarche,
    TypeDroit,
)
from tests.comptes.factories import UserFactory
from tests.usagers.factories import UsagerFactory

HIER = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))


class AccompagnementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accompagnement

    usager = factory.SubFactory(UsagerFactory)
    referent = factory.SubFactory(UserFactory)
    date_debut = datetime.date(2024, 1, 2)
    cree_par = factory.SelfAttribute("referent")


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact counted in the usager's commune of today unless `commune` is given."""

    class Meta:
        model = Contact

    accompagnement = factory.SubFactory(AccompagnementFactory)
    commune = factory.LazyAttribute(lambda o: o.accompagnement.usager.commune)
    date = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    mode = ModeContact.TELEPHONE
    duree_minutes = 30
    cree_par = factory.SelfAttribute("accompagnement.referent")


class DemarcheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demarche

    accompagnement = factory.SubFactory(AccompagnementFactory)
    type = TypeDemarche.CAF
    date = HIER
    cree_par = factory.SelfAttribute("accompagnement.referent")


class DroitFactory(factory.django.DjangoModelFactory):
    """A right built directly (no journal): for counting and listing tests. `code_type` picks the type."""

    class Meta:
        model = Droit

    usager = factory.SubFactory(UsagerFactory)
    type = factory.LazyAttribute(lambda o: TypeDroit.objects.get(code=o.code_type))
    commune = factory.LazyAttribute(lambda o: o.usager.commune)
    statut = StatutDroit.IDENTIFIE
    date_identification = datetime.date(2024, 1, 2)
    cree_par = factory.SubFactory(UserFactory)

    class Params:
        code_type = "rsa"
        demande = factory.Trait(statut=StatutDroit.DEMANDE, date_demande=datetime.date(2024, 1, 3))
        ouvert = factory.Trait(
            statut=StatutDroit.OUVERT,
            date_demande=datetime.date(2024, 1, 3),
            date_ouverture=datetime.date(2024, 2, 1),
        )
