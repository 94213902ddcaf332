"""The pacte's indicators for action 1.1, computed in SQL (aggregates, never a loop over rows).

- persons received: distinct usagers with at least one contact whose **local** day (Europe/Paris)
  falls in [du, au], counted in the commune of residence at the time of the contact;
- rights opened: rights whose opening date falls in [du, au], by type and by the commune of
  residence at the time of the opening.

Only the communes where the caller holds the `acces_droits` grant are counted. Counts only: no
name, no date of birth, no free text. (Statistical-secrecy suppression belongs to the exports.)
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from accompagnements.models import Contact, Droit, StatutDroit
from accompagnements.perms import DISPOSITIF, filtre_acces_droits, peut_compter_commune
from communes.habilitations import communes_autorisees
from config.errors import AccesRefuse


@dataclass(frozen=True)
class IndicateursAccesDroits:
    du: date
    au: date
    communes: list[str]
    personnes_recues: int
    personnes_recues_par_commune: list[dict] = field(default_factory=list)
    droits_ouverts: int = 0
    droits_ouverts_par_type: list[dict] = field(default_factory=list)
    droits_ouverts_par_commune_et_type: list[dict] = field(default_factory=list)


def bornes_locales(du: date, au: date) -> tuple[datetime, datetime]:
    """[start of `du`, start of the day after `au`) as aware date-times of the current time zone.

    Comparing the column with two bounds (rather than `date__date`) keeps the (commune, date)
    index usable, and a contact at 23:30 in Paris on `au` is inside the period."""
    # Extreme dates (year 1 or 9999) would overflow once converted to UTC: clamp to harmless ones.
    du, au = max(du, date(1900, 1, 1)), min(au, date(9999, 12, 30))
    debut = timezone.make_aware(datetime.combine(du, time.min))
    fin = timezone.make_aware(datetime.combine(au + timedelta(days=1), time.min))
    return debut, fin


def contacts_de_la_periode(user, du: date, au: date, commune: str | None = None):
    debut, fin = bornes_locales(du, au)
    contacts = Contact.objects.filter(filtre_acces_droits(user, "commune_id"), date__gte=debut, date__lt=fin)
    return contacts.filter(commune_id=commune) if commune else contacts


def droits_ouverts_de_la_periode(user, du: date, au: date, commune: str | None = None):
    droits = Droit.objects.filter(
        filtre_acces_droits(user, "commune_id"), statut=StatutDroit.OUVERT, date_ouverture__range=(du, au)
    )
    return droits.filter(commune_id=commune) if commune else droits


def indicateurs_acces_droits(
    *, user, du: date, au: date, commune: str | None = None
) -> IndicateursAccesDroits:
    """The counts of action 1.1 for [du, au] (both included), on one commune or all the caller's."""
    if commune and not peut_compter_commune(user, commune):
        raise AccesRefuse("Vous n'êtes pas habilité « accès aux droits » sur cette commune.", champ="commune")
    communes = communes_autorisees(user, [DISPOSITIF]).order_by("pk")
    if commune:
        communes = communes.filter(pk=commune)

    contacts = contacts_de_la_periode(user, du, au, commune)
    personne = Count("accompagnement__usager", distinct=True)
    droits = droits_ouverts_de_la_periode(user, du, au, commune)

    par_commune = contacts.values("commune_id").annotate(nombre=personne).order_by("commune_id")
    par_commune_et_type = (
        droits.values("commune_id", "type__code")
        .annotate(nombre=Count("id"))
        .order_by("commune_id", "type__code")
    )
    par_type = droits.values("type__code").annotate(nombre=Count("id")).order_by("type__code")

    # The loops below rename the keys of the aggregated groups (one per commune or type), not rows.
    return IndicateursAccesDroits(
        du=du,
        au=au,
        communes=list(communes.values_list("pk", flat=True)),
        # A person received in two communes in the period (they moved) is one person in the total.
        personnes_recues=contacts.aggregate(nombre=personne)["nombre"],
        personnes_recues_par_commune=[
            {"commune": g["commune_id"], "nombre": g["nombre"]} for g in par_commune
        ],
        droits_ouverts=droits.count(),
        droits_ouverts_par_type=[{"type": g["type__code"], "nombre": g["nombre"]} for g in par_type],
        droits_ouverts_par_commune_et_type=[
            {"commune": g["commune_id"], "type": g["type__code"], "nombre": g["nombre"]}
            for g in par_commune_et_type
        ],
    )
