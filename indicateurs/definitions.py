"""The indicators of actions 1.1, 2.1 and 2.2: the one place where their counting rules live.

Every count is by the commune of residence at the time of the event — the `commune` stored on
the event, taken from the residence history at the event's date (`usagers.models.Residence`).
The indicators of action 2.3 are contributed by the `emas` app (`emas/indicateurs.py`).
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from accompagnements.models import Contact, Droit, StatutDroit, TypeDroit
from communes.models import Dispositif
from indicateurs.periodes import bornes_locales
from indicateurs.registre import Indicateur, Ventilation, enregistrer
from logement.models import (
    IssueMesure,
    MesureASLL,
    Orientation,
    PrescripteurACOR,
    SituationACOR,
    StatutMesure,
    TypeMesure,
)


def _noms_des_agents(ids: Iterable[str]) -> dict[str, str]:
    entiers = [int(i) for i in ids if str(i).isdigit()]
    return {
        str(pk): f"{prenom} {nom}".strip() or f"Agent {pk}"
        for pk, prenom, nom in get_user_model()
        .objects.filter(pk__in=entiers)
        .values_list("pk", "first_name", "last_name")
    }


def _libelles_des_types_de_droit(codes: Iterable[str]) -> dict[str, str]:
    return dict(TypeDroit.objects.filter(code__in=list(codes)).values_list("code", "libelle"))


def _contacts(du, au):
    debut, fin = bornes_locales(du, au)
    return Contact.objects.filter(date__gte=debut, date__lt=fin)


PERSONNES_RECUES = enregistrer(
    Indicateur(
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
        dispositifs=(Dispositif.ACCES_DROITS,),
        unite="personnes",
    )
)

DROITS_OUVERTS = enregistrer(
    Indicateur(
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
            Ventilation("type", "Type de droit", "type__code", libelles_de=_libelles_des_types_de_droit),
        ),
        dispositifs=(Dispositif.ACCES_DROITS,),
        unite="droits",
    )
)

MESURES_EXERCEES = enregistrer(
    Indicateur(
        id="2.1.mesures_exercees",
        libelle="Mesures ASLL exercées",
        regle=(
            "Nombre de mesures ASLL en cours à un moment de la période : commencées au plus tard "
            "le dernier jour et non terminées avant le premier. Une mesure suspendue reste exercée "
            "(la suspension ne la termine pas). Une mesure est comptée dans la commune de résidence "
            "à son début ; par mois, elle compte dans chaque mois où elle a été exercée."
        ),
        evenements=lambda du, au: MesureASLL.objects.filter(date_debut__lte=au).filter(
            Q(date_fin__isnull=True) | Q(date_fin__gte=du)
        ),
        mesure=lambda filtre: Count("id", filter=filtre),
        periode_active=("date_debut", "date_fin"),
        ventilations=(Ventilation("type", "Type de mesure", "type", domaine=tuple(TypeMesure.choices)),),
        additif=False,
        dispositifs=(Dispositif.ASLL,),
        unite="mesures",
    )
)

ISSUES = enregistrer(
    Indicateur(
        id="2.1.issues",
        libelle="Bilan des suites des mesures ASLL terminées",
        regle=(
            "Nombre de mesures ASLL terminées pendant la période (date de fin dans la période), "
            "par issue (objectifs atteints, partiellement atteints, non-collaboration, orientation "
            "vers une autre réponse, déménagement, autre) et, pour les orientations, par réponse "
            "proposée. Une mesure est comptée dans la commune de résidence à son début."
        ),
        evenements=lambda du, au: MesureASLL.objects.filter(
            statut=StatutMesure.TERMINEE, date_fin__gte=du, date_fin__lte=au
        ),
        mesure=lambda filtre: Count("id", filter=filtre),
        date_evenement="date_fin",
        ventilations=(
            Ventilation("issue", "Issue de la mesure", "issue", domaine=tuple(IssueMesure.choices)),
            Ventilation(
                "orientation",
                "Orientation",
                "orientation",
                domaine=(*Orientation.choices, ("", "Sans orientation")),
            ),
        ),
        dispositifs=(Dispositif.ASLL,),
        unite="mesures",
    )
)

SITUATIONS_PRISES_EN_CHARGE = enregistrer(
    Indicateur(
        id="2.2.situations_prises_en_charge",
        libelle="Situations prises en charge par ACOR",
        regle=(
            "Nombre de situations ACOR dont la date d'entrée (prise en charge) est dans la période, "
            "comptées dans la commune où la personne résidait à la date d'entrée. Les orientations "
            "encore en liste d'attente ou closes sans suite ne sont pas comptées."
        ),
        evenements=lambda du, au: SituationACOR.objects.filter(date_entree__gte=du, date_entree__lte=au),
        mesure=lambda filtre: Count("id", filter=filtre),
        date_evenement="date_entree",
        ventilations=(
            Ventilation(
                "prescripteur", "Orienté par", "prescripteur", domaine=tuple(PrescripteurACOR.choices)
            ),
        ),
        dispositifs=(Dispositif.ACOR,),
        unite="situations",
    )
)
