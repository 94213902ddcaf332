"""What the benchmarks share: Django set up on the test settings, a throw-away database, medians."""

import gc
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# What production runs: a compiled SELECT reused without the tests' check against a full compilation.
os.environ.setdefault("SQL_GABARITS_VERIFIES", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def mediane(fonction: Callable[[], object], repetitions: int) -> float:
    """Median wall time of `fonction` over `repetitions` runs, after one warm-up run. The garbage
    of what ran before is collected first (as `timeit` keeps it out): the 11 runs of an agent's list
    timed right after the administrator's 23-commune pages were 10 % slower than the same runs timed
    first — a collection of the previous series' objects, not the list's own cost."""
    return medianes_alternees({"": fonction}, repetitions)[""]


def medianes_alternees(fonctions: dict[str, Callable[[], object]], repetitions: int) -> dict[str, float]:
    """Median wall time of each of `fonctions`, timed in turns (one run of each per round, the order
    rotating from round to round) after one warm-up run each: a ratio of two of them then compares
    runs made under the same conditions. Timed one series after the other, an API's series and its
    floor's met different moments of a shared machine (an autovacuum of the journal, a checkpoint):
    two series of the same list by two agents, the same work, differed by half in one run. The
    garbage of what ran before is collected first (`mediane`)."""
    gc.collect()
    for fonction in fonctions.values():
        fonction()
    noms = list(fonctions)
    mesures: dict[str, list[float]] = {nom: [] for nom in noms}
    for tour in range(repetitions):
        for nom in noms[tour % len(noms) :] + noms[: tour % len(noms)]:
            debut = time.perf_counter()
            fonctions[nom]()
            mesures[nom].append(time.perf_counter() - debut)
    return {nom: statistics.median(valeurs) for nom, valeurs in mesures.items()}


@contextmanager
def base_jetable() -> Iterator[None]:
    """A migrated test database (test_<name>), destroyed on exit whatever happens."""
    setup_test_environment()
    ancien_nom = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(ancien_nom, verbosity=0)
        if connection.vendor == "postgresql":
            # Where figure 10 moved the database (bench/stockage.sh), once it is gone.
            with connection._nodb_cursor() as cursor:
                cursor.execute("DROP TABLESPACE IF EXISTS bench_stockage")


def analyser() -> None:
    """Refresh PostgreSQL's statistics after a bulk load, as autovacuum would in production."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
