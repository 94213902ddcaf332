"""One place where every error becomes an HTTP answer, in French, in one shape.

Every error body is a JSON object with:
- `detail`: one French sentence a person can read (for a 400, the first field at fault and why);
- `code`: a machine-readable code (`invalide`, `introuvable`, `interdit`, `conflit`…);
- for a 400 on input, one key per field at fault with the list of its messages (DRF's convention,
  kept for the integrators who read it): `{"detail": …, "code": "invalide", "nom": ["…"]}`.
The shared OpenAPI component `Erreur` describes it (config/api/schema.py); a test checks that no
input field is named `detail` or `code`.
"""

import logging

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError, IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config import dispositifs as registre
from config.api.fields import INTROUVABLE
from config.errors import (
    AccesRefuse,
    Conflit,
    ConflitDeVersion,
    DoublonPossible,
    Introuvable,
    RegleMetierError,
    VersionRequise,
)

logger = logging.getLogger(__name__)

CODES = {
    400: "invalide",
    401: "non_authentifie",
    403: "interdit",
    404: "introuvable",
    405: "methode_non_permise",
    406: "non_acceptable",
    409: "conflit",
    412: "version_perimee",
    413: "trop_volumineux",
    415: "type_non_supporte",
    428: "version_requise",
    429: "trop_de_requetes",
    503: "indisponible",
}
INVALIDE = "La requête contient des erreurs."
INDISPONIBLE = (
    "Le service est momentanément indisponible : rien n'a été enregistré. Réessayez dans un instant."
)


def _messages_des_contraintes() -> dict[str, str]:
    """The French message of each named constraint: the models' own (`violation_error_message`), and
    those a dispositif declares for constraints its migrations create in SQL (an exclusion
    constraint, say: `config.dispositifs.Dispositif.messages_des_contraintes`)."""
    messages = {
        contrainte.name: contrainte.violation_error_message
        for modele in apps.get_models()
        for contrainte in modele._meta.constraints
        if contrainte.violation_error_message
    }
    for dispositif in registre.dispositifs():
        messages.update(dispositif.messages_des_contraintes)
    return messages


def message_d_integrite(exc: IntegrityError) -> str:
    """The French message of the constraint `exc` violates, when the database names it."""
    diagnostic = getattr(exc.__cause__, "diag", None)
    nom = getattr(diagnostic, "constraint_name", None)
    return _messages_des_contraintes().get(nom, "L'opération entre en conflit avec des données existantes.")


def _messages(valeur, prefixe: str = "") -> list[str]:
    """Every message of a (possibly nested) DRF error, as flat French sentences."""
    if isinstance(valeur, dict):
        return [m for cle, v in valeur.items() for m in _messages(v, f"{prefixe}{_element(cle)} : ")]
    if isinstance(valeur, list | tuple):
        if all(isinstance(v, str) for v in valeur):
            return [f"{prefixe}{v}" for v in valeur]
        return [m for i, v in enumerate(valeur) for m in _messages(v, f"{prefixe}élément {i} : ") if v]
    return [f"{prefixe}{valeur}"]


def _element(cle) -> str:
    return f"élément {cle}" if str(cle).isdigit() else str(cle)


def corps_erreur(
    statut: int, detail: str, champs: dict[str, list[str]] | None = None, code: str = ""
) -> dict:
    corps = {"detail": detail, "code": code or CODES.get(statut, "erreur")}
    corps.update(champs or {})
    return corps


def _invalide(erreurs) -> dict:
    """A 400 body from DRF's or Django's validation errors (a dict, a list or a sentence)."""
    if isinstance(erreurs, dict):
        champs = {}
        generales = []
        for cle, valeur in erreurs.items():
            if cle in ("non_field_errors", "__all__"):
                generales += _messages(valeur)
            else:
                champs[cle] = _messages(valeur)
        if generales:
            detail = " ".join(generales)
        elif champs:
            premier = next(iter(champs))
            detail = f"{premier} : {champs[premier][0]}"
        else:
            detail = INVALIDE
        return corps_erreur(400, detail, champs)
    return corps_erreur(400, " ".join(_messages(erreurs)) or INVALIDE)


def exception_handler(exc, context):
    if isinstance(exc, Introuvable | Http404):
        return Response(corps_erreur(404, INTROUVABLE), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DoublonPossible):
        corps = corps_erreur(
            409,
            exc.message,
            {
                "confirmer_doublon": [
                    "Renvoyez la demande avec « confirmer_doublon »: true pour créer la fiche."
                ]
            },
        )
        corps["candidats"] = [
            {
                "id": u.pk,
                "nom": u.nom,
                "prenom": u.prenom,
                "date_naissance": u.date_naissance.isoformat(),
                "commune": u.commune_id,
                "commune_nom": u.commune.nom,
            }
            for u in exc.candidats
        ]
        return Response(corps, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Conflit):
        champs = {exc.champ: [exc.message]} if exc.champ else None
        return Response(corps_erreur(409, exc.message, champs), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ConflitDeVersion):
        return Response(corps_erreur(412, exc.message), status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, VersionRequise):
        return Response(corps_erreur(428, exc.message), status=status.HTTP_428_PRECONDITION_REQUIRED)
    if isinstance(exc, RegleMetierError):
        champs = {exc.champ: [exc.message]} if exc.champ else None
        return Response(corps_erreur(400, exc.message, champs), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, AccesRefuse):
        champs = {exc.champ: [exc.message]} if exc.champ else None
        return Response(corps_erreur(403, exc.message, champs), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DjangoValidationError):
        erreurs = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return Response(_invalide(erreurs), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProtectedError | RestrictedError):
        detail = "Suppression impossible : des dossiers rattachés doivent être conservés."
        return Response(corps_erreur(409, detail), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        logger.warning("Conflit d'intégrité : %s", exc)
        return Response(corps_erreur(409, message_d_integrite(exc)), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DataError):
        # A value the database cannot hold (out of range, NUL byte…) that a serializer let through.
        logger.warning("Valeur refusée par la base : %s", exc)
        detail = "Une valeur de la requête ne peut pas être enregistrée telle quelle."
        return Response(corps_erreur(400, detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OperationalError | InterfaceError) or type(exc) is DatabaseError:
        # The connection dropped, the server restarts, a statement ran past statement_timeout: the
        # transaction is rolled back, nothing half-written; the client may retry.
        logger.error("Base de données indisponible : %s", exc)
        return Response(
            corps_erreur(503, INDISPONIBLE),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "30"},
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.Throttled):
        attente = f" Réessayez dans {int(exc.wait) + 1} secondes." if exc.wait is not None else ""
        exc.detail = f"Trop de tentatives.{attente}"
    if isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith("JSON parse error"):
        exc.detail = "Le corps de la requête n'est pas un JSON valide."
    reponse = drf_exception_handler(exc, context)
    if reponse is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        reponse.data = _invalide(exc.detail)
    else:
        reponse.data = corps_erreur(reponse.status_code, " ".join(_messages(exc.detail)))
    return reponse
