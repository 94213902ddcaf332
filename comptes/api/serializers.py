from rest_framework import serializers

from comptes.models import User
from config.api.serializers import ModelSerializer


class MoiSerializer(ModelSerializer):
    role = serializers.CharField(read_only=True, allow_null=True)
    communes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "role", "communes", "profession"]
