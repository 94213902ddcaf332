from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

PROFONDEUR_MAX = 32  # no record of the pacte nests deeper than a few levels


def _profondeur(donnees) -> int:
    """Nesting depth, walked iteratively (a recursive walk is what a hostile body wants)."""
    profondeur, pile = 0, [(donnees, 1)]
    while pile:
        valeur, niveau = pile.pop()
        if isinstance(valeur, dict | list):
            profondeur = max(profondeur, niveau)
            if profondeur > PROFONDEUR_MAX:
                return profondeur
            pile.extend((v, niveau + 1) for v in (valeur.values() if isinstance(valeur, dict) else valeur))
    return profondeur


class StrictJSONParser(JSONParser):
    """JSON parser that refuses what the database or the renderer could not take: lone UTF-16
    surrogates, numbers out of float range (`1e999`), bodies nested deeper than `PROFONDEUR_MAX`
    (or deep enough to exhaust Python's recursion) — each a 400 in French, never a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("Le corps de la requête est trop imbriqué.") from exc
        if _profondeur(data) > PROFONDEUR_MAX:
            raise ParseError("Le corps de la requête est trop imbriqué.")
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except ValueError as exc:  # UnicodeEncodeError is one; so is an infinite number
            raise ParseError(
                "Le corps de la requête contient des caractères ou des nombres invalides."
            ) from exc
        return data
