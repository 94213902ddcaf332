"""The admin pieces every dispositif shares: the same rows as the API (`visibles_par`), the same
choices (persons the caller may see, référents holding the grant), and every write through the
app's services, a broken rule shown as a form error in French — never a 500."""

from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import BadRequest, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from config.errors import MESSAGE_CONFLIT, AccesRefuse, ConflitDeVersion, DoublonPossible, RegleMetierError
from config.models import Versioned
from config.signaux import dossiers_consultes, versions_demandees

CHAMP_VERSION = "version_lue"
MESSAGE_VERSION_REQUISE = (
    "La version du dossier que vous avez ouvert manque au formulaire : rechargez la page, puis refaites "
    "votre modification."
)


CARACTERE_NUL = "Requête invalide : un paramètre contient un caractère nul."


class SiteAdmin(admin.AdminSite):
    """Django's admin site, every one of its views behind `_parametres_lisibles`: no input of the
    address reaches the database as a value it cannot hold (`config.apps.AdminPacte` makes it the
    project's `admin.site`)."""

    def admin_view(self, view, cacheable=False):
        return super().admin_view(_parametres_lisibles(view), cacheable)


def _parametres_lisibles(view):
    """Two inputs of an admin address that Django sends on as they are, each a 500:
    - a NUL byte (`?statut__exact=%00`, `/commune/%00/change/`), which no PostgreSQL text can hold:
      a 400;
    - a year of the change list's date hierarchy past what a date holds (`?quand__year=99999999999`:
      Django catches a `ValueError` there, not the `OverflowError`; `?quand__year=9999`: the year's end
      falls in year 10 000): Django's own answer to a malformed filter, the list with `?e=1`."""

    @wraps(view)
    def vue(request, *args, **kwargs):
        valeurs = [v for _, liste in request.GET.lists() for v in liste] + [str(v) for v in kwargs.values()]
        if any("\x00" in valeur for valeur in valeurs):
            raise BadRequest(CARACTERE_NUL)
        try:
            return view(request, *args, **kwargs)
        except (OverflowError, ValueError) as exc:
            if getattr(view, "__name__", "") != "changelist_view" or request.method != "GET":
                raise
            # What `ModelAdmin.changelist_view` answers to `IncorrectLookupParameters`.
            if ERROR_FLAG in request.GET:
                raise BadRequest("Requête invalide : un filtre de la liste est hors des bornes.") from exc
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

    return vue


class _TrialRun(Exception):
    """Raised to roll back the trial run of a service."""


def errors_on_form(form, exc: Exception) -> None:
    """Put a domain or validation error on the form field it names (or on the whole form)."""
    if isinstance(exc, DoublonPossible):
        form.add_error(None, message_doublon(exc))
        return
    if isinstance(exc, RegleMetierError | AccesRefuse):
        form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        return
    erreurs = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for champ, liste in erreurs.items():
        form.add_error(champ if champ in form.fields else None, liste)


def message_doublon(exc: DoublonPossible):
    """The duplicate warning of the admin: the candidates (all visible to the author), each a link."""
    candidats = format_html_join(
        "",
        '<li><a href="{}" target="_blank">{} {}</a>, né(e) le {}, {}</li>',
        (
            (
                reverse("admin:usagers_usager_change", args=[u.pk]),
                u.nom.upper(),
                u.prenom,
                f"{u.date_naissance:%d/%m/%Y}",
                u.commune.nom,
            )
            for u in exc.candidats
        ),
    )
    return format_html(
        "{}<ul>{}</ul>Si c'est une autre personne, cochez « confirmer le doublon » et enregistrez.",
        exc.message,
        candidats,
    )


class VersionAdminMixin:
    """The admin's side of « no lost update »: the change form carries, hidden, the version it
    shows; saving it compares that version with the row's under `SELECT … FOR UPDATE` (held by the
    admin's transaction until the save), and a record changed meanwhile is a form error in French,
    nothing overwritten."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not isinstance(obj, Versioned):
            return fieldsets
        (titre, options), *reste = fieldsets
        return [(titre, {**options, "fields": [*options["fields"], CHAMP_VERSION]}), *reste]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [champ for champ in kwargs["fields"] if champ != CHAMP_VERSION]
        formulaire = super().get_form(request, obj, change, **kwargs)
        if obj is None or not isinstance(obj, Versioned):
            return formulaire

        class FormulaireVersionne(formulaire):
            # Required, as the API's 428: a post without it (a crafted one) would overwrite blindly.
            version_lue = forms.IntegerField(
                widget=forms.HiddenInput,
                initial=obj.version,
                error_messages={"required": MESSAGE_VERSION_REQUISE, "invalid": MESSAGE_VERSION_REQUISE},
            )

            def clean(self):
                if CHAMP_VERSION not in self.cleaned_data:
                    if CHAMP_VERSION not in self.errors:
                        self.add_error(None, MESSAGE_VERSION_REQUISE)
                    return self.cleaned_data
                lue = self.cleaned_data.pop(CHAMP_VERSION)
                actuelle = (
                    type(obj)
                    ._base_manager.select_for_update()
                    .values_list("version", flat=True)
                    .get(pk=obj.pk)
                )
                if actuelle != lue:
                    self.add_error(None, MESSAGE_CONFLIT)
                    return self.cleaned_data
                return super().clean()

        return FormulaireVersionne


class AccessSignalAdminMixin:
    """Every read of files through the admin is told (`config.signaux.dossiers_consultes`, the access
    journal listens): the change list, the rows shown; a record's pages (change, history, delete), `lu`.
    Writes are journaled by the model layer (`journal.services.ecriture_consignee`), whatever the
    `save_model` or `delete_model` of a subclass does."""

    def get_changelist_instance(self, request):
        liste = super().get_changelist_instance(request)
        dossiers_consultes.send(
            sender="admin", par=request.user, action="liste", objets=list(liste.result_list)
        )
        return liste

    def get_object(self, request, object_id, from_field=None):
        objet = super().get_object(request, object_id, from_field)
        if objet is not None and request.method == "GET":
            dossiers_consultes.send(sender="admin", par=request.user, action="lu", objets=[objet])
        return objet


class AutocompletionJournalisee(AutocompleteJsonView):
    """The admin's autocompletion tells what it shows (`config.signaux.dossiers_consultes`, `liste`):
    its answers are names, birth dates and communes — a read of the register like any list."""

    def get_context_data(self, *args, **kwargs):
        contexte = super().get_context_data(*args, **kwargs)
        montres = list(contexte["object_list"])
        if montres:
            dossiers_consultes.send(sender="admin", par=self.request.user, action="liste", objets=montres)
        return contexte


class HistoryAdminMixin:
    """The « Historique » page of a record shows its versions: what changed, from what to what, by
    whom, when (`config.signaux.versions_demandees`, answered by the change history), for whoever
    may open the record (the page starts from `get_object`, the admin's scoped queryset)."""

    object_history_template = "admin/versions_du_dossier.html"

    def history_view(self, request, object_id, extra_context=None):
        objet = self.get_object(request, object_id)
        versions = []
        if objet is not None:
            for _recepteur, reponse in versions_demandees.send(sender=type(objet), objet=objet):
                versions += reponse
        return super().history_view(
            request, object_id, extra_context={**(extra_context or {}), "versions": versions}
        )


class DossierAdmin(AccessSignalAdminMixin, HistoryAdminMixin, VersionAdminMixin, admin.ModelAdmin):
    """Scoped rows and choices, writes by services. A subclass names its `dispositif` and says which
    service a save calls (`appeler_service`); `champs_immuables` become read-only once created.

    The form runs the service in a transaction that is rolled back, so a refused rule shows as a
    form error; the save then runs it for real."""

    dispositif: str  # the grant code of the records it shows (`config.dispositifs`)
    champs_immuables: tuple[str, ...] = ()

    def appeler_service(self, request, obj, donnees: dict, change: bool):
        raise NotImplementedError

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, *self.champs_immuables] if obj is not None else readonly

    def has_delete_permission(self, request, obj=None):
        return False  # the records of the pacte are kept: a mistake is corrected, not deleted

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The persons and the accounts, by their own managers' rules (the register, the grants).
        if db_field.name == "usager":
            kwargs["queryset"] = db_field.related_model.objects.visibles_par(request.user, [self.dispositif])
        elif db_field.name == "referent":
            kwargs["queryset"] = db_field.related_model.habilites(self.dispositif)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change, **kwargs)
        modele_admin = self

        class FormulaireParService(formulaire):
            def clean(self):
                donnees = super().clean()
                if self.errors:
                    return donnees
                changements = donnees
                if change:
                    changements = {c: donnees[c] for c in self.changed_data if c in donnees}
                try:
                    with transaction.atomic():
                        modele_admin.appeler_service(request, obj, dict(changements), change)
                        raise _TrialRun
                except _TrialRun:
                    pass
                except ConflitDeVersion as exc:
                    self.add_error(None, exc.message)
                except (RegleMetierError, AccesRefuse, ValidationError, DoublonPossible) as exc:
                    errors_on_form(self, exc)
                return donnees

            def _post_clean(self):
                # The model is validated by the service (above), with every rule of the dispositif.
                pass

        return FormulaireParService

    def save_model(self, request, obj, form, change):
        donnees = form.cleaned_data
        if change:
            donnees = {c: donnees[c] for c in form.changed_data if c in donnees}
        resultat = self.appeler_service(request, obj if change else None, dict(donnees), change)
        for champ in resultat._meta.concrete_fields:
            setattr(obj, champ.attname, getattr(resultat, champ.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields and inlines are written by the services, not by the form.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ReadOnlyAdminMixin:
    """A record shown, never added, changed or deleted here (journals, snapshots, computed records)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The history of a record, shown under it, never edited there."""

    extra = 0
    can_delete = False
    show_change_link = True
