"""The workspace's grammar for acting on a person's file (/espace/): the dispositifs' pages use it, the
workspace app (`espace`) renders the file. A page parses its form, calls one service — the API's —
and returns to the person's file with a French message; a refusal of the service is shown on the
field it names. Who may act is the API's rule: supervisors read, archived files are read-only, a
record outside the user's querysets is a 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View
from dsfr.forms import DsfrBaseForm

from comptes.roles import est_encadrant
from config.errors import AccesRefuse, DoublonPossible, Introuvable, RegleMetierError
from usagers.models import Usager


def url_fiche(usager: Usager | int, ancre: str = "") -> str:
    pk = usager if isinstance(usager, int) else usager.pk
    url = reverse("espace:usager", args=[pk])
    return f"{url}#{ancre}" if ancre else url


def peut_ecrire(user, usager: Usager) -> bool:
    """Le dossier s'écrit par les agents : un encadrant le lit seulement (comme par l'API), et le
    dossier d'une personne archivée ne se modifie plus."""
    return not est_encadrant(user) and usager.archive_le is None


class Formulaire(DsfrBaseForm):
    """A workspace form in the State's design system (labels, errors and hints as the DSFR draws them)."""

    template_name = "dsfr/form_snippet.html"

    def get_context(self) -> dict:
        # django-dsfr 3.6 warns on every render whichever way DSFR_MARK_OPTIONAL_FIELDS is set; its
        # future behaviour (optional fields marked, as the DSFR recommends) is taken here, silently.
        contexte = forms.Form.get_context(self)
        contexte["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return contexte


def erreur_du_service(form, exc: Exception) -> None:
    """Show a service's refusal on the field it names (or above the form)."""
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for champ, erreurs in exc.message_dict.items():
                form.add_error(champ if champ in form.fields else None, erreurs)
            return
        message = " ".join(exc.messages)
    champ = getattr(exc, "champ", None)
    form.add_error(champ if champ in form.fields else None, message)


ERREURS_DU_SERVICE = (RegleMetierError, AccesRefuse, ValidationError, DoublonPossible)


class ActionSurDossier(LoginRequiredMixin, View):
    """One action on a person's file: GET shows the form (with what the agent must see before acting),
    POST calls the service and goes back to the file. Subclasses give `form_class`, `titre`,
    `message`, `objet()` (from the API's queryset) and `executer(donnees)`."""

    form_class: type = Formulaire
    titre = ""
    message = "Enregistré."
    template_name = "espace/formulaire.html"
    bouton = "Enregistrer"
    ancre = ""

    def objet(self):
        raise NotImplementedError

    def usager_de(self, objet) -> Usager:
        return objet if isinstance(objet, Usager) else objet.usager

    def initial(self) -> dict:
        return {}

    def form_kwargs(self) -> dict:
        return {}

    def informations(self) -> list[tuple[str, str]]:
        """What the agent sees before acting (current end date, cap, places left…)."""
        return []

    def executer(self, donnees: dict):
        raise NotImplementedError

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._objet = None

    def get_objet(self):
        if self._objet is None:
            self._objet = self.objet()
        return self._objet

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        objet = self.get_objet()
        if not peut_ecrire(request.user, self.usager_de(objet)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def rendre(self, form):
        usager = self.usager_de(self.get_objet())
        return render(
            self.request,
            self.template_name,
            {
                "titre": self.titre,
                "form": form,
                "usager": usager,
                "retour": url_fiche(usager, self.ancre),
                "informations": self.informations(),
                "bouton": self.bouton,
            },
        )

    def get(self, request, *args, **kwargs):
        return self.rendre(self.form_class(initial=self.initial(), **self.form_kwargs()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, initial=self.initial(), **self.form_kwargs())
        if form.is_valid():
            try:
                self.executer(form.cleaned_data)
            except Introuvable as exc:
                raise Http404 from exc
            except ERREURS_DU_SERVICE as exc:
                erreur_du_service(form, exc)
            else:
                messages.success(request, self.message)
                return HttpResponseRedirect(url_fiche(self.usager_de(self.get_objet()), self.ancre))
        return self.rendre(form)


def visible(modele, user, pk):
    """The record `pk` among those `user` may see (the API's queryset, `visibles_par`), else 404."""
    return get_object_or_404(modele.objects.visibles_par(user), pk=pk)
