"""The OpenAPI schema says every answer the API may give, errors included, so that a client (and
schemathesis, in CI) can rely on it: the error bodies are the shapes of config/api/exceptions.py,
`{"detail": "…"}` or `{"<champ>": ["…"]}`."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

ERREUR = {
    "type": "object",
    "description": "`detail` : le message ; ou, pour une saisie refusée, un message par champ en faute.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}

ERREURS_COMMUNES = {
    "400": "Requête refusée : un paramètre ou un champ est invalide (nommé dans la réponse).",
    "401": "Non authentifié, ou jeton expiré ou révoqué.",
    "403": "Authentifié, mais cette action n'est pas permise à ce compte.",
    "404": "Introuvable (ou hors des habilitations du compte : la même réponse).",
    "413": "Requête trop volumineuse.",
    "503": "Service momentanément indisponible (base de données) : rien n'a été enregistré.",
}
ERREURS_D_ECRITURE = {
    "409": "L'opération entre en conflit avec des données existantes.",
    "415": "Type de contenu non pris en charge (JSON attendu).",
}
ERREURS_DE_VERSION = {
    "412": "Le dossier a changé depuis sa lecture (If-Match ou version périmés) : rien n'a été écrit.",
    "428": "La version modifiée n'est pas indiquée (If-Match ou champ « version »).",
}


class SchemaAvecErreurs(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        reponses = super()._get_response_bodies(direction)
        erreurs = dict(ERREURS_COMMUNES)
        if self.method in ("POST", "PATCH", "PUT", "DELETE"):
            erreurs.update(ERREURS_D_ECRITURE)
        if self.method in ("PATCH", "PUT") or (self.method in ("POST", "DELETE") and "{" in self.path):
            erreurs.update(ERREURS_DE_VERSION)
        if getattr(self.view, "throttle_scope", None):
            erreurs["429"] = "Trop de requêtes : réessayez plus tard."
        for code, description in erreurs.items():
            reponses.setdefault(
                code, {"description": description, "content": {"application/json": {"schema": ERREUR}}}
            )
        return reponses

    def get_override_parameters(self):
        parametres = list(super().get_override_parameters())
        from config.api.viewsets import VersionMixin

        if isinstance(self.view, VersionMixin) and self.method in ("PATCH", "PUT"):
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
