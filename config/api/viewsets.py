"""The one shape of a dispositif's API (docs/ARCHITECTURE.md, « how a dispositif exposes itself »).

- `GET` list and detail, from `Model.objects.visibles_par(user)` (a record outside the caller's
  grants is a 404);
- `POST` creates, `PATCH` changes what describes a record; each calls one service;
- a lifecycle transition is `POST /{id}/<verbe>/`, declared with `transition(...)`, one service each
  (`cloturer` is the one closing verb);
- the view parses the input with a serializer, calls the service with `par=request.user`, and
  answers the record re-read through the list queryset (so its annotations are always there).
"""

import copy
import re
from collections.abc import Callable

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from config.api.serializers import ListeRapide
from config.errors import ConflitDeVersion, VersionRequise
from config.models import Versioned
from config.signaux import dossiers_consultes, page_a_lire

_ETIQUETTE = re.compile(r'\s*"([0-9]{1,10})"\s*', re.ASCII)


def versions_de_if_match(entete: str) -> set[int] | str:
    """The versions named by an `If-Match` header: `"7"` → {7}, `"6", "7"` → {6, 7}, `*` → "*"
    (any version: the caller overwrites knowingly). A weak (`W/"7"`) or malformed tag names no
    version: it never matches, as RFC 9110 says of the strong comparison If-Match uses."""
    if entete.strip() == "*":
        return "*"
    return {int(t.group(1)) for t in map(_ETIQUETTE.fullmatch, entete.split(",")) if t}


class VersionMixin:
    """No lost update (docs/SECURITY.md): a record that is a `config.models.Versioned` answers its
    `version` in the body and as a strong `ETag` (`"7"`); a `PATCH`/`PUT` must say which version it
    changes (`If-Match: "7"`, or `"version": 7` in the body), else 428; a stale one is a 412 and
    nothing is written. The check runs under `SELECT … FOR UPDATE` in the request's transaction,
    held until the service has saved, so two writers from the same version cannot both pass. A
    transition or a deletion honours `If-Match` when given, without requiring it (the service locks
    the row and checks the state it moves from)."""

    versions_exigees_pour = ("PATCH", "PUT")
    versions_verifiees_pour = ("PATCH", "PUT", "POST", "DELETE")

    def dispatch(self, request, *args, **kwargs):
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", "pk")
        if request.method not in self.versions_verifiees_pour or lookup not in kwargs:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)  # a refused write leaves nothing behind
            return response

    def version_attendue(self) -> set[int] | str | None:
        entete = self.request.headers.get("If-Match")
        if entete is not None:
            return versions_de_if_match(entete)
        donnees = self.request.data
        if isinstance(donnees, dict) and "version" in donnees:
            version = donnees["version"]
            if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version < 2**31:
                raise exceptions.ValidationError({"version": ["La version est un entier positif."]})
            return {version}
        return None

    def get_object(self):
        instance = super().get_object()
        methode = self.request.method
        if isinstance(instance, Versioned) and methode in self.versions_verifiees_pour:
            attendue = self.version_attendue()
            if attendue is None and methode in self.versions_exigees_pour:
                raise VersionRequise()
            if attendue is not None:
                actuelle = (
                    type(instance)
                    ._base_manager.select_for_update()
                    .values_list("version", flat=True)
                    .get(pk=instance.pk)
                )
                if attendue != "*" and actuelle not in attendue:
                    raise ConflitDeVersion()
        return instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        donnees = getattr(response, "data", None)
        if (
            response.status_code in (200, 201)
            and isinstance(donnees, dict)
            and isinstance(donnees.get("version"), int)
            and "results" not in donnees
        ):
            response["ETag"] = f'"{donnees["version"]}"'
        return response


class ListeRapideMixin:
    """A list's page is rendered by `config.api.serializers.ListeRapide` (fields resolved once per
    page, not per row; docs/PERFORMANCE.md, figure 2)."""

    def get_serializer(self, *args, **kwargs):
        if not kwargs.pop("many", False):
            return super().get_serializer(*args, **kwargs)
        kwargs.setdefault("context", self.get_serializer_context())
        enfant = self.get_serializer_class()(context=kwargs["context"])
        return ListeRapide(*args, child=enfant, **kwargs)


_LECTURES = {"retrieve": "lu", "list": "liste"}


class AccessSignalMixin:
    """Every read of files through the view is told (`config.signaux.dossiers_consultes`, the access
    journal listens): a list, the records of the page shown (`liste`); any other read, the record
    read (`lu`) — only when the answer is a success. Writes are journaled by the model layer
    (`journal.services.ecriture_consignee`), not here; a write runs in one transaction with them."""

    _records_read: list | None = None

    def dispatch(self, request, *args, **kwargs):
        self._records_read = None
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._records_read = list(page)
        return page

    def get_object(self):
        objet = super().get_object()
        self._records_read = [copy.copy(objet)]
        return objet

    def ecritures_de_page(self, queryset) -> list:
        """What is written in the statement reading a list's page (`config.signaux.page_a_lire`: the
        journal's entries of the rows shown, then not written again when the signal below is sent)."""
        if self.request.method not in ("GET", "HEAD"):
            return []
        reponses = page_a_lire.send(
            sender="api",
            par=self.request.user,
            action=_LECTURES.get(self.action, "lu"),
            modele=queryset.model,
            base=queryset.db,
        )
        return [reponse for _, reponse in reponses if reponse is not None]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if 200 <= response.status_code < 300 and self._records_read and request.method in ("GET", "HEAD"):
            dossiers_consultes.send(
                sender="api",
                par=request.user,
                action=_LECTURES.get(self.action, "lu"),
                objets=self._records_read,
            )
        return response


class DossierViewSet(
    ListeRapideMixin,
    AccessSignalMixin,
    VersionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    actions_encadrant: tuple[str, ...] = ()  # writes a supervisor may make (their own decisions)
    # The input of `POST` on the list: OPTIONS describes it (not the output serializer).
    serializer_creation: type[Serializer] | None = None

    def get_serializer_class(self):
        # DRF's metadata asks the view for a serializer under a cloned POST request: describe the
        # input of the POST this route answers (the creation on the list, a transition's `entree`).
        if self.action == "metadata" and self.request.method == "POST":
            cible = self.action_map.get("post")
            entree = (
                self.serializer_creation
                if cible == "create"
                else getattr(getattr(self, cible, None), "serializer_entree", None)
            )
            if entree is not None:
                return entree
        return super().get_serializer_class()

    def parse_input(self, serializer_class: type[Serializer], instance=None) -> dict:
        """The request body parsed by `serializer_class` (with `instance`, a partial update)."""
        serializer = serializer_class(
            instance,
            data=self.request.data,
            partial=instance is not None,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, instance, code: int = status.HTTP_200_OK) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
        self._records_read = [instance]
        return Response(self.get_serializer(instance).data, status=code)


def transition(
    verbe: str,
    *,
    service: Callable,
    entree: type[Serializer],
    objet: str,
    sortie: type[Serializer] | None = None,
    url_path: str | None = None,
    description: str = "",
):
    """A lifecycle action `POST /{id}/<url_path or verbe>/`: parse `entree`, call
    `service(<objet>=record, par=user, **input)`, answer the record (`sortie`, the viewset's
    serializer by default)."""

    def vue(self, request, pk=None):
        instance = service(**{objet: self.get_object()}, par=request.user, **self.parse_input(entree))
        return self.respond(instance)

    vue.__name__ = verbe
    vue.__doc__ = description or service.__doc__
    vue.serializer_entree = entree  # what OPTIONS describes for this POST
    schema = {"request": entree, "responses": sortie} if sortie else {"request": entree}
    # `action` replaces the function's `kwargs`, where drf-spectacular keeps its annotation:
    # the schema is declared after it, as `@extend_schema` stacked above `@action` would be.
    vue = action(detail=True, methods=["post"], url_path=url_path or verbe)(vue)
    return extend_schema(**schema)(vue)
