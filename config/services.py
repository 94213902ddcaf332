"""The one dialect of every app's services (docs/ARCHITECTURE.md, « a service »):

    @transaction.atomic
    def mesure_modifier(*, mesure: MesureASLL, par: User, **changements: object) -> MesureASLL:
        check_changeable(changements, MODIFIABLES)   # a programming error, not a user's
        mesure = _verrouiller_mesure(mesure, par)    # SELECT … FOR UPDATE, `Introuvable` if unseen
        …the rules that are not a field's own (state, grants)…
        apply_changes(mesure, changements)
        return save_valid(mesure)                    # every field's validators, then save

A field's own rules (choices, lengths, dates, codes) are its validators, run by `save_valid`: a
service does not check them again."""

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def check_changeable(changements: Iterable[str], modifiables: Iterable[str]) -> None:
    """A programming error, not a user's: a service was handed a field it does not change (the
    serializers and admin forms offer only the changeable ones)."""
    inconnus = set(changements) - set(modifiables)
    if inconnus:
        raise ValueError(f"Champs non modifiables : {', '.join(sorted(inconnus))}")


def apply_changes(instance: Model, changements: Mapping[str, object]) -> None:
    """Set each changed field on `instance` (not saved)."""
    for champ, valeur in changements.items():
        setattr(instance, champ, valeur)


def save_valid(instance: M) -> M:
    """Validate every field and constraint of the model (French messages, per field), then save."""
    instance.full_clean()
    instance.save()
    return instance
