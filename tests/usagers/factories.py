import datetime

import factory

from communes.models import Commune
from usagers.models import Usager

DIJON = "21231"
CHENOVE = "21166"
LONGVIC = "21355"


class UsagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Usager

    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    date_naissance = factory.Faker(
        "date_between", start_date=datetime.date(1940, 1, 1), end_date=datetime.date(2005, 12, 31)
    )
    commune = factory.LazyAttribute(lambda o: Commune.objects.get(pk=o.code_commune))

    class Params:
        code_commune = DIJON
