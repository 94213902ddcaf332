"""Archived files (retention: `conservation`) are read-only and out of the everyday lists (included by
`DossierViewSet` and the usagers viewset, one line each). A detail stays readable by those who hold
the grant; an administrator finds an archived person through the right-of-access export."""

from config.errors import RegleMetierError
from usagers.models import Usager, chemin_vers_usager


class ArchivesVueMixin:
    def filter_queryset(self, queryset):
        # filter_queryset, not get_queryset: every dispositif's viewset defines its own get_queryset.
        queryset = super().filter_queryset(queryset)
        chemin = chemin_vers_usager(queryset.model)
        if self.action == "list" and chemin == "":
            queryset = queryset.filter(archive_le__isnull=True)
        elif self.action == "list" and chemin is not None:
            # `usager_id NOT IN (the few archived persons)`, read from a partial index: no join to
            # the persons, so a commune's list stays one index range (docs/PERFORMANCE.md, figure 1).
            archivees = Usager.objects.filter(archive_le__isnull=False).values("pk")
            queryset = queryset.exclude(**{f"{chemin}_id__in": archivees})
        return queryset

    def get_object(self):
        objet = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            chemin = chemin_vers_usager(type(objet))
            if chemin is not None:
                usager = objet
                for partie in [p for p in chemin.split("__") if p]:
                    usager = getattr(usager, partie)
                if usager.archive_le is not None:
                    raise RegleMetierError("Ce dossier est archivé : il ne peut plus être modifié.")
        return objet
