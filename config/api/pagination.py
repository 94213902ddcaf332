from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, 50 per page, `?page_size=` from 1 up to 200 (a
    larger one is capped; one that is not a whole number ≥ 1 is a 400, never silently ignored)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        valeur = request.query_params.get(self.page_size_query_param)
        if valeur is not None and not (valeur.isascii() and valeur.isdigit() and int(valeur) >= 1):
            raise ValidationError({self.page_size_query_param: ["Indiquez un nombre entier de 1 à 200."]})
        return super().get_page_size(request)
