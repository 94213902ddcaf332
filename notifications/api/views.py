"""The caller's own notifications: list, mark one read, count the unread.

Every query starts from `Notification.objects.de(request.user)`: someone else's notification does
not exist for you (404), administrators included.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from notifications.api.filters import NotificationFilter
from notifications.api.serializers import NombreNonLuesSerializer, NotificationSerializer
from notifications.models import Notification
from notifications.services import notification_marquer_lue


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Vos rappels (points d'étape, mesures échues, attentes longues…), jamais ceux d'un autre compte."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    search_fields: list[str] = []
    encadrant_en_lecture = False  # marking one's own reminder read writes no file

    def get_queryset(self):
        return Notification.objects.de(self.request.user).order_by("-cree_le", "-id")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], url_path="lue")
    def lue(self, request, pk=None):
        """Marque un de vos rappels comme lu (404 pour le rappel d'un autre compte)."""
        notification = notification_marquer_lue(notification=self.get_object(), par=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(responses=NombreNonLuesSerializer)
    @action(detail=False, methods=["get"], url_path="non-lues", pagination_class=None, filter_backends=[])
    def non_lues(self, request):
        """Le nombre de vos rappels non lus."""
        return Response({"non_lues": self.get_queryset().non_lues().count()})
