"""Refusals made before any view runs (docs/SECURITY.md), answered in French JSON."""

from django.conf import settings
from django.http import JsonResponse


class TailleDesRequetesMiddleware:
    """A body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` is a 413, whatever its type: Django checks
    that limit for forms only, and DRF's parsers read JSON from the stream without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limite = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": "En-tête Content-Length invalide."}, status=400)
        if limite is not None and taille > limite:
            return JsonResponse(
                {"detail": f"Requête trop volumineuse : {limite // 1024} Kio au plus."}, status=413
            )
        return self.get_response(request)
