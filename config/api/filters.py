"""The list filters every dispositif shares, defined once.

The grammar (docs/ARCHITECTURE.md): `usager` and ids are whole numbers; `commune` is the
person's **current** commune; `commune_evenement` is the commune recorded on the event
(where the indicators count it); `du` / `au` are the inclusive bounds of the resource's main
date; `referent` is `me` or an account id. A malformed value is a 400 naming the parameter.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import label_for_filter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from config.api.fields import ID_MAX
from config.models import FollowsPersonCommune
from config.periodes import debut_du_jour

MOI = "me"
_ENTIER = re.compile(r"[0-9]{1,19}", re.ASCII)  # ASCII digits only: "²".isdigit() is true


class _IdentifiantField(forms.IntegerField):
    def clean(self, value):
        if value == "":  # given empty (`?usager=`): refused like a malformed id, not ignored
            raise ValidationError("Indiquez un identifiant numérique.", code="invalide")
        return super().clean(value)


@extend_schema_field(OpenApiTypes.INT64)
class IdentifiantFilter(django_filters.Filter):
    """An id: a whole number within the database's range (a huge number is refused, not sent to SQL)."""

    field_class = _IdentifiantField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        kwargs.setdefault("error_messages", {"invalid": "Indiquez un identifiant numérique."})
        super().__init__(*args, **kwargs)


class _CompteOuMoiField(forms.CharField):
    """`me` (the caller) or the numeric id of an account."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        value = value.strip().lower()
        if value in {MOI, "moi"}:
            return MOI
        if not _ENTIER.fullmatch(value) or not 0 < int(value) <= ID_MAX:
            raise ValidationError("Indiquez « me » ou l'identifiant numérique d'un compte.", code="invalide")
        return int(value)


class _DateField(forms.DateField):
    """A date `AAAA-MM-JJ`; a parameter given empty (`?du=`) is refused like a malformed one."""

    def clean(self, value):
        if value == "":
            raise ValidationError("Indiquez une date au format AAAA-MM-JJ.", code="invalide")
        return super().clean(value)


class DateFilter(django_filters.DateFilter):
    field_class = _DateField


@extend_schema_field({"type": "string", "pattern": "^(me|moi|[0-9]{1,19})?$"})
class CompteOuMoiFilter(django_filters.Filter):
    """`?referent=me` (the caller's own records) or `?referent=<id>`."""

    field_class = _CompteOuMoiField

    def filter(self, qs, value):
        if value is None:
            return qs
        if value == MOI:
            value = self.parent.request.user.pk
        return qs.filter(**{self.field_name: value})


_VRAI = {"true", "1", "oui", "vrai"}
_FAUX = {"false", "0", "non", "faux"}


class _BooleenField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        if value.strip().lower() in _VRAI:
            return True
        if value.strip().lower() in _FAUX:
            return False
        raise ValidationError("Indiquez « true » ou « false ».", code="invalide")


@extend_schema_field(OpenApiTypes.BOOL)
class BooleenFilter(django_filters.Filter):
    """A yes/no filter that refuses what it does not understand (`?en_retard=peut-etre` is a 400,
    never silently ignored): true/false, 1/0, oui/non."""

    field_class = _BooleenField


class _ChoixField(django_filters.fields.ChoiceField):
    def clean(self, value):
        if value == "":  # given empty (`?statut=`): refused like an unknown value, not ignored
            raise ValidationError("Indiquez une des valeurs proposées.", code="invalide")
        return super().clean(value)


class ChoixFilter(django_filters.ChoiceFilter):
    """A value among the field's choices; given empty, a 400 naming the parameter (never ignored)."""

    field_class = _ChoixField


class CommuneFilter(django_filters.CharFilter):
    """A commune by its INSEE code (5 characters)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("label", "code INSEE de la commune de résidence actuelle")
        super().__init__(*args, **kwargs)


# --- FilterSet mixins: a dispositif's FilterSet names its paths, the filters come from here -----


class FiltresNommes(django_filters.FilterSet):
    """Every filter of the API named in French once, when its FilterSet class is built: a filter
    without its own `label` takes its model field's `verbose_name`. django-filter would otherwise name
    it on each copy, from a model it may not know yet — and a form field built then, cached on the
    class's filter, shows the parameter's raw name (« Decision ») or « [invalid name] » in the
    browsable API, depending on what ran before in the process."""

    @classmethod
    def get_filters(cls):
        filtres = super().get_filters()
        modele = cls._meta.model
        if modele is not None:
            for filtre in filtres.values():
                if filtre._label is None and not filtre.method:
                    libelle = label_for_filter(modele, filtre.field_name, filtre.lookup_expr, filtre.exclude)
                    if libelle and "[invalid name]" not in str(libelle):
                        filtre.label = libelle
        return filtres


class FiltresUsager(FiltresNommes):
    """`usager` and `commune` (current commune of residence). `chemin_usager` is the path to the person."""

    chemin_usager = "usager"

    usager = IdentifiantFilter(method="filtrer_usager", label="identifiant de l'usager")
    commune = CommuneFilter(method="filtrer_commune")

    def filtrer_usager(self, queryset, name, valeur):
        return queryset.filter(**{f"{self.chemin_usager}_id": valeur})

    def filtrer_commune(self, queryset, name, valeur):
        if self.chemin_usager == "usager" and issubclass(queryset.model, FollowsPersonCommune):
            return queryset.filter(commune_actuelle_id=valeur)  # the same commune, on the record's row
        return queryset.filter(**{f"{self.chemin_usager}__commune_id": valeur})


class FiltresCommuneEvenement(FiltresNommes):
    """`commune_evenement`: the commune of residence recorded on the event (the indicators' commune)."""

    commune_evenement = CommuneFilter(
        field_name="commune_id", label="code INSEE de la commune au moment de l'événement"
    )


class FiltresPeriode(FiltresNommes):
    """`du` / `au`: inclusive bounds on `champ_periode`. For a date-time, the bounds are local days
    (Europe/Paris): an event at 23:30 on `au` is included."""

    champ_periode = "date"
    periode_horodatee = False

    du = DateFilter(method="filtrer_du", label="à partir du (AAAA-MM-JJ)")
    au = DateFilter(method="filtrer_au", label="jusqu'au (AAAA-MM-JJ, inclus)")

    def filtrer_du(self, queryset, name, valeur):
        if self.periode_horodatee:
            return queryset.filter(**{f"{self.champ_periode}__gte": debut_du_jour(valeur)})
        return queryset.filter(**{f"{self.champ_periode}__gte": valeur})

    def filtrer_au(self, queryset, name, valeur):
        if self.periode_horodatee:
            return queryset.filter(**{f"{self.champ_periode}__lt": debut_du_jour(valeur, decalage=1)})
        return queryset.filter(**{f"{self.champ_periode}__lte": valeur})


class FiltresReferent(FiltresNommes):
    """`referent`: the worker in charge, `me` or an account id. `champ_referent` is its path."""

    champ_referent = "referent_id"

    referent = CompteOuMoiFilter(method="filtrer_referent", label="référent (« me » ou identifiant)")

    def filtrer_referent(self, queryset, name, valeur):
        if valeur == MOI:
            valeur = self.request.user.pk
        return queryset.filter(**{self.champ_referent: valeur})


def bornes(champ: str, evenement: str) -> tuple[DateFilter, DateFilter]:
    """A second pair of date bounds, named after the event: `bornes("date_ouverture", "ouvert")`
    gives the filters `ouvert_du` / `ouvert_au` (assign them to those two names)."""
    return (
        DateFilter(field_name=champ, lookup_expr="gte", label=f"{evenement} à partir du"),
        DateFilter(field_name=champ, lookup_expr="lte", label=f"{evenement} jusqu'au (inclus)"),
    )


# The parameters of every list that no FilterSet reads: paging and the answer's format (`search` is
# SearchFilter's, `ordering` none of ours).
PARAMETRES_HORS_FILTRES = frozenset({"page", "page_size", "curseur", "format"})


class FiltresDeRequete(DjangoFilterBackend):
    """django-filter's backend, left out when the request names nothing but paging: a FilterSet
    without data filters nothing — each of its filters returns the queryset for an empty value, and
    no FilterSet of the API filters by default (none overrides `filter_queryset`, `qs` or
    `__init__`) — while building one deep-copies every filter of its class at each request (≈ 1 ms a
    list, docs/PERFORMANCE.md, figure 2). Any other parameter, a filter's or not, takes the FilterSet."""

    def filter_queryset(self, request, queryset, view):
        if set(request.query_params) <= PARAMETRES_HORS_FILTRES:
            return queryset
        return super().filter_queryset(request, queryset, view)
