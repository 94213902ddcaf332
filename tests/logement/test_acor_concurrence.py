"""Two workers take on two situations at the same instant for the last ACOR place: exactly one wins
(made deterministic by `tests.concurrence.en_concurrence`)."""

import pytest

from config.errors import RegleMetierError
from config.periodes import aujourdhui
from logement.models import SituationACOR, StatutSituation
from logement.services import situation_acor_prendre_en_charge
from tests.comptes.factories import agent
from tests.concurrence import en_concurrence
from tests.logement.factories import CapaciteACORFactory, SituationACORFactory
from tests.usagers.factories import DIJON, UsagerFactory


@pytest.mark.postgres
# serialized_rollback: a transactional test flushes the tables; this restores the communes and roles
# loaded by the data migrations, for this test and the ones after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("deja_occupees", [0, 2])
def test_deux_demandes_simultanees_pour_la_derniere_place(deja_occupees):
    CapaciteACORFactory(places=deja_occupees + 1)
    par = agent("acor", DIJON)
    for _ in range(deja_occupees):
        situation_acor_prendre_en_charge(
            situation=SituationACORFactory(usager=UsagerFactory(code_commune=DIJON)),
            date_entree=aujourdhui(),
            par=par,
        )
    candidates = [SituationACORFactory(usager=UsagerFactory(code_commune=DIJON)) for _ in range(2)]

    def prendre_en_charge(situation):
        return lambda: situation_acor_prendre_en_charge(
            situation=situation, date_entree=aujourdhui(), par=par
        )

    # The first takes the last place inside a transaction held open until the second waits on the
    # capacity lock: the second then sees the place taken.
    premier, second = en_concurrence(*(prendre_en_charge(s) for s in candidates))

    assert isinstance(premier, SituationACOR), premier
    assert isinstance(second, RegleMetierError), second
    assert "places ACOR sont occupées" in second.message
    assert SituationACOR.objects.filter(statut=StatutSituation.EN_COURS).count() == deja_occupees + 1
    assert (
        SituationACOR.objects.filter(
            pk__in=[s.pk for s in candidates], statut=StatutSituation.EN_ATTENTE
        ).count()
        == 1
    )
