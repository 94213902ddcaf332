"""`1.1.droits_identifies` counts a right by its identification date, so in the commune where the
person lived that day — even when the right was opened after a move (then `1.1.droits_ouverts`
counts it where she lived at the opening)."""

import datetime

import pytest

from accompagnements.models import Droit, TypeDroit
from accompagnements.services import droit_enregistrer, droit_modifier
from estimations.indicateurs import DROITS_IDENTIFIES
from tests.accompagnements.test_commune_apres_correction import monde  # noqa: F401 — fixture
from tests.usagers.factories import CHENOVE, DIJON
from usagers.models import commune_a_la_date, commune_a_la_date_sql

pytestmark = pytest.mark.django_db


def test_identifie_a_chenove_ouvert_a_dijon(monde):  # noqa: F811
    a, personne = monde  # Chenôve, then Dijon from 1 July 2026
    droit = droit_enregistrer(
        usager=personne,
        type=TypeDroit.objects.get(code="rsa"),
        par=a,
        date_identification=datetime.date(2026, 6, 1),
    )
    droit_modifier(droit=droit, par=a, statut="demande", date_demande=datetime.date(2026, 6, 2))
    droit_modifier(droit=droit, par=a, statut="ouvert", date_ouverture=datetime.date(2026, 8, 1))

    lu = Droit.objects.annotate(c=commune_a_la_date_sql("usager", "date_identification")).get(pk=droit.pk)
    assert lu.commune_id == DIJON  # counted at the opening by 1.1.droits_ouverts
    assert lu.c == CHENOVE == commune_a_la_date(personne, datetime.date(2026, 6, 1))
    assert DROITS_IDENTIFIES.champ_commune == "commune_identification"
