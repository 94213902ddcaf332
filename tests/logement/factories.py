"""Measures and situations are made through the services, as the API makes them (calendar, rules)."""

import datetime

import factory
from dateutil.relativedelta import relativedelta

from config.periodes import aujourdhui
from logement.models import CapaciteACOR, MesureASLL, SituationACOR, TypeMesure
from logement.services import mesure_creer, situation_acor_orienter
from logement.validators import Difficulte, Objectif
from tests.comptes.factories import agent
from tests.usagers.factories import UsagerFactory


class MesureASLLFactory(factory.django.DjangoModelFactory):
    """`MesureASLLFactory(date_debut=…, duree_mois=…)`: created by `mesure_creer`, checkpoints included."""

    class Meta:
        model = MesureASLL

    usager = factory.SubFactory(UsagerFactory)
    referent = factory.LazyAttribute(lambda o: agent("asll", o.usager.commune_id))
    type = TypeMesure.ACCES
    date_debut = factory.LazyFunction(lambda: aujourdhui() - relativedelta(months=1))
    duree_mois = 6
    objectifs = factory.LazyFunction(lambda: [Objectif.BUDGET, Objectif.DROITS])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return mesure_creer(par=kwargs["referent"], **kwargs)


class SituationACORFactory(factory.django.DjangoModelFactory):
    """A referral waiting for a place (`situation_acor_orienter`)."""

    class Meta:
        model = SituationACOR

    usager = factory.SubFactory(UsagerFactory)
    cree_par = factory.LazyAttribute(lambda o: agent("acor", o.usager.commune_id))
    date_orientation = factory.LazyFunction(lambda: aujourdhui() - datetime.timedelta(days=30))
    difficultes = factory.LazyFunction(lambda: [Difficulte.SOCIALE, Difficulte.ISOLEMENT])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return situation_acor_orienter(par=kwargs.pop("cree_par"), **kwargs)


class CapaciteACORFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapaciteACOR

    date_debut = factory.LazyFunction(lambda: aujourdhui() - relativedelta(years=1))
    date_fin = factory.LazyFunction(lambda: aujourdhui() + relativedelta(years=1))
    places = 10
