"""The scan costs a fixed number of SQL queries whatever the number of measures."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.echeances import regles
from notifications.models import Notification
from notifications.services import rappels_creer
from tests.emas.factories import membre, suivi
from tests.logement.factories import SituationACORFactory
from tests.notifications.factories import encadrant, mesure, referent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def requetes_du_scan(nombre: int) -> int:
    travailleurs = [referent(DIJON), referent(CHENOVE)]
    equipe = membre(DIJON, CHENOVE)
    for i in range(nombre):
        commune = [DIJON, CHENOVE][i % 2]
        mesure(D(2026, 1, 10), par=travailleurs[i % 2], commune=commune)  # late, escalated
        mesure(D(2026, 1, 31), duree_mois=2, par=travailleurs[i % 2], commune=commune)  # ended, escalated
        SituationACORFactory(usager=UsagerFactory(code_commune=commune), date_orientation=D(2025, 12, 1))
        adulte = UsagerFactory(code_commune=commune, date_naissance=D(1970, 1, 1))
        suivi(equipe, adulte, date=D(2026, 1, 10))  # EMAS follow-up with no intervention since
    encadrant(DIJON)
    encadrant(CHENOVE, DIJON)
    with CaptureQueriesContext(connection) as requetes:
        rappels_creer(jour=D(2026, 4, 20))
    assert Notification.objects.count() > nombre * 5
    return len(requetes)


# One read per declared rule (the pacte's, whose kinds about the same records are read together — the
# checkpoints' three, the ended measures' two, the ACOR waiting list's two —, and those of a test-only
# dispositif); one more for the supervisors of each of the 3 escalating rules; two more for the EMAS
# rule (the follow-ups' team members, the team's grants); and one INSERT … ON CONFLICT DO NOTHING per
# rule with results (four here: checkpoints, measures, ACOR, EMAS), in its own transaction (a
# savepoint here: SAVEPOINT + RELEASE). Then PostgreSQL refreshes the table's statistics (one
# ANALYZE), where SQLite counts the rows before and after each insert (two queries a rule). The same
# whatever the number of records.
def requetes_attendues() -> int:
    return len(regles()) + 3 + 2 + 4 * 3 + (1 if connection.vendor == "postgresql" else 4 * 2)


# SQLite splits an INSERT beyond its 999 parameters (111 reminders): 8 measures stay below it;
# PostgreSQL, which has no such limit, is measured at 150.
@pytest.mark.parametrize("nombre", [1, 8])
def test_le_scan_coute_un_nombre_fixe_de_requetes(nombre):
    assert requetes_du_scan(nombre) == requetes_attendues()


@pytest.mark.postgres
@pytest.mark.parametrize("nombre", [1, 150])
def test_sur_postgresql_aussi_a_150_mesures(nombre):
    assert requetes_du_scan(nombre) == requetes_attendues()
