"""The author and request of every history row: pghistory's context, on PostgreSQL only (its SQL
injection of `set_config` has no meaning on SQLite, where no history trigger exists)."""

from django.db import connection
from pghistory.middleware import HistoryMiddleware


class HistoriqueMiddleware(HistoryMiddleware):
    def get_context(self, request):
        contexte = super().get_context(request)
        contexte["requete"] = getattr(request, "id_requete", "")
        return contexte

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        return super().__call__(request)
