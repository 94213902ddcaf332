"""Rules shared by every dispositif, each written once and called from the model, the service,
the serializer and the admin alike (the app-specific ones live in each app's `validators.py`)."""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from config.errors import RegleMetierError
from config.formats import date_fr

# No record of the pacte describes an event before 2000: an earlier date is a typing error.
DATE_MIN = date(2000, 1, 1)


def jour_local(valeur: date | datetime) -> date:
    """The day in Europe/Paris of a date-time (a date is returned as it is)."""
    return timezone.localdate(valeur) if isinstance(valeur, datetime) else valeur


def valider_date_pas_future(valeur: date | datetime) -> None:
    """A date (or the local day of a date-time) may be today, never after today."""
    if jour_local(valeur) > timezone.localdate():
        raise ValidationError("La date ne peut pas être postérieure à aujourd'hui.", code="futur")


def valider_date_plausible(valeur: date | datetime) -> None:
    """A date of the pacte's records is on or after 1 January 2000."""
    if jour_local(valeur) < DATE_MIN:
        raise ValidationError(
            f"La date ne peut pas être antérieure au {date_fr(DATE_MIN)}.", code="trop_ancienne"
        )


def verifier_date_passee(jour: date | None, *, champ: str, libelle: str, minimum: date = DATE_MIN) -> date:
    """A date of something that has happened: given, not in the future, not before `minimum`.

    The same two rules as the validators above, answered as a `RegleMetierError` naming `champ`
    (services use it for dates that arrive as arguments of a lifecycle transition)."""
    if jour is None:
        raise RegleMetierError(f"Indiquez {libelle}.", champ=champ)
    nom = libelle[0].upper() + libelle[1:]
    if jour > timezone.localdate():
        raise RegleMetierError(f"{nom} ne peut pas être dans le futur.", champ=champ)
    if jour < minimum:
        raise RegleMetierError(f"{nom} ne peut pas précéder le {date_fr(minimum)}.", champ=champ)
    return jour


@deconstructible(path="config.validators.ValidateurCodes")
class ValidateurCodes:
    """A list of codes of `enum` (e.g. the objectives of a measure): a non-empty list, known codes,
    each once. Used as a model field validator; `normaliser()` gives the services the same rule."""

    def __init__(self, enum: type[models.TextChoices], nom: str) -> None:
        self.enum = enum
        self.nom = nom

    def __call__(self, valeur: object) -> None:
        if not isinstance(valeur, list) or not valeur:
            raise ValidationError(f"Indiquez au moins un {self.nom}, sous forme de liste.", code="liste")
        inconnus = [str(code) for code in valeur if code not in self.enum.values]
        if inconnus:
            raise ValidationError(
                f"Code(s) inconnu(s) : {', '.join(inconnus)} ; "
                f"codes possibles : {', '.join(self.enum.values)}.",
                code="inconnu",
            )
        if len(set(valeur)) != len(valeur):
            raise ValidationError("Un même code est indiqué deux fois.", code="doublon")

    def normaliser(self, codes: Iterable[str], *, champ: str) -> list[str]:
        """The codes as a list, duplicates removed, or a `RegleMetierError` naming `champ`."""
        liste = list(dict.fromkeys(codes or []))
        try:
            self(liste)
        except ValidationError as exc:
            raise RegleMetierError(exc.messages[0], champ=champ) from exc
        return liste

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ValidateurCodes) and (self.enum, self.nom) == (other.enum, other.nom)
