"""Reads from a PostgreSQL streaming replica (`DATABASE_REPLICA_URL`, docs/DEPLOIEMENT.md).

Only what is heavy and read-only goes there: the requests whose path starts with one of
`REPLICA_CHEMINS` (the indicators, their exports and the report, the dashboard), and code run
inside `lire_sur_la_replique()`. Everything else reads and writes the primary. Within such a
request a read goes back to the primary:
- once the request has written anything (the router was asked where to write): read-your-writes
  inside the request;
- inside a transaction on the primary (a service reads what it is about to change);
- when the replica has not yet replayed the caller's last write: every request that wrote records
  the primary's WAL position under its credential (token or session), and the replica is used for
  that caller only once `pg_last_wal_replay_lsn()` has passed it. Replica lag never hides a user's
  own write (tests/config/test_replique.py, against a real replica in CI).
"""

import contextvars
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

REPLICA = "replica"
# The caller's last write position is kept this long (seconds): far beyond any lag worth waiting for.
DUREE_DU_REPERE = 600


@dataclass
class _Requete:
    permise: bool
    cle: str = ""
    ecrit: bool = False
    a_jour: bool | None = None  # the replica has replayed the caller's last write (asked once)


_requete: contextvars.ContextVar[_Requete | None] = contextvars.ContextVar("replique_requete", default=None)


def replique_configuree() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def lire_sur_la_replique() -> Iterator[None]:
    """Reads inside the block may go to the replica (a task, a command): the same rules apply."""
    jeton = _requete.set(_Requete(permise=True))
    try:
        yield
    finally:
        _requete.reset(jeton)


def _cle_du_demandeur(request) -> str:
    """Who is asking, without a query: the credential the request carries (token or session)."""
    credit = request.META.get("HTTP_AUTHORIZATION") or request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    return hashlib.sha256(credit.encode()).hexdigest() if credit else ""


def _repere(cle: str) -> str:
    return f"replique:lsn:{cle}"


def _replique_a_jour(etat: _Requete) -> bool:
    if etat.a_jour is None:
        position = cache.get(_repere(etat.cle)) if etat.cle else None
        if position is None:
            etat.a_jour = True
        else:
            etat.a_jour = False  # meanwhile (and if the replica does not answer): the primary
            try:
                with connections[REPLICA].cursor() as curseur:
                    curseur.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
                    etat.a_jour = bool(curseur.fetchone()[0])
            except DatabaseError:
                etat.a_jour = False
    return etat.a_jour


class ReplicaRouter:
    """After `journal.routers.JournalRouter`: the journal keeps its own database."""

    def db_for_read(self, model, **hints):
        etat = _requete.get()
        if etat is None or not etat.permise or etat.ecrit or not replique_configuree():
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA if _replique_a_jour(etat) else None

    def db_for_write(self, model, **hints):
        etat = _requete.get()
        if etat is not None:
            etat.ecrit = True
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


class LectureSurReplicaMiddleware:
    """Marks the requests that may read from the replica (`REPLICA_CHEMINS`, GET and HEAD), and
    records the primary's WAL position after any request that wrote, for its caller."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replique_configuree():
            return self.get_response(request)
        permise = request.method in ("GET", "HEAD") and request.path.startswith(
            tuple(settings.REPLICA_CHEMINS)
        )
        etat = _Requete(permise=permise, cle=_cle_du_demandeur(request))
        jeton = _requete.set(etat)
        try:
            return self.get_response(request)
        finally:
            _requete.reset(jeton)
            if etat.ecrit and etat.cle:
                noter_l_ecriture(etat.cle)


def noter_l_ecriture(cle: str) -> None:
    with connections["default"].cursor() as curseur:
        curseur.execute("SELECT pg_current_wal_insert_lsn()::text")
        cache.set(_repere(cle), curseur.fetchone()[0], DUREE_DU_REPERE)
