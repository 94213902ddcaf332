"""The OpenAPI schema says what the server does: every operation documents the errors it can
answer, all in the one shape of `config/api/exceptions.py` (component `Erreur`).

A schema is built per request of `/api/v1/schema/` and its post-processing hooks rewrite what they
are given in place (`postprocess_schema_enums` replaces an inline enum by a reference to its
component): every component handed to a generation is a fresh copy, never a module's constant, or
the second generation would refer to an enum (`CodeEnum`) it no longer creates."""

import copy

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import AllowAny

from config.api.exceptions import CODES
from config.api.viewsets import VersionMixin

ERREUR = {
    "type": "object",
    "description": (
        "Toute réponse d'erreur : `detail` (une phrase en français), `code` (stable, pour les "
        "programmes) et, pour une saisie refusée (400), une clé par champ en erreur avec ses messages."
    ),
    "properties": {
        "detail": {"type": "string", "description": "Ce qui ne va pas, en français."},
        "code": {"type": "string", "enum": sorted(set(CODES.values()) | {"erreur"})},
        "candidats": {
            "type": "array",
            "description": "Sur le 409 d'un doublon probable : les personnes déjà enregistrées visibles.",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "nom": {"type": "string"},
                    "prenom": {"type": "string"},
                    "date_naissance": {"type": "string", "format": "date"},
                    "commune": {"type": "string"},
                    "commune_nom": {"type": "string"},
                },
                "required": ["id", "nom", "prenom", "date_naissance", "commune", "commune_nom"],
            },
        },
    },
    "required": ["detail", "code"],
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

LIBELLES = {
    400: "Requête invalide (paramètre ou champ nommé dans la réponse).",
    401: "Non authentifié.",
    403: "Action non permise pour ce compte.",
    404: "Introuvable (n'existe pas ou hors de vos habilitations).",
    409: "Conflit avec des données existantes.",
    412: "Le dossier a changé depuis sa lecture (If-Match ou version périmés) : rien n'a été écrit.",
    413: "Corps de requête trop volumineux.",
    415: "Type de contenu non pris en charge (JSON attendu).",
    428: "La version modifiée n'est pas indiquée (en-tête If-Match ou champ « version »).",
    429: "Trop de requêtes : réessayez plus tard.",
    503: "Service momentanément indisponible (base de données) : rien n'a été enregistré.",
}


class SchemaPacte(AutoSchema):
    def _erreur(self) -> dict:
        composant = ResolvedComponent(
            name="Erreur", type=ResolvedComponent.SCHEMA, object="Erreur", schema=copy.deepcopy(ERREUR)
        )
        self.registry.register_on_missing(composant)
        return composant.ref

    def _statuts_d_erreur(self) -> list[int]:
        statuts = {400}
        publique = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not publique:
            statuts |= {401, 403}
        if "{" in self.path or self._is_list_view():
            statuts.add(404)  # a record out of reach, or a page past the end
        if self.method in ("POST", "PUT", "PATCH"):
            statuts |= {409, 413, 415}
        if self.method == "DELETE":
            statuts.add(409)
        if getattr(self.view, "throttle_classes", None):
            statuts.add(429)
        if self._versionne():
            if self.method in ("PATCH", "PUT"):
                statuts |= {412, 428}
            elif self.method in ("POST", "DELETE") and "{" in self.path:
                statuts.add(412)  # a transition or a deletion honours If-Match when given
        statuts.add(503)
        return sorted(statuts)

    def _versionne(self) -> bool:
        return isinstance(self.view, VersionMixin)

    def get_override_parameters(self):
        parametres = list(super().get_override_parameters())
        if self._versionne() and self.method in ("PATCH", "PUT"):
            parametres.append(
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description='L\'ETag lu (`"7"`) : la modification est refusée (412) si le dossier a '
                    "changé depuis. À défaut, le champ « version » du corps ; sans l'un ni l'autre, 428.",
                )
            )
        return parametres

    def _get_response_bodies(self, direction="response"):
        reponses = super()._get_response_bodies(direction)
        if direction != "response":
            return reponses
        for statut in self._statuts_d_erreur():
            reponses.setdefault(
                str(statut),
                {
                    "description": LIBELLES[statut],
                    "content": {"application/json": {"schema": self._erreur()}},
                },
            )
        return reponses


def sans_titre_dans_les_parametres(result, generator, request, public):
    """Query parameters carry a description, not a `title`: client generators name inline enums
    after the title, and a French label (« Décision ») made a module name with an accent."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parametre in operation.get("parameters", []) if isinstance(operation, dict) else []:
                parametre.get("schema", {}).pop("title", None)
    return result
