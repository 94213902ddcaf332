"""Archived files (retention: `conservation`) are read-only and out of the everyday lists. Both rules
are defaults of every API view (settings `DEFAULT_FILTER_BACKENDS`, `DEFAULT_PERMISSION_CLASSES`):
a new endpoint follows them without anyone remembering it. A detail stays readable by those who
hold the grant; an administrator finds an archived person through the right-of-access export."""

from functools import cache

from django.db.models.expressions import RawSQL
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import SAFE_METHODS, BasePermission

from config.errors import RegleMetierError
from usagers.models import Usager, chemin_vers_usager


class ExcludeArchived(BaseFilterBackend):
    """Une liste laisse de côté les personnes archivées et leurs dossiers."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        chemin = chemin_vers_usager(queryset.model)
        if chemin == "":
            return queryset.filter(archive_le__isnull=True)
        if chemin is not None:
            # `usager_id NOT IN (the few archived persons)`, read from a partial index: no join to
            # the persons, so a commune's list stays one index range (docs/PERFORMANCE.md, figure 1).
            return queryset.exclude(**{f"{chemin}_id__in": _personnes_archivees()})
        return queryset


def _personnes_archivees() -> RawSQL:
    """`SELECT id FROM <persons> WHERE archive_le IS NOT NULL`, written once from the model: the same
    subquery as the ORM's, without building and compiling a queryset at every list (figure 2)."""
    return RawSQL(*_sql_des_personnes_archivees(), output_field=Usager._meta.pk)


@cache
def _sql_des_personnes_archivees() -> tuple[str, tuple]:
    return Usager.objects.filter(archive_le__isnull=False).values("pk").query.sql_with_params()


class ArchivedReadOnly(BasePermission):
    """Le dossier d'une personne archivée ne se modifie plus."""

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        chemin = chemin_vers_usager(type(obj))
        if chemin is not None:
            usager = obj
            for partie in [p for p in chemin.split("__") if p]:
                usager = getattr(usager, partie)
            if usager.archive_le is not None:
                raise RegleMetierError("Ce dossier est archivé : il ne peut plus être modifié.")
        return True
