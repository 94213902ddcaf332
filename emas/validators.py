"""The rules of action 2.3 that are data: codes, bounds and the CLS perimeter, defined once and used
by the models, the services, the API serializers and the admin."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from config.validators import ValidateurCodes

EMAS = "emas"  # the grant of action 2.3 (`emas.dispositif`), a compartment
# The experiment started in October 2019 (fiche 2.3): nothing of the team is recorded before.
DEBUT_DE_L_EQUIPE = date(2019, 10, 1)
DUREE_MAX_MINUTES = 24 * 60
LONGUEUR_MAX_TEXTE = 10_000


class Origine(models.TextChoices):
    """The partners of the convention who may raise the alarm (fiche 2.3): the landlords, the
    collectivités (the Métropole's social service, the towns and their CCAS), the State's services;
    which CCAS or town is said by `Signalement.origine_partenaire` (the directory)."""

    CDC_HABITAT = "cdc_habitat", "CDC Habitat"
    GRAND_DIJON_HABITAT = "grand_dijon_habitat", "Grand Dijon Habitat"
    HABELLIS = "habellis", "Habellis"
    ICF = "icf_sud_est_mediterranee", "ICF Sud-Est-Méditerranée"
    ORVITIS = "orvitis", "Orvitis"
    # Fiche 2.3's collectivités: the Métropole (its social service) and the towns, with their CCAS.
    SERVICE_SOCIAL_METROPOLITAIN = (
        "service_social_metropolitain",
        "Service social métropolitain (Dijon métropole)",
    )
    CCAS = "ccas", "CCAS d'une commune"
    VILLE = "ville", "Ville (mairie)"
    # Before the CCAS and the towns were told apart: kept for the referrals recorded then.
    COMMUNE_CCAS = "commune_ccas", "Commune ou CCAS (sans distinction, saisies antérieures)"
    ARS = "ars", "ARS"
    DDCS = "ddcs", "DDCS"
    DISPOSITIF = "dispositif", "Un autre dispositif du pacte"
    AUTRE = "autre", "Autre"


class Motif(models.TextChoices):
    TROUBLES_VOISINAGE = "troubles_voisinage", "Troubles du voisinage"
    INCURIE = "incurie", "Incurie, négligence de soi"
    DANGER_SOI = "danger_soi", "Mise en danger de soi"
    DANGER_AUTRUI = "danger_autrui", "Mise en danger d'autrui"
    ISOLEMENT = "isolement", "Isolement"
    AUTRE = "autre", "Autre"


class Decision(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    ACCEPTE = "accepte", "Accepté"
    REFUSE = "refuse", "Refusé"
    REORIENTE = "reoriente", "Réorienté"


class StatutSuivi(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    CLOS = "clos", "Clos"


class SoinsSansConsentement(models.TextChoices):
    AUCUN = "aucun", "Aucun"
    SDT = "sdt", "Soins à la demande d'un tiers (SDT)"
    SDRE = "sdre", "Soins sur décision du représentant de l'État (SDRE)"


class MotifFin(models.TextChoices):
    RELAIS_SOINS = "relais_soins", "Relais pris par les soins"
    RELAIS_DROIT_COMMUN = "relais_droit_commun", "Relais pris par le droit commun"
    REFUS_PERSONNE = "refus_personne", "Refus de la personne"
    HOSPITALISATION = "hospitalisation", "Hospitalisation durable"
    DEMENAGEMENT = "demenagement", "Déménagement hors du territoire"
    DECES = "deces", "Décès"
    AUTRE = "autre", "Autre"


class TypeIntervention(models.TextChoices):
    VISITE_DOMICILE = "visite_domicile", "Visite à domicile"
    APPEL = "appel", "Appel téléphonique"
    ACCOMPAGNEMENT_SOINS = "accompagnement_soins", "Accompagnement vers les soins"
    REUNION_PARTENAIRES = "reunion_partenaires", "Réunion avec des partenaires"
    SYNTHESE_EQUIPE = "synthese_equipe", "Synthèse d'équipe"


# The eligibility criteria of the fiche, recorded as answers on the referral.
CRITERES_ELIGIBILITE: dict[str, str] = {
    "majeur": "la personne est majeure",
    "logement_autonome": "elle vit en logement autonome",
    "non_suivi_psychiatrie": "elle n'est pas suivie par la psychiatrie",
    "incapacite_demande_soins": "elle est dans l'incapacité de formuler une demande de soins",
}

# Which care was reached: one boolean column each, so the evaluation counts them in SQL.
ACCES_SOINS: dict[str, str] = {
    "acces_soins_cmp": "CMP",
    "acces_soins_psychiatre": "psychiatre",
    "acces_soins_medecin_traitant": "médecin traitant",
    "acces_soins_hopital": "hôpital",
}


# The motives of a referral: a non-empty list of distinct `Motif` codes (a JSON list, so it works on
# SQLite and PostgreSQL alike); the model validates with it, the services normalise with it.
valider_motifs = ValidateurCodes(Motif, "motif")


MESSAGE_DUREE = f"La durée est un nombre entier de minutes, de 1 à {DUREE_MAX_MINUTES} (24 heures)."


def valider_duree_minutes(valeur) -> None:
    """The duration of an intervention: a whole number of minutes, more than 0 and at most 24 hours."""
    if isinstance(valeur, bool) or not isinstance(valeur, int) or not 0 < valeur <= DUREE_MAX_MINUTES:
        raise ValidationError(MESSAGE_DUREE, code="duree")
