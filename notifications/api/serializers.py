from rest_framework import serializers

from config.api.serializers import ModelSerializer
from notifications.models import Notification, objets_rappeles, types_de_rappel


class NotificationSerializer(ModelSerializer):
    type = serializers.ChoiceField(choices=types_de_rappel(), read_only=True, label="Type")
    objet_type = serializers.ChoiceField(choices=objets_rappeles(), read_only=True, label="Type d'objet")
    lue = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "type", "titre", "message", "objet_type", "objet_id", "cree_le", "lue"]
        read_only_fields = fields

    def get_lue(self, notification: Notification) -> bool:
        return notification.lue


class NombreNonLuesSerializer(serializers.Serializer):
    non_lues = serializers.IntegerField(read_only=True)
