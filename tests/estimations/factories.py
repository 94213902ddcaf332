import datetime
from decimal import Decimal

import factory

from estimations.models import Foyer, MembreFoyer, RoleMembre, SituationCouple, StatutOccupation
from tests.accompagnements.factories import AccompagnementFactory


class FoyerFactory(factory.django.DjangoModelFactory):
    """A single adult renting in the commune of the follow-up's person."""

    class Meta:
        model = Foyer
        skip_postgeneration_save = True

    accompagnement = factory.SubFactory(AccompagnementFactory)
    usager = factory.SelfAttribute("accompagnement.usager")
    valide_du = datetime.date(2026, 1, 5)
    situation_couple = SituationCouple.SEUL
    statut_occupation = StatutOccupation.LOCATAIRE_VIDE
    loyer = Decimal("450.00")
    commune = factory.SelfAttribute("accompagnement.usager.commune")
    cree_par = factory.SelfAttribute("accompagnement.referent")
    demandeur = factory.RelatedFactory(
        "tests.estimations.factories.MembreFoyerFactory", factory_related_name="foyer"
    )


class MembreFoyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembreFoyer

    role = RoleMembre.DEMANDEUR
    date_naissance = datetime.date(1990, 5, 1)
