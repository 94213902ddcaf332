"""The API's operations read from the URL configuration, for the tests that must cover every
endpoint (the supervisors' read-only rule, the access journal): a new endpoint is covered by them
without any test naming it."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

ECRITURES = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    methode: str  # "post", "patch"…
    nom: str  # the URL's name
    route: str  # the pattern, as the URL configuration writes it
    vue: type[APIView]
    action: str | None  # the viewset's action ("create", "cloturer"…), None for an APIView
    parametres: tuple[str, ...]  # the path's parameters

    def url(self, **valeurs) -> str:
        return reverse(self.nom, kwargs={p: valeurs.get(p, 1) for p in self.parametres})

    def __str__(self) -> str:
        return f"{self.methode.upper()} {self.route}"


def _parcourir(motifs, prefixe=""):
    for motif in motifs:
        if isinstance(motif, URLResolver):
            yield from _parcourir(motif.url_patterns, prefixe + str(motif.pattern))
        elif isinstance(motif, URLPattern):
            yield prefixe + str(motif.pattern), motif


def operations_de_l_api(methodes=ECRITURES) -> list[Operation]:
    """Every operation of a DRF view under /api/ whose method is in `methodes`."""
    operations = []
    for route, motif in _parcourir(get_resolver().url_patterns):
        vue = getattr(motif.callback, "cls", None)
        if not route.startswith("api/") or vue is None or not issubclass(vue, APIView):
            continue
        route = re.sub(r"(^|/)\^", r"\1", route).replace("$", "")
        actions = getattr(motif.callback, "actions", None)
        parametres = tuple(motif.pattern.regex.groupindex)
        for methode in methodes:
            if actions is not None:
                if methode in actions:
                    operations.append(
                        Operation(methode, motif.name, route, vue, actions[methode], parametres)
                    )
            elif hasattr(vue, methode) and methode in vue.http_method_names:
                operations.append(Operation(methode, motif.name, route, vue, None, parametres))
    return operations
