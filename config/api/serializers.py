"""Serializer pieces shared by every dispositif."""

from collections.abc import Callable
from operator import attrgetter

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Manager
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject


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


def _lecteur(champ: serializers.Field, modele) -> tuple[Callable[[object], object], bool]:
    """How the list reads one field of a row: straight from the attribute when DRF would do nothing
    more (a column, a foreign key's id) — a reader that needs nothing of the request (`True`) —, else
    DRF's own path for that field (`False`: it may read the serializer's context)."""
    attributs = getattr(champ, "source_attrs", [])
    if len(attributs) == 1 and type(champ).get_attribute is serializers.Field.get_attribute:
        nom = attributs[0]
        try:
            colonne = modele._meta.get_field(nom)
        except FieldDoesNotExist:
            colonne = None
        if colonne is not None and colonne.concrete and (not colonne.is_relation or colonne.attname == nom):
            representer = champ.to_representation

            def lire_colonne(objet, nom=nom, representer=representer):
                valeur = getattr(objet, nom)
                return None if valeur is None else representer(valeur)

            return lire_colonne, True
    if (
        isinstance(champ, serializers.PrimaryKeyRelatedField)
        and len(attributs) == 1
        and champ.pk_field is None
        and type(champ).to_representation is serializers.PrimaryKeyRelatedField.to_representation
        and type(champ).get_attribute is serializers.RelatedField.get_attribute
    ):
        try:
            colonne = modele._meta.get_field(attributs[0])
        except FieldDoesNotExist:
            colonne = None
        if colonne is not None and colonne.many_to_one and colonne.concrete:
            return attrgetter(colonne.attname), True

    def lire(objet, champ=champ):
        valeur = champ.get_attribute(objet)  # SkipField: the caller leaves the key out, as DRF does
        cle = valeur.pk if isinstance(valeur, PKOnlyObject) else valeur
        return None if cle is None else champ.to_representation(valeur)

    return lire, bool(attributs) and _sans_requete(champ)


def _sans_requete(champ: serializers.Field) -> bool:
    """Whether reading `champ` needs nothing of the request (its serializer's context): DRF's own
    value fields and its id and slug relations do not; a method field, a nested serializer or a
    hyperlink may. A field of ours says so with `lecture_sans_requete = True`."""
    if getattr(champ, "lecture_sans_requete", False):
        return True
    if isinstance(champ, serializers.ListField):
        return _sans_requete(champ.child)
    if isinstance(
        champ,
        serializers.SerializerMethodField
        | serializers.HiddenField
        | serializers.BaseSerializer
        | serializers.HyperlinkedRelatedField
        | serializers.ManyRelatedField,
    ):
        return False
    return type(champ).__module__ in ("rest_framework.fields", "rest_framework.relations")


# The page's readers of a serializer class, kept from one request to the next when they need nothing
# of the request: building the serializer's fields (ModelSerializer reads the model at each
# instantiation) cost more than rendering the 50 rows.
_PLANS: dict[type, list[tuple[str, Callable[[object], object]]]] = {}


def _champs_fixes(classe: type) -> bool:
    """A serializer class whose fields are those its declaration names, whatever the request."""
    return (
        classe.get_fields is serializers.ModelSerializer.get_fields
        and classe.__init__ is serializers.BaseSerializer.__init__
        and classe.get_field_names is serializers.ModelSerializer.get_field_names
    )


class ListeRapide(serializers.ListSerializer):
    """A list's page rendered without DRF's per-row walk over its fields: what each field reads is
    decided once for the page (`_lecteur`; once per process when no reader needs the request), then
    every row is a dict built from it. Same output as
    the child serializer's `to_representation` (tests/config/test_liste_rapide.py compares them on
    every list of the API)."""

    def to_representation(self, data):
        lignes = data.all() if isinstance(data, Manager) else data
        enfant = self.child
        modele = getattr(getattr(enfant, "Meta", None), "model", None)
        if modele is None or type(enfant).to_representation is not serializers.Serializer.to_representation:
            return super().to_representation(data)
        plan = _PLANS.get(type(enfant))
        if plan is None:
            lecteurs = [(champ.field_name, *_lecteur(champ, modele)) for champ in enfant._readable_fields]
            plan = [(nom, lire) for nom, lire, _ in lecteurs]
            if _champs_fixes(type(enfant)) and all(pur for _, _, pur in lecteurs):
                _PLANS[type(enfant)] = plan
        resultat = []
        for objet in lignes:
            ligne = {}
            for nom, lire in plan:
                try:
                    ligne[nom] = lire(objet)
                except SkipField:
                    continue
            resultat.append(ligne)
        return resultat
