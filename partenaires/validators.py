"""The directory's codes (kinds of partner, domains) and their rule, defined once: used by the model,
its migrations, the API filters and the indicators (imports no model)."""

from django.core.exceptions import ValidationError
from django.db import models


class TypePartenaire(models.TextChoices):
    CAF = "caf", "Caisse d'allocations familiales"
    ASSURANCE_MALADIE = "assurance_maladie", "Assurance maladie (CPAM)"
    CCAS = "ccas", "CCAS"
    COMMUNE = "commune", "Commune"
    SERVICE_SOCIAL = "service_social", "Service social métropolitain (antenne)"
    BAILLEUR = "bailleur", "Bailleur social"
    SANTE = "sante", "Soins (CMP, hôpital)"
    ETAT = "etat", "Services de l'État"
    EMPLOI = "emploi", "Emploi et insertion"
    ASSOCIATION = "association", "Association"
    OPERATEUR = "operateur", "Opérateur d'un dispositif du pacte"
    AUTRE = "autre", "Autre"


class Domaine(models.TextChoices):
    DROITS = "droits", "Accès aux droits"
    LOGEMENT = "logement", "Logement"
    SANTE = "sante", "Santé"
    BUDGET = "budget", "Budget"
    EMPLOI = "emploi", "Emploi"
    FAMILLE = "famille", "Famille"
    ALIMENTATION = "alimentation", "Aide alimentaire"
    NUMERIQUE = "numerique", "Numérique"


def valider_domaines(valeur) -> None:
    if not isinstance(valeur, list) or not all(isinstance(v, str) for v in valeur):
        raise ValidationError("Les domaines sont une liste de codes.")
    inconnus = sorted(set(valeur) - set(Domaine.values))
    if inconnus:
        raise ValidationError(f"Domaine inconnu : {', '.join(inconnus)}.")
