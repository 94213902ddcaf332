"""Django's PostgreSQL backend, its instants (`timestamptz`) read by psycopg's C loader.

Django registers a loader of its own for `timestamptz` (`psycopg_any.BaseTzLoader`: the instant in the
connection's time zone) that subclasses psycopg's pure-Python one: every instant read is parsed in
Python, about two thirds of the time a list's page spends reading its rows (two instants a row;
docs/PERFORMANCE.md, figure 2). The loader below gives the same values — the instant parsed by the C
loader psycopg registers when `psycopg[binary]` (or `psycopg[c]`) is installed, then given the
connection's time zone exactly as Django's does — and carries Django's `timezone` attribute, so that
Django's check at each cursor (`DatabaseWrapper.create_cursor`) keeps it. Without a C loader,
Django's own stays."""

from django.db.backends.postgresql import base
from psycopg import adapters, postgres
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader

_TIMESTAMPTZ = postgres.types["timestamptz"].oid
_CHARGEUR_C = adapters.get_loader(_TIMESTAMPTZ, Format.TEXT)


def lecteur_d_instants(fuseau) -> type | None:
    """The loader of `timestamptz` for a connection in `fuseau` (None: no C loader available)."""
    if _CHARGEUR_C is None or _CHARGEUR_C is TimestamptzLoader:
        return None

    class LecteurDInstants:
        timezone = fuseau  # what Django's create_cursor compares
        format = Format.TEXT

        def __init__(self, oid, context=None):
            self._charger = _CHARGEUR_C(oid, context).load

        def load(self, data):
            # As Django's BaseTzLoader: the session's time zone is the connection's (Django sets it).
            # The C loader already answers in it when it is UTC (Django's default): no copy then.
            instant = self._charger(data)
            return instant if instant.tzinfo is fuseau else instant.replace(tzinfo=fuseau)

    return LecteurDInstants


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connexion = super().get_new_connection(conn_params)
        lecteur = lecteur_d_instants(self.timezone)
        if lecteur is not None:
            connexion.adapters.register_loader(_TIMESTAMPTZ, lecteur)
        return connexion
