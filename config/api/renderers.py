"""JSON rendered by orjson: a list's page of 50 records in a fraction of `json.dumps`' time
(docs/PERFORMANCE.md, figure 2). Same output as DRF's compact, non-ASCII-escaping renderer for what
the serializers produce (strings, numbers, lists, dicts); any other type goes through DRF's own
encoder (lazy translations, dates, decimals, UUIDs…), which refuses what it cannot write — never a
silent `null`. `?format=json; indent=N` keeps DRF's renderer."""

import orjson
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_encodeur = JSONEncoder()
# Dates and times as DRF writes them (UTC as `Z`, milliseconds), not orjson's own format.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME


class OrjsonRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        contenu = orjson.dumps(data, default=_encodeur.default, option=_OPTIONS)
        # As DRF does: the two line separators JavaScript does not accept inside a string literal.
        return contenu.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")


class ApiNavigable(BrowsableAPIRenderer):
    """The browsable API, its raw-data form labelled in French (DRF writes these two labels in English,
    outside gettext)."""

    def get_raw_data_form(self, data, view, method, request):
        form = super().get_raw_data_form(data, view, method, request)
        if form is not None:
            form.fields["_content_type"].label = "Type de contenu"
            form.fields["_content"].label = "Contenu"
        return form
