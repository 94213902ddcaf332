import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

_TELEPHONE = re.compile(r"^(?:\+33\s?|0033\s?|0)([1-9])(?:[\s.\-]?\d{2}){4}$")


def normaliser_telephone(valeur: str) -> str:
    """A French number, written `06 12 34 56 78`; accepts +33 / 0033 and spaces, dots or dashes."""
    brut = valeur.strip()
    if not _TELEPHONE.match(brut):
        raise ValidationError(
            "Le numéro de téléphone doit être un numéro français (10 chiffres, ou +33 suivi de 9 chiffres).",
            code="telephone",
        )
    chiffres = re.sub(r"\D", "", brut)
    if chiffres.startswith("0033"):
        chiffres = "0" + chiffres[4:]
    elif chiffres.startswith("33") and brut.startswith("+"):
        chiffres = "0" + chiffres[2:]
    return " ".join(chiffres[i : i + 2] for i in range(0, 10, 2))


def valider_date_naissance(valeur: date) -> None:
    if valeur > timezone.localdate():
        raise ValidationError("La date de naissance ne peut pas être dans le futur.", code="futur")
    if valeur.year < 1900:
        raise ValidationError(
            "La date de naissance ne peut pas être antérieure à 1900.", code="trop_ancienne"
        )
