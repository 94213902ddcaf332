"""The data migration that starts the residence history (its function, on the migrated schema)."""

import datetime
import importlib

import pytest
from django.apps import apps

from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.models import Residence

pytestmark = pytest.mark.django_db

migration = importlib.import_module("usagers.migrations.0003_une_residence_par_usager_existant")


def test_une_residence_par_usager_sans_historique_et_rejouable():
    dijon, chenove = UsagerFactory(code_commune=DIJON), UsagerFactory(code_commune=CHENOVE)
    migration.creer_residences(apps, None)
    migration.creer_residences(apps, None)
    assert sorted(Residence.objects.values_list("usager_id", "commune_id", "du", "au")) == sorted(
        [
            (dijon.pk, DIJON, datetime.date(1900, 1, 1), None),
            (chenove.pk, CHENOVE, datetime.date(1900, 1, 1), None),
        ]
    )
