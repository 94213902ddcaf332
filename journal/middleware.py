"""Gives each request an id (the caller's `X-Request-ID` when it is sane, else a new one), written
with every journal entry of the request and returned in the response; and makes the request the
author of the writes the model layer journals (`journal.services.requete_servie`)."""

import re

from journal.services import nouvel_identifiant, requete_servie

_SAIN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class IdentifiantRequeteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        propose = request.headers.get("X-Request-ID", "")
        request.id_requete = propose if _SAIN.match(propose) else nouvel_identifiant()
        with requete_servie(request):
            response = self.get_response(request)
        response["X-Request-ID"] = request.id_requete
        return response
