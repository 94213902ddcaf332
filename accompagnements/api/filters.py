"""List filters of action 1.1. A malformed value is a 400 naming the parameter, never a 500."""

import django_filters

from accompagnements.models import (
    Accompagnement,
    Contact,
    Demarche,
    Droit,
    ModeContact,
    StatutAccompagnement,
    StatutDemarche,
    StatutDroit,
    TypeDemarche,
)
from config.api.filters import IdentifiantFilter
from indicateurs.periodes import bornes_locales


class CommuneFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("label", "code INSEE de la commune")
        super().__init__(*args, **kwargs)


class _PeriodeFilterSet(django_filters.FilterSet):
    """`du` / `au`: inclusive bounds on the record's main date."""

    du = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="à partir du (AAAA-MM-JJ)")
    au = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label="jusqu'au (AAAA-MM-JJ, inclus)"
    )


class AccompagnementFilter(_PeriodeFilterSet):
    usager = IdentifiantFilter(field_name="usager_id")
    agent = IdentifiantFilter(field_name="agent_id")
    commune = CommuneFilter(field_name="usager__commune_id")
    statut = django_filters.ChoiceFilter(choices=StatutAccompagnement.choices)
    du = django_filters.DateFilter(field_name="date_debut", lookup_expr="gte", label="ouvert à partir du")
    au = django_filters.DateFilter(
        field_name="date_debut", lookup_expr="lte", label="ouvert jusqu'au (inclus)"
    )

    class Meta:
        model = Accompagnement
        fields = ["usager", "agent", "commune", "statut", "du", "au"]


class ContactFilter(_PeriodeFilterSet):
    """`du` / `au` are local days (Europe/Paris): a contact at 23:30 on `au` is included."""

    accompagnement = IdentifiantFilter(field_name="accompagnement_id")
    usager = IdentifiantFilter(field_name="accompagnement__usager_id")
    agent = IdentifiantFilter(field_name="accompagnement__agent_id")
    commune = CommuneFilter(field_name="commune_id", label="commune au moment du contact (code INSEE)")
    mode = django_filters.ChoiceFilter(choices=ModeContact.choices)
    du = django_filters.DateFilter(method="filtrer_du", label="à partir du (jour local)")
    au = django_filters.DateFilter(method="filtrer_au", label="jusqu'au (jour local, inclus)")

    class Meta:
        model = Contact
        fields = ["accompagnement", "usager", "agent", "commune", "mode", "du", "au"]

    def filtrer_du(self, queryset, name, valeur):
        return queryset.filter(date__gte=bornes_locales(valeur, valeur)[0])

    def filtrer_au(self, queryset, name, valeur):
        return queryset.filter(date__lt=bornes_locales(valeur, valeur)[1])


class DemarcheFilter(_PeriodeFilterSet):
    accompagnement = IdentifiantFilter(field_name="accompagnement_id")
    usager = IdentifiantFilter(field_name="accompagnement__usager_id")
    agent = IdentifiantFilter(field_name="accompagnement__agent_id")
    commune = CommuneFilter(field_name="accompagnement__usager__commune_id")
    statut = django_filters.ChoiceFilter(choices=StatutDemarche.choices)
    type = django_filters.ChoiceFilter(choices=TypeDemarche.choices)

    class Meta:
        model = Demarche
        fields = ["accompagnement", "usager", "agent", "commune", "statut", "type", "du", "au"]


class DroitFilter(django_filters.FilterSet):
    usager = IdentifiantFilter(field_name="usager_id")
    accompagnement = IdentifiantFilter(field_name="accompagnement_id")
    agent = IdentifiantFilter(field_name="accompagnement__agent_id")
    commune = CommuneFilter(field_name="commune_id", label="commune à l'enregistrement ou à l'ouverture")
    statut = django_filters.ChoiceFilter(choices=StatutDroit.choices)
    type = django_filters.CharFilter(field_name="type__code", max_length=50, label="code du type de droit")
    du = django_filters.DateFilter(
        field_name="date_identification", lookup_expr="gte", label="identifié à partir du"
    )
    au = django_filters.DateFilter(
        field_name="date_identification", lookup_expr="lte", label="identifié jusqu'au"
    )
    ouvert_du = django_filters.DateFilter(
        field_name="date_ouverture", lookup_expr="gte", label="ouvert à partir du"
    )
    ouvert_au = django_filters.DateFilter(
        field_name="date_ouverture", lookup_expr="lte", label="ouvert jusqu'au"
    )

    class Meta:
        model = Droit
        fields = [
            "usager",
            "accompagnement",
            "agent",
            "commune",
            "statut",
            "type",
            "du",
            "au",
            "ouvert_du",
            "ouvert_au",
        ]
