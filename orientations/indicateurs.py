"""The indicators of action 1.4 (`config.dispositifs.Indicateur`), declared by `orientations.dispositif`:
the directory's use (the agents who consulted it, by month; the orientations to each kind of
partner) and the flows between dispositifs (by origin, target and outcome). An orientation counts in
the commune where the person lived on its date; a consultation in each commune of the agent's grants.
"""

from django.db.models import Count

from config.dispositifs import Indicateur, Ventilation
from orientations.models import Orientation, StatutOrientation, libelle_dispositif
from partenaires.models import ConsultationAnnuaire
from partenaires.validators import TypePartenaire


def _libelles_dispositifs(codes) -> dict[str, str]:
    return {c: (libelle_dispositif(c) if c else "Un partenaire de l'annuaire") for c in codes}


ORIENTATIONS = Indicateur(
    id="1.4.orientations",
    libelle="Orientations entre dispositifs et vers les partenaires",
    regle=(
        "Nombre d'orientations dont la date est dans la période, par dispositif d'origine, par "
        "destination (un dispositif du pacte ou un partenaire de l'annuaire) et par suite connue de "
        "l'agent qui oriente (reçue, prise en charge, non retenue ; vers un partenaire : envoyée ; "
        "vers l'équipe mobile EMAS : reçue seulement). Comptées dans la commune où la personne "
        "résidait à la date de l'orientation."
    ),
    evenements=lambda du, au: Orientation.objects.filter(date__gte=du, date__lte=au).avec_statut(),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date",
    ventilations=(
        Ventilation("depuis", "Dispositif d'origine", "depuis", libelles_de=_libelles_dispositifs),
        Ventilation("vers", "Destination", "vers_dispositif", libelles_de=_libelles_dispositifs),
        Ventilation("statut", "Suite", "statut", domaine=tuple(StatutOrientation.choices)),
    ),
    unite="orientations",
)

ORIENTATIONS_VERS_PARTENAIRES = Indicateur(
    id="1.4.orientations_partenaires",
    libelle="Orientations vers les partenaires de l'annuaire, par type de partenaire",
    regle=(
        "Nombre d'orientations vers un partenaire de l'annuaire dont la date est dans la période, par "
        "type de partenaire, comptées dans la commune où la personne résidait à la date de l'orientation."
    ),
    evenements=lambda du, au: Orientation.objects.filter(
        vers_partenaire__isnull=False, date__gte=du, date__lte=au
    ),
    mesure=lambda filtre: Count("id", filter=filtre),
    date_evenement="date",
    ventilations=(
        Ventilation(
            "type_partenaire",
            "Type de partenaire",
            "vers_partenaire__type",
            domaine=tuple(TypePartenaire.choices),
        ),
    ),
    unite="orientations",
)

CONSULTATIONS = Indicateur(
    id="1.4.consultations_annuaire",
    libelle="Agents ayant consulté l'annuaire des partenaires",
    regle=(
        "Nombre d'agents distincts ayant consulté l'annuaire des partenaires (sa liste, dans l'API ou "
        "l'espace de travail) au moins une fois dans le mois, comptés dans chaque commune où ils "
        "détenaient une habilitation ce mois-là ; sur plusieurs mois, un agent est compté une fois."
    ),
    evenements=lambda du, au: ConsultationAnnuaire.objects.filter(mois__gte=du.replace(day=1), mois__lte=au),
    mesure=lambda filtre: Count("agent", distinct=True, filter=filtre),
    date_evenement="mois",
    additif=False,
    unite="agents",
)
