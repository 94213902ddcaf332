from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json


class StrictJSONParser(JSONParser):
    """JSON parser that refuses text the database could not store (lone UTF-16 surrogates)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError("Le corps de la requête contient des caractères invalides.") from exc
        return data
