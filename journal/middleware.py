"""Gives each request an id (the caller's `X-Request-ID` when it is sane, else a new one), written
with every journal entry of the request and returned in the response."""

import re

from journal.services import identifiant_requete, nouvel_identifiant

_SAIN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class IdentifiantRequeteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        propose = request.headers.get("X-Request-ID", "")
        request.id_requete = propose if _SAIN.match(propose) else nouvel_identifiant()
        jeton = identifiant_requete.set(request.id_requete)
        try:
            response = self.get_response(request)
        finally:
            identifiant_requete.reset(jeton)
        response["X-Request-ID"] = request.id_requete
        return response
