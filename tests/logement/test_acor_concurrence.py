"""Two workers take on two situations at the same instant for the last ACOR place: exactly one wins."""

import threading

import pytest
from django.db import connection

from comptes.roles import Role
from config.errors import RegleMetierError
from logement.models import SituationACOR, StatutSituation, aujourdhui
from logement.services import situation_acor_prendre_en_charge
from tests.comptes.factories import agent
from tests.logement.factories import CapaciteACORFactory, SituationACORFactory
from tests.usagers.factories import DIJON, UsagerFactory


@pytest.mark.postgres
# serialized_rollback: a transactional test flushes the tables; this restores the communes and roles
# loaded by the data migrations, for this test and the ones after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("deja_occupees", [0, 2])
def test_deux_demandes_simultanees_pour_la_derniere_place(deja_occupees):
    CapaciteACORFactory(places=deja_occupees + 1)
    par = agent(Role.ACOR, DIJON)
    for _ in range(deja_occupees):
        situation_acor_prendre_en_charge(
            situation=SituationACORFactory(usager=UsagerFactory(code_commune=DIJON)),
            date_entree=aujourdhui(),
            par=par,
        )
    candidates = [SituationACORFactory(usager=UsagerFactory(code_commune=DIJON)) for _ in range(2)]
    depart = threading.Barrier(len(candidates))
    resultats: list[str] = []
    verrou = threading.Lock()

    def prendre_en_charge(situation):
        try:
            depart.wait(timeout=10)
            situation_acor_prendre_en_charge(situation=situation, date_entree=aujourdhui(), par=par)
            issue = "acceptee"
        except RegleMetierError as exc:
            issue = f"refusee : {exc.message}"
        finally:
            connection.close()  # each thread had its own connection
        with verrou:
            resultats.append(issue)

    fils = [threading.Thread(target=prendre_en_charge, args=(s,)) for s in candidates]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=30)

    assert sorted(r.split(" ")[0] for r in resultats) == ["acceptee", "refusee"], resultats
    assert any("places ACOR sont occupées" in r for r in resultats)
    assert SituationACOR.objects.filter(statut=StatutSituation.EN_COURS).count() == deja_occupees + 1
    assert (
        SituationACOR.objects.filter(
            pk__in=[s.pk for s in candidates], statut=StatutSituation.EN_ATTENTE
        ).count()
        == 1
    )
