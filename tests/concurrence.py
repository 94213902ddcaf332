"""Two writers at the same instant, made deterministic: the first runs inside a transaction held
open (its row locks held) until the second is seen waiting on a lock in PostgreSQL; only then does
the first commit. No hoping that two threads collide."""

import threading
import time
from collections.abc import Callable

from django.db import connection, transaction


def _attendre_un_verrou(delai: float = 15) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        with connection.cursor() as curseur:
            curseur.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if curseur.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("le second écrivain n'a jamais attendu de verrou")


def en_concurrence(premier: Callable[[], object], second: Callable[[], object]) -> list[object]:
    """Run `premier` in a transaction kept open until `second` (another thread, its own connection)
    waits for a lock it holds; then commit. Returns [result or exception of premier, of second]."""
    resultats: list[object] = [None, None]
    tient = threading.Event()
    relache = threading.Event()

    def executer(rang: int, fonction: Callable[[], object], retenir: bool) -> None:
        try:
            with transaction.atomic():
                resultats[rang] = fonction()
                if retenir:
                    tient.set()
                    relache.wait(timeout=30)
        except Exception as exc:  # noqa: BLE001 - the caller asserts on it
            resultats[rang] = exc
        finally:
            tient.set()
            connection.close()  # each thread had its own connection

    fil_1 = threading.Thread(target=executer, args=(0, premier, True))
    fil_1.start()
    tient.wait(timeout=30)
    fil_2 = threading.Thread(target=executer, args=(1, second, False))
    fil_2.start()
    try:
        _attendre_un_verrou()
    finally:
        relache.set()
        fil_1.join(timeout=30)
        fil_2.join(timeout=30)
    return resultats
