"""One place where domain and database errors become HTTP answers, in French, naming the field."""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError, IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.api.fields import INTROUVABLE
from config.errors import AccesRefuse, ConflitDeVersion, Introuvable, RegleMetierError, VersionRequise

logger = logging.getLogger(__name__)


INDISPONIBLE = (
    "Le service est momentanément indisponible : rien n'a été enregistré. Réessayez dans un instant."
)


# Constraints the database enforces beyond the models' own (their violation message is French
# already): a PostgreSQL exclusion constraint, created by a migration.
MESSAGES_DES_CONTRAINTES = {
    "capacite_acor_sans_chevauchement": "Cette période chevauche une autre capacité ACOR.",
}


def message_d_integrite(exc: IntegrityError) -> str:
    """The French message of the constraint `exc` violates, when the database names it."""
    diagnostic = getattr(exc.__cause__, "diag", None)
    nom = getattr(diagnostic, "constraint_name", None)
    return MESSAGES_DES_CONTRAINTES.get(nom, "L'opération entre en conflit avec des données existantes.")


def _body(message: str, champ: str | None) -> dict:
    return {champ: [message]} if champ else {"detail": message}


def exception_handler(exc, context):
    if isinstance(exc, Introuvable | Http404):
        return Response({"detail": INTROUVABLE}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, ConflitDeVersion):
        return Response({"detail": exc.message}, status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, VersionRequise):
        return Response({"detail": exc.message}, status=status.HTTP_428_PRECONDITION_REQUIRED)
    if isinstance(exc, RegleMetierError):
        return Response(_body(exc.message, exc.champ), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, AccesRefuse):
        body = _body(exc.message, exc.champ)
        body.setdefault("detail", exc.message)
        return Response(body, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}
            if "__all__" in body:
                body["non_field_errors"] = body.pop("__all__")
        else:
            body = {"non_field_errors": [str(m) for m in exc.messages]}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response(
            {"detail": "Suppression impossible : des dossiers rattachés doivent être conservés."},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        logger.warning("Conflit d'intégrité : %s", exc)
        return Response({"detail": message_d_integrite(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DataError):
        # A value the database cannot hold (out of range, NUL byte…) that a serializer let through.
        logger.warning("Valeur refusée par la base : %s", exc)
        return Response(
            {"detail": "Une valeur de la requête ne peut pas être enregistrée telle quelle."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, OperationalError | InterfaceError) or type(exc) is DatabaseError:
        # The connection dropped, the server restarts, a statement ran past statement_timeout: the
        # transaction is rolled back, nothing half-written; the client may retry.
        logger.error("Base de données indisponible : %s", exc)
        return Response(
            {"detail": INDISPONIBLE},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "30"},
        )
    return drf_exception_handler(exc, context)
