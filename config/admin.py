"""The admin pieces every dispositif shares: the same rows as the API (`visibles_par`), the same
choices (persons the caller may see, référents holding the grant), and every write through the
app's services, a broken rule shown as a form error in French — never a 500."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from communes.habilitations import comptes_habilites
from communes.models import Dispositif
from config.errors import AccesRefuse, RegleMetierError
from historique.admin import HistoriqueAdminMixin
from journal.mixins import JournalisationAdminMixin


class _Essai(Exception):
    """Raised to roll back the trial run of a service."""


def erreurs_dans_le_formulaire(form, exc: Exception) -> None:
    """Put a domain or validation error on the form field it names (or on the whole form)."""
    if isinstance(exc, RegleMetierError | AccesRefuse):
        form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        return
    erreurs = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for champ, liste in erreurs.items():
        form.add_error(champ if champ in form.fields else None, liste)


class DossierAdmin(JournalisationAdminMixin, HistoriqueAdminMixin, admin.ModelAdmin):
    """Scoped rows and choices, writes by services. A subclass names its `dispositif` and says which
    service a save calls (`appeler_service`); `champs_immuables` become read-only once created.

    The form runs the service in a transaction that is rolled back, so a refused rule shows as a
    form error; the save then runs it for real."""

    dispositif: Dispositif
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
        from usagers.models import Usager

        if db_field.name == "usager":
            kwargs["queryset"] = Usager.objects.visibles_par(request.user, [self.dispositif])
        elif db_field.name == "referent":
            kwargs["queryset"] = comptes_habilites(self.dispositif)
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
                        raise _Essai
                except _Essai:
                    pass
                except (RegleMetierError, AccesRefuse, ValidationError) as exc:
                    erreurs_dans_le_formulaire(self, exc)
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


class LectureSeuleInline(admin.TabularInline):
    """The history of a record, shown under it, never edited there."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
