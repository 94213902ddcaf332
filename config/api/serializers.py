"""Serializer pieces shared by every dispositif."""

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, datetime, tzinfo
from functools import partial
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel, Manager
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings


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
    more (a column, a foreign key's id) — a reader that needs nothing of the request (`True`) —, a
    nested list by its child's plan, else DRF's own path for that field (`False`: it may read the
    serializer's context)."""
    if isinstance(champ, serializers.ListSerializer):
        lecteur = _lecteur_de_liste(champ, modele)
        if lecteur is not None:
            return lecteur
    attributs = getattr(champ, "source_attrs", [])
    if len(attributs) == 1 and type(champ).get_attribute is serializers.Field.get_attribute:
        nom = attributs[0]
        try:
            colonne = modele._meta.get_field(nom)
        except FieldDoesNotExist:
            colonne = None
        if colonne is not None and colonne.concrete and (not colonne.is_relation or colonne.attname == nom):
            if _instant_iso(champ):
                return partial(_lire_instant, nom=nom, representer=champ.to_representation), True
            if _date_iso(champ):
                return partial(_lire_date, nom=nom, representer=champ.to_representation), True
            if _rendu_tel_quel(champ, colonne):
                return attrgetter(nom), True
            representer = champ.to_representation

            def lire_colonne(objet, nom=nom, representer=representer):
                valeur = getattr(objet, nom)
                return None if valeur is None else representer(valeur)

            return lire_colonne, True
    if (
        len(attributs) == 1
        and type(champ).get_attribute is serializers.RelatedField.get_attribute
        and (
            isinstance(champ, serializers.PrimaryKeyRelatedField)
            and champ.pk_field is None
            and type(champ).to_representation is serializers.PrimaryKeyRelatedField.to_representation
            # A relation of ours rendered as the foreign key's value as stored (a commune's code INSEE).
            or getattr(champ, "rendu_par_sa_cle", False)
        )
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


# DRF's value fields that give back, unchanged, the value a column of these model fields reads:
# `int(n)`, `str(s)`, a boolean's own value, a choice's own key (`ChoiceField`: the text of a valid
# choice maps to that same key, any other value to itself).
_TELS_QUELS: tuple[tuple[type, tuple[type, ...]], ...] = (
    (serializers.IntegerField, (models.IntegerField,)),  # and the auto, small, big and positive ones
    (serializers.CharField, (models.CharField, models.TextField)),
    (serializers.BooleanField, (models.BooleanField,)),
    (serializers.ChoiceField, (models.CharField, models.IntegerField)),
)


def _rendu_tel_quel(champ: serializers.Field, colonne) -> bool:
    """Whether DRF renders this model column's value as it is: the list reads the attribute alone."""
    return any(
        type(champ) is classe and isinstance(colonne, colonnes) for classe, colonnes in _TELS_QUELS
    ) and (type(champ) is not serializers.ChoiceField or bool(colonne.choices))


def _date_iso(champ: serializers.Field) -> bool:
    """A DRF `DateField` rendered as DRF renders it by default: ISO 8601."""
    return (
        type(champ) is serializers.DateField
        and getattr(champ, "format", api_settings.DATE_FORMAT) == ISO_8601
    )


def _lire_date(objet, *, nom: str, representer: Callable[[object], object]):
    """A date as `DateField.to_representation` writes it (ISO 8601); anything else by DRF's path."""
    valeur = getattr(objet, nom)
    if valeur is None:
        return None
    if type(valeur) is date:
        return valeur.isoformat()
    return representer(valeur)


def _instant_iso(champ: serializers.Field) -> bool:
    """A DRF `DateTimeField` rendered as DRF renders it by default: ISO 8601 in the active time zone."""
    return (
        type(champ) is serializers.DateTimeField
        and getattr(champ, "format", api_settings.DATETIME_FORMAT) == ISO_8601
        and not hasattr(champ, "timezone")
        and settings.USE_TZ
    )


# The active time zone, read once for a page (`ListeRapide`): reading it costs 2.7 µs (asgiref's
# request-local storage), more than writing the instant.
_FUSEAU_DE_LA_PAGE: ContextVar[tzinfo | None] = ContextVar("fuseau_de_la_page", default=None)


def _lire_instant(objet, *, nom: str, representer: Callable[[object], object]):
    """An aware instant as `DateTimeField.to_representation` writes it (`enforce_timezone`, then ISO
    8601 with `Z` for UTC), without its per-value walk of the field's settings: 6 µs a value, the most
    costly column of a page. Anything else (naive, out of range) takes DRF's own path."""
    valeur = getattr(objet, nom)
    if valeur is None:
        return None
    if isinstance(valeur, datetime) and valeur.utcoffset() is not None:
        try:
            texte = valeur.astimezone(_FUSEAU_DE_LA_PAGE.get() or timezone.get_current_timezone()).isoformat()
        except OverflowError:
            return representer(valeur)
        return texte[:-6] + "Z" if texte.endswith("+00:00") else texte
    return representer(valeur)


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
_PLANS: dict[type, "Plan"] = {}


def _champs_fixes(classe: type) -> bool:
    """A serializer class whose fields are those its declaration names, whatever the request."""
    return (
        classe.get_fields is serializers.ModelSerializer.get_fields
        and classe.__init__ is serializers.BaseSerializer.__init__
        and classe.get_field_names is serializers.ModelSerializer.get_field_names
    )


Plan = list[tuple[str, Callable[[object], object]]]


def _plan(enfant: serializers.Serializer, modele) -> tuple[Plan, bool]:
    """What a page reads of each row for the serializer `enfant` (name → reader), and whether no reader
    needs the request; kept per serializer class in that case."""
    plan = _PLANS.get(type(enfant))
    if plan is not None:
        return plan, True
    lecteurs = [(champ.field_name, *_lecteur(champ, modele)) for champ in enfant._readable_fields]
    plan = [(nom, lire) for nom, lire, _ in lecteurs]
    pur = _champs_fixes(type(enfant)) and all(p for _, _, p in lecteurs)
    if pur:
        _PLANS[type(enfant)] = plan
    return plan, pur


def _rendre(plan: Plan, lignes) -> list[dict]:
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


def _rapide(enfant) -> bool:
    """Whether a page of `enfant` may be rendered by its plan: a model serializer rendering its fields
    as DRF's `Serializer.to_representation` does."""
    modele = getattr(getattr(enfant, "Meta", None), "model", None)
    return modele is not None and type(enfant).to_representation is serializers.Serializer.to_representation


def _lecteur_de_liste(
    champ: serializers.ListSerializer, modele
) -> tuple[Callable[[object], object], bool] | None:
    """A nested list (`many=True`, read from one attribute: a reverse relation's rows) rendered by its
    child's plan, as DRF's ListSerializer renders it row by row. A reverse relation's prefetched rows
    are read from the prefetch's cache, as its manager would answer them, without building the
    manager at each row."""
    attributs = getattr(champ, "source_attrs", [])
    if (
        len(attributs) != 1
        or not _rapide(champ.child)
        or type(champ).to_representation
        not in (
            serializers.ListSerializer.to_representation,
            ListeRapide.to_representation,
        )
    ):
        return None
    plan, pur = _plan(champ.child, champ.child.Meta.model)
    nom = attributs[0]
    try:
        relation = modele._meta.get_field(nom) if modele is not None else None
    except FieldDoesNotExist:
        relation = None
    cache = (
        relation.cache_name
        if isinstance(relation, ForeignObjectRel)
        and relation.one_to_many
        and relation.get_accessor_name() == nom
        else None
    )

    def lire_liste(objet):
        prefetch = objet.__dict__.get("_prefetched_objects_cache")
        if cache is not None and prefetch is not None and cache in prefetch:
            return _rendre(plan, prefetch[cache])
        valeur = getattr(objet, nom)
        if valeur is None:
            return None
        return _rendre(plan, valeur.all() if isinstance(valeur, Manager) else valeur)

    return lire_liste, pur


class ListeRapide(serializers.ListSerializer):
    """A list's page rendered without DRF's per-row walk over its fields: what each field reads is
    decided once for the page (`_lecteur`; once per process when no reader needs the request; a nested
    list by its own plan), then every row is a dict built from it. Same output as
    the child serializer's `to_representation` (tests/config/test_liste_rapide.py compares them on
    every list of the API)."""

    def to_representation(self, data):
        lignes = data.all() if isinstance(data, Manager) else data
        enfant = self.child
        if not _rapide(enfant):
            return super().to_representation(data)
        plan, _ = _plan(enfant, enfant.Meta.model)
        jeton = _FUSEAU_DE_LA_PAGE.set(timezone.get_current_timezone())
        try:
            return _rendre(plan, lignes)
        finally:
            _FUSEAU_DE_LA_PAGE.reset(jeton)
