"""The indicators of action 1.4 (`config.dispositifs.Indicateur`), declared by `orientations.dispositif`:
the directory's use (the agents who consulted it, by month; the orientations to each kind of
partner; the records of every dispositif that name a partner, from their `renvois_annuaire`) and the
flows between dispositifs (by origin, target and outcome). An orientation counts in the commune where
the person lived on its date; a consultation in each commune of the agent's grants.
"""

from datetime import date

from django.apps import apps
from django.db.models import Count, QuerySet

from config import dispositifs as registre
from config.dispositifs import Dispositif, Indicateur, RenvoiAnnuaire, Ventilation
from orientations.models import Orientation, StatutOrientation, libelle_dispositif
from partenaires.models import ConsultationAnnuaire
from partenaires.validators import TypePartenaire
from usagers.models import chemin_vers_usager, commune_a_la_date_sql


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


# The commune a record naming a partner counts in, when its dispositif stores none for that date.
COMMUNE_DU_RENVOI = "commune_du_renvoi"


def _renvoi(dispositif: Dispositif, renvoi: RenvoiAnnuaire) -> Indicateur:
    modele = apps.get_model(renvoi.modele)
    champ_commune = renvoi.champ_commune or COMMUNE_DU_RENVOI

    def evenements(du: date, au: date) -> QuerySet:
        lignes = modele.objects.filter(
            **{f"{renvoi.champ}__isnull": False, f"{renvoi.date}__gte": du, f"{renvoi.date}__lte": au}
        )
        if renvoi.champ_commune:
            return lignes
        return lignes.annotate(
            **{COMMUNE_DU_RENVOI: commune_a_la_date_sql(chemin_vers_usager(modele), renvoi.date)}
        )

    return Indicateur(
        id=f"1.4.annuaire_{renvoi.code}",
        libelle=f"Annuaire des partenaires, dossiers qui y renvoient : {renvoi.libelle}",
        regle=(
            f"Nombre de dossiers — {renvoi.libelle} ({dispositif.libelle or dispositif.titre_action}) — "
            "qui désignent un partenaire de l'annuaire et dont la « "
            f"{modele._meta.get_field(renvoi.date).verbose_name} » est dans la période, par type de "
            "partenaire, comptés dans "
            + (
                f"la commune du dossier (« {_verbose(modele, renvoi.champ_commune)} »)."
                if renvoi.champ_commune
                else "la commune où la personne résidait à cette date."
            )
        ),
        evenements=evenements,
        mesure=lambda filtre: Count("id", filter=filtre),
        date_evenement=renvoi.date,
        champ_commune=champ_commune,
        ventilations=(
            Ventilation(
                "type_partenaire",
                "Type de partenaire",
                f"{renvoi.champ}__type",
                domaine=tuple(TypePartenaire.choices),
            ),
        ),
        unite="dossiers",
    )


def _verbose(modele, chemin: str) -> str:
    return str(modele._meta.get_field(chemin.removesuffix("_id")).verbose_name)


def renvois_vers_l_annuaire() -> tuple[Indicateur, ...]:
    """One indicator per kind of record naming a partner, as the dispositifs declare them
    (`Dispositif.renvois_annuaire`): the directory's use, record by record (fiche 1.4)."""
    return tuple(_renvoi(d, renvoi) for d, renvoi in registre.renvois_annuaire())
