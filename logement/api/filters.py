import django_filters
from django import forms
from django.core.exceptions import ValidationError

from config.api.filters import IdentifiantFilter
from logement.models import (
    EtatPointEtape,
    MesureASLL,
    PointEtape,
    SituationACOR,
    StatutMesure,
    StatutSituation,
    TypeMesure,
)

MOI = "me"


class _ReferentField(forms.CharField):
    """`me` (the caller) or the numeric id of an account."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        value = value.strip().lower()
        if value in {MOI, "moi"}:
            return MOI
        if not value.isdigit() or len(value) > 18:
            raise ValidationError(
                "Indiquez « me » ou l'identifiant numérique d'un référent.", code="invalide"
            )
        return int(value)


class ReferentFilter(django_filters.Filter):
    field_class = _ReferentField

    def filter(self, qs, value):
        if value is None:
            return qs
        if value == MOI:
            value = self.parent.request.user.pk
        return qs.filter(**{self.field_name: value})


class IdFilter(IdentifiantFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "Indiquez un identifiant numérique."})
        super().__init__(*args, **kwargs)


class MesureASLLFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=StatutMesure.choices)
    type = django_filters.ChoiceFilter(choices=TypeMesure.choices)
    referent = ReferentFilter(field_name="referent_id", label="référent (« me » ou identifiant)")
    usager = IdFilter(field_name="usager_id")
    commune = django_filters.CharFilter(field_name="usager__commune_id", label="code INSEE de la commune")
    date_debut_min = django_filters.DateFilter(field_name="date_debut", lookup_expr="gte")
    date_debut_max = django_filters.DateFilter(field_name="date_debut", lookup_expr="lte")
    date_fin_min = django_filters.DateFilter(field_name="date_fin", lookup_expr="gte")
    date_fin_max = django_filters.DateFilter(field_name="date_fin", lookup_expr="lte")
    en_retard = django_filters.BooleanFilter(field_name="en_retard")

    class Meta:
        model = MesureASLL
        fields: list[str] = []


class PointEtapeFilter(django_filters.FilterSet):
    mesure = IdFilter(field_name="mesure_id")
    etat = django_filters.ChoiceFilter(choices=EtatPointEtape.choices, field_name="etat")
    referent = ReferentFilter(field_name="mesure__referent_id", label="référent de la mesure")
    statut_mesure = django_filters.ChoiceFilter(choices=StatutMesure.choices, field_name="mesure__statut")
    date_prevue_min = django_filters.DateFilter(field_name="date_prevue", lookup_expr="gte")
    date_prevue_max = django_filters.DateFilter(field_name="date_prevue", lookup_expr="lte")

    class Meta:
        model = PointEtape
        fields: list[str] = []


class SituationACORFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=StatutSituation.choices)
    referent = ReferentFilter(field_name="referent_id", label="intervenant référent")
    usager = IdFilter(field_name="usager_id")
    commune = django_filters.CharFilter(field_name="usager__commune_id", label="code INSEE de la commune")
    date_orientation_min = django_filters.DateFilter(field_name="date_orientation", lookup_expr="gte")
    date_orientation_max = django_filters.DateFilter(field_name="date_orientation", lookup_expr="lte")
    date_entree_min = django_filters.DateFilter(field_name="date_entree", lookup_expr="gte")
    date_entree_max = django_filters.DateFilter(field_name="date_entree", lookup_expr="lte")

    class Meta:
        model = SituationACOR
        fields: list[str] = []
