"""The catalogue's data migration goes both ways (its two functions, on the migrated schema)."""

import importlib

import pytest
from django.apps import apps

from accompagnements.models import TypeDroit
from tests.accompagnements.factories import DroitFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accompagnements.migrations.0002_charger_le_catalogue_des_droits")


def test_la_migration_du_catalogue_est_reversible_et_rejouable():
    DroitFactory(code_type="rsa")
    TypeDroit.objects.create(code="ajoute_par_un_administrateur", libelle="Ajouté en administration")

    migration.decharger(apps, None)
    # A type in use and a type added by an administrator are kept.
    assert set(TypeDroit.objects.values_list("code", flat=True)) == {"rsa", "ajoute_par_un_administrateur"}

    migration.charger(apps, None)
    migration.charger(apps, None)
    assert TypeDroit.objects.filter(code="prime_activite").count() == 1
    assert TypeDroit.objects.count() == 24  # 23 in the catalogue, one added by an administrator
