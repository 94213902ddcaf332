"""Serializer pieces shared by every dispositif."""

from rest_framework import serializers


class ChampsModifiablesMixin:
    """A `PATCH` names only fields it may change: any other field (an unknown name, a read-only
    field, a status that moves by a transition) is a 400 naming it, never silently ignored.
    `message_non_modifiable` says where that field changes instead."""

    message_non_modifiable = "Ce champ ne se modifie pas ici."

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if isinstance(self.initial_data, dict):
            modifiables = {nom for nom, champ in self.fields.items() if not champ.read_only}
            # `version` says which version a PATCH changes (config.api.viewsets.VersionMixin).
            refuses = sorted(set(self.initial_data) - modifiables - {"version"})
            if refuses:
                raise serializers.ValidationError({champ: [self.message_non_modifiable] for champ in refuses})
        return attrs
