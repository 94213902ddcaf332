from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import or_
from urllib.parse import parse_qs, urlencode

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import InvalidPage
from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from config.sql import lire_page, page_lisible_en_une_requete

PAGE_VIDE = "Indiquez un numéro de page (1, 2, …)."
PAGE_ET_CURSEUR = "« page » et « curseur » ne se combinent pas : paginez par l'un ou par l'autre."
CURSEUR_INVALIDE = "Curseur invalide : reprenez la liste depuis le début (curseur vide) ou suivez « next »."


def _ordre(queryset) -> list[tuple[str, bool]]:
    """The list's order as (name, descending) pairs when it is a keyset (names of non-null columns
    or annotations ending with the primary key), else the primary key alone (newest first)."""
    brut = list(
        queryset.query.order_by or (queryset.model._meta.ordering if queryset.query.default_ordering else [])
    )
    paires = []
    for cle in brut:
        if not isinstance(cle, str) or "__" in cle or cle.lstrip("-") == "?":
            return [("pk", True)]
        nom = cle.lstrip("-")
        if nom not in queryset.query.annotations:
            try:
                champ = queryset.model._meta.get_field(nom)
            except FieldDoesNotExist:
                return [("pk", True)]
            if champ.null or champ.is_relation:
                return [("pk", True)]
            if champ.primary_key:
                nom = "pk"
        paires.append((nom, cle.startswith("-")))
    if not paires or paires[-1][0] not in ("pk", "id"):
        paires.append(("pk", paires[-1][1] if paires else True))
    return paires


def _vers_json(valeur):
    if isinstance(valeur, datetime):
        return ["dt", valeur.isoformat()]
    if isinstance(valeur, date):
        return ["d", valeur.isoformat()]
    if isinstance(valeur, Decimal):
        return ["n", str(valeur)]
    if isinstance(valeur, bool | int | float | str):
        return ["v", valeur]
    return ["s", str(valeur)]


def _depuis_json(paire):
    sorte, valeur = paire
    convertie = {
        "dt": lambda v: parse_datetime(v),
        "d": lambda v: parse_date(v),
        "n": Decimal,
        "v": lambda v: v,
        "s": str,
    }[sorte](valeur)
    if convertie is None:
        raise ValueError(valeur)
    return convertie


def _signataire(queryset, ordre: list[tuple[str, bool]]) -> signing.Signer:
    """What signs a list's cursors: for the list's model and order, with the project's key. A cursor
    is the last row's values in that order; signed, only values the API read from such a row come
    back, as the types of those columns — a cursor made by hand or for another list (whose values
    would reach the SQL as the wrong type: a 500) fails the signature."""
    sens = ",".join(f"-{nom}" if desc else nom for nom, desc in ordre)
    return signing.Signer(salt=f"config.api.pagination.curseur:{queryset.model._meta.label}:{sens}")


# A page number past which `?page=` takes DRF's own path (the offset would overflow PostgreSQL's
# bigint long before; DRF then answers 404 from the count).
PAGE_MAX = 2**31


def _ecritures(queryset, view) -> list:
    """What the view writes with the page it reads (`config.signaux.page_a_lire`: the journal)."""
    ecritures_de_page = getattr(view, "ecritures_de_page", None)
    return ecritures_de_page(queryset) if ecritures_de_page is not None else []


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, 50 per page, `?page_size=` from 1 to 200.

    Two ways to page, the same answer's shape:
    - `?page=N` (kept for compatibility): an exact `count` — cheap for an agent's scoped lists (an
      index range of her communes, docs/PERFORMANCE.md) — and OFFSET, which grows with N;
    - `?curseur=` (empty for the first page, then the `next` link): keyset pagination on the list's
      own order (`WHERE (date, id) < (last row's)`, on the list's index), the same cost at any depth,
      no count (`count` is null), no `previous`; rows inserted meanwhile are neither skipped nor
      repeated. Lists whose order has a nullable column or a related field page by id instead.

    A `page_size` that is not a whole number, or below 1, is a 400 naming it (never silently 50);
    above 200 it is 200 (documented in the schema); a cursor that was not given by the API for this
    list and this order is a 400: the cursor is signed (`_signataire`), so that no value of a type
    the list's columns do not hold (a list, a number past bigint, a date for an instant) ever
    reaches the SQL."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "curseur"

    def paginate_queryset(self, queryset, request, view=None):
        self.par_curseur = self.cursor_query_param in request.query_params
        if request.query_params.get(self.page_query_param) == "":
            raise ValidationError({self.page_query_param: [PAGE_VIDE]})  # not read as page 1
        if not self.par_curseur:
            return self._par_numero(queryset, request, view)
        if self.page_query_param in request.query_params:
            # One way of paging at a time: a `page` beside a cursor would be silently ignored.
            raise ValidationError({self.page_query_param: [PAGE_ET_CURSEUR]})
        self.request = request
        taille = self.get_page_size(request)
        ordre = _ordre(queryset)
        queryset = queryset.order_by(*[f"-{nom}" if desc else nom for nom, desc in ordre])
        brut = request.query_params[self.cursor_query_param]
        signataire = _signataire(queryset, ordre)
        if brut:
            queryset = queryset.filter(self._apres(ordre, self._decoder(brut, len(ordre), signataire)))
        if page_lisible_en_une_requete(queryset):
            # The row past the page says whether there is a next one: read, not shown, not journaled.
            lignes, _ = lire_page(
                queryset, 0, taille + 1, compter=False, ecritures=_ecritures(queryset, view), a_ecrire=taille
            )
        else:
            lignes = list(queryset[: taille + 1])
        self.suivant = None
        if len(lignes) > taille:
            lignes = lignes[:taille]
            dernier = lignes[-1]
            self.suivant = self._encoder([getattr(dernier, nom) for nom, _ in ordre], signataire)
        return lignes

    def _par_numero(self, queryset, request, view):
        """`?page=N`: the count, the page and what is written with it (the access journal) in one
        statement (`config.sql.lire_page`); DRF's own path (a `COUNT(*)`, then the slice) for
        `page=last`, a number it refuses, or where one statement cannot read the page."""
        brut = request.query_params.get(self.page_query_param) or "1"
        taille = self.get_page_size(request)
        lisible = brut.isascii() and brut.isdigit() and 1 <= int(brut) <= PAGE_MAX // taille
        if not (lisible and page_lisible_en_une_requete(queryset)):
            return super().paginate_queryset(queryset, request, view)
        numero = int(brut)
        lignes, total = lire_page(
            queryset, (numero - 1) * taille, taille, compter=True, ecritures=_ecritures(queryset, view)
        )
        paginator = self.django_paginator_class(queryset, taille)
        paginator.count = total  # Paginator.count is a cached property: the count read above
        try:
            paginator.validate_number(numero)
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message.format(page_number=brut, message=str(exc))) from exc
        self.page = paginator._get_page(lignes, numero, paginator)
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        self.request = request
        return lignes

    @staticmethod
    def _apres(ordre: list[tuple[str, bool]], valeurs: list):
        """Rows after the cursor in the list's order. One direction throughout: a row comparison,
        `(a, b, id) < (x, y, z)`, which PostgreSQL reads as a range of the list's index (Django
        writes it column by column where the database has no row values). Mixed directions: column
        by column, `a < x OR (a = x AND …)`, with the first column's bound alone (`a <= x`) so that
        PostgreSQL walks the list's index from there."""
        if len({desc for _, desc in ordre}) == 1:
            comparaison = TupleLessThan if ordre[0][1] else TupleGreaterThan
            return comparaison(Tuple(*(F(nom) for nom, _ in ordre)), valeurs)
        conditions = []
        for i, (nom, desc) in enumerate(ordre):
            egaux = {n: v for (n, _), v in zip(ordre[:i], valeurs[:i], strict=True)}
            conditions.append(Q(**egaux, **{f"{nom}__{'lt' if desc else 'gt'}": valeurs[i]}))
        premier, desc = ordre[0]
        return Q(**{f"{premier}__{'lte' if desc else 'gte'}": valeurs[0]}) & reduce(or_, conditions)

    @staticmethod
    def _encoder(valeurs: list, signataire: signing.Signer) -> str:
        return signataire.sign_object([_vers_json(v) for v in valeurs])

    def _decoder(self, brut: str, longueur: int, signataire: signing.Signer) -> list:
        try:
            paires = signataire.unsign_object(brut)
            if not isinstance(paires, list) or len(paires) != longueur:
                raise ValueError(brut)
            return [_depuis_json(p) for p in paires]
        except (signing.BadSignature, ValueError, TypeError, KeyError, InvalidOperation, UnicodeDecodeError):
            raise ValidationError({self.cursor_query_param: [CURSEUR_INVALIDE]}) from None

    def get_paginated_response(self, data):
        if not self.par_curseur:
            return super().get_paginated_response(data)
        suivant = None
        if self.suivant:
            # DRF's `replace_query_param` then `remove_query_param`, the address parsed once.
            adresse, _, requete = self.request.build_absolute_uri().partition("?")
            parametres = parse_qs(requete, keep_blank_values=True)
            parametres[self.cursor_query_param] = [self.suivant]
            parametres.pop(self.page_query_param, None)
            suivant = f"{adresse}?{urlencode(sorted(parametres.items()), doseq=True)}"
        return Response({"count": None, "next": suivant, "previous": None, "results": data})

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

    def get_paginated_response_schema(self, schema):
        reponse = super().get_paginated_response_schema(schema)
        reponse["properties"]["count"] = {
            "type": "integer",
            "nullable": True,
            "example": 123,
            "description": "Nombre total d'éléments (pagination par `page`) ; null avec `curseur`.",
        }
        return reponse

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
        parametres.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Pagination par curseur (même coût à toute profondeur, sans `count`) : vide pour la "
                    "première page, puis suivre le lien `next`."
                ),
                "schema": {"type": "string"},
            }
        )
        return parametres
