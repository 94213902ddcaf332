from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, 50 per page, `?page_size=` from 1 to 200.

    A `page_size` that is not a whole number, or below 1, is a 400 naming it (never silently 50);
    above 200 it is 200 (documented in the schema)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        brut = request.query_params.get(self.page_size_query_param)
        if brut is None:
            return self.page_size
        if not brut.isascii() or not brut.isdigit() or int(brut) < 1:
            raise ValidationError(
                {
                    "page_size": [
                        f"Indiquez un nombre entier d'éléments par page, de 1 à {self.max_page_size}."
                    ]
                }
            )
        return min(int(brut), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parametres = super().get_schema_operation_parameters(view)
        for parametre in parametres:
            if parametre["name"] == self.page_size_query_param:
                parametre["schema"] = {"type": "integer", "minimum": 1, "default": self.page_size}
                parametre["description"] = (
                    f"Éléments par page (1 à {self.max_page_size} ; au-delà, {self.max_page_size})."
                )
            elif parametre["name"] == self.page_query_param:
                parametre["schema"] = {"type": "integer", "minimum": 1}
        return parametres
