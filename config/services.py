"""Plumbing shared by the services of every app."""

from collections.abc import Iterable


def verifier_modifiables(changements: Iterable[str], modifiables: Iterable[str]) -> None:
    """A programming error, not a user's: a service was handed a field it does not change (the
    serializers and admin forms offer only the changeable ones)."""
    inconnus = set(changements) - set(modifiables)
    if inconnus:
        raise ValueError(f"Champs non modifiables : {', '.join(sorted(inconnus))}")
