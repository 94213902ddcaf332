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


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, with read-only fields that keep `allow_blank` from their model field:
    an ended measure's empty `orientation` answers `""`, and the schema says `""` may come back
    (DRF drops `allow_blank` on read-only fields, so generated clients refused the real answer)."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        vide_permis = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if kwargs.get("read_only") and vide_permis:
            kwargs["allow_blank"] = True
        return kwargs
