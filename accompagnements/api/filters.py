"""List filters of action 1.1, in the shared grammar (config/api/filters.py)."""

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
from config.api.filters import (
    ChoixFilter,
    FiltresCommuneEvenement,
    FiltresPeriode,
    FiltresReferent,
    FiltresUsager,
    IdentifiantFilter,
    bornes,
)


class AccompagnementFilter(FiltresUsager, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the opening date."""

    champ_periode = "date_debut"

    statut = ChoixFilter(choices=StatutAccompagnement.choices)

    class Meta:
        model = Accompagnement
        fields: list[str] = []


class ContactFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` are local days (Europe/Paris): a contact at 23:30 on `au` is included."""

    chemin_usager = "accompagnement__usager"
    champ_referent = "accompagnement__referent_id"
    periode_horodatee = True

    accompagnement = IdentifiantFilter(field_name="accompagnement_id")
    mode = ChoixFilter(choices=ModeContact.choices)
    lieu_accueil = IdentifiantFilter(field_name="lieu_accueil_id", label="Lieu d'accueil (partenaire)")

    class Meta:
        model = Contact
        fields: list[str] = []


class DemarcheFilter(FiltresUsager, FiltresReferent, FiltresPeriode):
    chemin_usager = "accompagnement__usager"
    champ_referent = "accompagnement__referent_id"

    accompagnement = IdentifiantFilter(field_name="accompagnement_id")
    statut = ChoixFilter(choices=StatutDemarche.choices)
    type = ChoixFilter(choices=TypeDemarche.choices)

    class Meta:
        model = Demarche
        fields: list[str] = []


class DroitFilter(FiltresUsager, FiltresCommuneEvenement, FiltresReferent, FiltresPeriode):
    """`du` / `au` bound the identification date; `ouvert_du` / `ouvert_au` the opening date."""

    champ_referent = "accompagnement__referent_id"
    champ_periode = "date_identification"

    accompagnement = IdentifiantFilter(field_name="accompagnement_id")
    statut = ChoixFilter(choices=StatutDroit.choices)
    type = django_filters.CharFilter(field_name="type__code", max_length=50, label="code du type de droit")
    ouvert_du, ouvert_au = bornes("date_ouverture", "ouvert")

    class Meta:
        model = Droit
        fields: list[str] = []
