"""Journaling inherited by every dispositif: `DossierViewSet` and `DossierAdmin` include these
mixins (one line each), so a new dispositif's views and admin pages are journaled with no code.

- API: a list journals the ids of the page shown (one INSERT), a detail `lu`, a create `cree`, a
  `PATCH` or a transition `modifie`, a `DELETE` `supprime` — only when the answer is a success.
  Writes run in one transaction with their journal entries.
- Admin: the change list journals the rows shown, the change page `lu`, a save `cree`/`modifie`.
"""

import copy

from django.db import transaction

from journal.models import Action, Origine
from journal.services import journaliser

_ACTIONS_API = {
    "create": Action.CREE,
    "destroy": Action.SUPPRIME,
    "retrieve": Action.LU,
    "list": Action.LISTE,
}


class JournalisationVueMixin:
    _journal_objets: list | None = None

    def dispatch(self, request, *args, **kwargs):
        self._journal_objets = None
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._journal_objets = list(page)
        return page

    def get_object(self):
        objet = super().get_object()
        self._journal_objets = [copy.copy(objet)]  # a copy: a deletion empties the instance's pk
        return objet

    def rendre(self, instance, *args, **kwargs):
        self._journal_objets = [instance]
        return super().rendre(instance, *args, **kwargs)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._journal_objets = [serializer.instance]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if 200 <= response.status_code < 300 and self._journal_objets and request.method != "OPTIONS":
            action = _ACTIONS_API.get(self.action, Action.MODIFIE)
            journaliser(par=request.user, action=action, objets=self._journal_objets, origine=Origine.API)
        return response


class JournalisationAdminMixin:
    def get_changelist_instance(self, request):
        liste = super().get_changelist_instance(request)
        journaliser(
            par=request.user, action=Action.LISTE, objets=list(liste.result_list), origine=Origine.ADMIN
        )
        return liste

    def get_object(self, request, object_id, from_field=None):
        objet = super().get_object(request, object_id, from_field)
        if objet is not None and request.method == "GET":
            journaliser(par=request.user, action=Action.LU, objets=[objet], origine=Origine.ADMIN)
        return objet

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = Action.MODIFIE if change else Action.CREE
        journaliser(par=request.user, action=action, objets=[obj], origine=Origine.ADMIN)

    def delete_model(self, request, obj):
        journaliser(par=request.user, action=Action.SUPPRIME, objets=[obj], origine=Origine.ADMIN)
        super().delete_model(request, obj)
