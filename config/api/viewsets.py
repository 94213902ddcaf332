"""The one shape of a dispositif's API (docs/ARCHITECTURE.md, « how a dispositif exposes itself »).

- `GET` list and detail, from `Model.objects.visibles_par(user)` (a record outside the caller's
  grants is a 404);
- `POST` creates, `PATCH` changes what describes a record; each calls one service;
- a lifecycle transition is `POST /{id}/<verbe>/`, declared with `transition(...)`, one service each
  (`cloturer` is the one closing verb);
- the view parses the input with a serializer, calls the service with `par=request.user`, and
  answers the record re-read through the list queryset (so its annotations are always there).
"""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from conservation.mixins import ConservationVueMixin
from journal.mixins import JournalisationVueMixin


class DossierViewSet(
    JournalisationVueMixin,
    ConservationVueMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
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

    def valider(self, serializer_class: type[Serializer], instance=None) -> dict:
        """The request body parsed by `serializer_class` (with `instance`, a partial update)."""
        serializer = serializer_class(
            instance,
            data=self.request.data,
            partial=instance is not None,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def rendre(self, instance, code: int = status.HTTP_200_OK) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
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
        instance = service(**{objet: self.get_object()}, par=request.user, **self.valider(entree))
        return self.rendre(instance)

    vue.__name__ = verbe
    vue.__doc__ = description or service.__doc__
    vue.serializer_entree = entree  # what OPTIONS describes for this POST
    schema = {"request": entree, "responses": sortie} if sortie else {"request": entree}
    # `action` replaces the function's `kwargs`, where drf-spectacular keeps its annotation:
    # the schema is declared after it, as `@extend_schema` stacked above `@action` would be.
    vue = action(detail=True, methods=["post"], url_path=url_path or verbe)(vue)
    return extend_schema(**schema)(vue)
