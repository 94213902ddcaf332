"""The indicators of action 1.1 (`config.dispositifs.Indicateur`), declared by `accompagnements.dispositif`.

Every count is by the commune of residence at the time of the event — the `commune` stored on the
event, taken from the residence history at the event's date (`usagers.models.Residence`).
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Count

from accompagnements.models import Contact, Droit, StatutDroit, TypeDroit
from config.dispositifs import Indicateur, Ventilation
from config.periodes import bornes_locales
from partenaires.models import Partenaire


def _noms_des_agents(ids: Iterable[str]) -> dict[str, str]:
    entiers = [int(i) for i in ids if str(i).isdigit()]
    return {
        str(pk): f"{prenom} {nom}".strip() or f"Agent {pk}"
        for pk, prenom, nom in get_user_model()
        .objects.filter(pk__in=entiers)
        .values_list("pk", "first_name", "last_name")
    }


def libelles_des_types_de_droit(codes: Iterable[str]) -> dict[str, str]:
    return dict(TypeDroit.objects.filter(code__in=list(codes)).values_list("code", "libelle"))


def _noms_des_lieux(codes: Iterable[str]) -> dict[str, str]:
    """The places' names in the directory; a contact recorded without its place: « Non précisé »."""
    entiers = [int(c) for c in codes if str(c).isdigit()]
    noms = {str(pk): nom for pk, nom in Partenaire.objects.filter(pk__in=entiers).values_list("pk", "nom")}
    return {**noms, "": "Non précisé"}


def _contacts(du, au):
    debut, fin = bornes_locales(du, au)
    return Contact.objects.filter(date__gte=debut, date__lt=fin)


PERSONNES_RECUES = Indicateur(
    id="1.1.personnes_recues",
    libelle="Personnes reçues par un agent d'accompagnement administratif",
    regle=(
        "Nombre de personnes distinctes ayant eu au moins un contact (téléphone, rendez-vous, "
        "visite) avec un agent d'accompagnement pendant la période, le jour du contact étant lu "
        "à l'heure de Paris. Une personne est comptée dans la commune où elle résidait le jour "
        "du contact ; reçue plusieurs fois, elle compte une fois par case (et une fois dans le "
        "total même si elle a déménagé entre deux contacts)."
    ),
    evenements=_contacts,
    mesure=lambda filtre: Count("accompagnement__usager", distinct=True, filter=filtre),
    date_evenement="date",
    ventilations=(
        Ventilation(
            "agent", "Agent d'accompagnement", "accompagnement__referent_id", libelles_de=_noms_des_agents
        ),
    ),
    additif=False,
    unite="personnes",
)

AGENTS_EN_ACTIVITE = Indicateur(
    id="1.1.agents_en_activite",
    libelle="Agents d'accompagnement administratif en activité",
    regle=(
        "Nombre d'agents d'accompagnement administratif distincts, référents d'au moins une "
        "personne reçue (contact) pendant la période, le jour du contact étant lu à l'heure de "
        "Paris. Un agent est compté dans chaque commune où résidaient les personnes qu'il a "
        "reçues, et une fois dans le total. La fiche 1.1 prévoit sept agents à partir du "
        "1er juin 2020."
    ),
    evenements=_contacts,
    mesure=lambda filtre: Count("accompagnement__referent", distinct=True, filter=filtre),
    date_evenement="date",
    additif=False,
    unite="agents",
)

# Attendance by place (fiche 1.1: « public du service social métropolitain et des CCAS »; fiche 1.5:
# « indicateur de fréquentation aux antennes »). Its own indicator, with this one breakdown: a second
# breakdown beside the agents' on the persons received would weaken their table's suppression.
FREQUENTATION = Indicateur(
    id="1.1.frequentation",
    libelle="Fréquentation des lieux d'accueil (contacts)",
    regle=(
        "Nombre de contacts (téléphone, rendez-vous, visite) d'un agent d'accompagnement "
        "administratif avec une personne pendant la période, le jour du contact étant lu à "
        "l'heure de Paris, par lieu d'accueil : l'antenne du service social métropolitain ou le "
        "CCAS où la personne a été reçue (« Non précisé » pour les contacts enregistrés sans lieu). "
        "Un contact est compté dans la commune où la personne résidait le jour du contact."
    ),
    evenements=_contacts,
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date",
    ventilations=(
        Ventilation("lieu_accueil", "Lieu d'accueil", "lieu_accueil_id", libelles_de=_noms_des_lieux),
    ),
    unite="contacts",
)

DROITS_OUVERTS = Indicateur(
    id="1.1.droits_ouverts",
    libelle="Droits ouverts",
    regle=(
        "Nombre de droits au statut « ouvert » dont la date d'ouverture est dans la période, "
        "comptés dans la commune où la personne résidait à la date d'ouverture. Les droits "
        "identifiés, demandés, refusés ou abandonnés ne sont pas comptés."
    ),
    evenements=lambda du, au: Droit.objects.filter(
        statut=StatutDroit.OUVERT, date_ouverture__gte=du, date_ouverture__lte=au
    ),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date_ouverture",
    ventilations=(
        Ventilation("type", "Type de droit", "type__code", libelles_de=libelles_des_types_de_droit),
    ),
    unite="droits",
)
