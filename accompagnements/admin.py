"""The admin of action 1.1, with the API's rules: rows of the caller's communes only, foreign-key
choices limited to what they may see, and every write through the services (the admin form
runs the service in a rolled-back transaction first, so a refused rule shows as a form error)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accompagnements.models import Accompagnement, Contact, Demarche, Droit, TransitionDroit, TypeDroit
from accompagnements.perms import DISPOSITIF
from accompagnements.services import (
    accompagnement_modifier,
    accompagnement_ouvrir,
    contact_enregistrer,
    contact_modifier,
    demarche_enregistrer,
    demarche_modifier,
    droit_enregistrer,
    droit_modifier,
)
from config.errors import AccesRefuse, RegleMetierError
from usagers.models import Usager


class _Essai(Exception):
    """Raised to roll back the trial run of a service."""


class _ParServicesAdmin(admin.ModelAdmin):
    """Scoped rows, scoped choices, writes by services. Subclasses say which service to call."""

    champs_immuables: tuple[str, ...] = ()

    def appeler_service(self, request, obj, donnees: dict, change: bool):
        raise NotImplementedError

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

    def get_inlines(self, request, obj):
        return super().get_inlines(request, obj) if obj is not None else []  # history of an existing row

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, *self.champs_immuables] if obj is not None else readonly

    def has_delete_permission(self, request, obj=None):
        return False  # the records of the pacte are kept: a mistake is corrected, not deleted

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "usager":
            kwargs["queryset"] = Usager.objects.visibles_par(request.user, [DISPOSITIF])
        elif db_field.name == "accompagnement":
            kwargs["queryset"] = Accompagnement.objects.visibles_par(request.user).select_related("usager")
        elif db_field.name == "agent":
            kwargs["queryset"] = get_user_model().objects.filter(is_active=True)
        elif db_field.name == "type":
            kwargs["queryset"] = TypeDroit.objects.filter(actif=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change, **kwargs)
        modele_admin = self

        class FormulaireParService(formulaire):
            def clean(self):
                donnees = super().clean()
                if self.errors:
                    return donnees
                try:
                    with transaction.atomic():
                        modele_admin.appeler_service(request, obj, dict(donnees), change)
                        raise _Essai
                except _Essai:
                    pass
                except (RegleMetierError, AccesRefuse) as exc:
                    self.add_error(exc.champ if exc.champ in self.fields else None, exc.message)
                except ValidationError as exc:
                    erreurs = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
                    for champ, liste in erreurs.items():
                        self.add_error(champ if champ in self.fields else None, liste)
                return donnees

            def _post_clean(self):
                # The model is validated by the service (above), with the state machine's rules.
                pass

        return FormulaireParService

    def save_model(self, request, obj, form, change):
        resultat = self.appeler_service(request, obj if change else None, dict(form.cleaned_data), change)
        for champ in resultat._meta.concrete_fields:
            setattr(obj, champ.attname, getattr(resultat, champ.attname))
        obj._state.adding = False


class _LectureSeuleInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContactInline(_LectureSeuleInline):
    model = Contact
    fields = ["date", "mode", "duree_minutes", "lieu", "commune"]
    readonly_fields = fields


class DemarcheInline(_LectureSeuleInline):
    model = Demarche
    fields = ["date", "type", "en_ligne", "statut", "organisme"]
    readonly_fields = fields


class DroitInline(_LectureSeuleInline):
    model = Droit
    fields = ["type", "statut", "date_identification", "date_demande", "date_ouverture"]
    readonly_fields = fields


@admin.register(Accompagnement)
class AccompagnementAdmin(_ParServicesAdmin):
    list_display = ["usager", "agent", "date_debut", "date_fin", "statut"]
    list_filter = ["statut", "usager__commune"]
    list_select_related = ["usager", "agent"]
    search_fields = ["usager__nom", "usager__prenom"]
    date_hierarchy = "date_debut"
    fields = ["usager", "agent", "date_debut", "date_fin", "statut", "motif_cloture", "cree_par", "cree_le"]
    readonly_fields = ["cree_par", "cree_le"]
    champs_immuables = ("usager",)
    inlines = [ContactInline, DemarcheInline, DroitInline]

    def get_fields(self, request, obj=None):
        if obj is None:  # a follow-up opens with a usager, an agent (the author by default) and a date
            return ["usager", "agent", "date_debut"]
        return super().get_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change, **kwargs)
        if "agent" in formulaire.base_fields:
            formulaire.base_fields["agent"].required = False
            formulaire.base_fields["agent"].help_text = "Par défaut : vous."
        return formulaire

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return accompagnement_ouvrir(par=request.user, **donnees)
        return accompagnement_modifier(accompagnement=obj, par=request.user, **donnees)


@admin.register(Contact)
class ContactAdmin(_ParServicesAdmin):
    list_display = ["date", "accompagnement", "mode", "duree_minutes", "commune"]
    list_filter = ["mode", "commune"]
    list_select_related = ["accompagnement__usager", "commune"]
    date_hierarchy = "date"
    fields = ["accompagnement", "date", "mode", "duree_minutes", "lieu", "note", "commune", "cree_par"]
    readonly_fields = ["commune", "cree_par"]
    champs_immuables = ("accompagnement",)

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return contact_enregistrer(par=request.user, **donnees)
        return contact_modifier(contact=obj, par=request.user, **donnees)


@admin.register(Demarche)
class DemarcheAdmin(_ParServicesAdmin):
    list_display = ["date", "type", "accompagnement", "en_ligne", "statut"]
    list_filter = ["type", "statut", "en_ligne"]
    list_select_related = ["accompagnement__usager"]
    date_hierarchy = "date"
    fields = ["accompagnement", "type", "date", "en_ligne", "statut", "organisme", "note", "cree_par"]
    readonly_fields = ["cree_par"]
    champs_immuables = ("accompagnement",)

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return demarche_enregistrer(par=request.user, **donnees)
        return demarche_modifier(demarche=obj, par=request.user, **donnees)


class TransitionDroitInline(_LectureSeuleInline):
    model = TransitionDroit
    fields = ["statut_avant", "statut", "date", "par", "enregistre_le"]
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = "historique des statuts"


@admin.register(Droit)
class DroitAdmin(_ParServicesAdmin):
    list_display = [
        "usager",
        "type",
        "statut",
        "date_identification",
        "date_demande",
        "date_ouverture",
        "commune",
    ]
    list_filter = ["statut", "type", "commune"]
    list_select_related = ["usager", "type", "commune"]
    search_fields = ["usager__nom", "usager__prenom", "type__libelle"]
    date_hierarchy = "date_identification"
    fields = [
        "usager",
        "accompagnement",
        "type",
        "statut",
        "date_identification",
        "date_demande",
        "date_ouverture",
        "date_refus",
        "date_abandon",
        "montant_mensuel",
        "commune",
        "cree_par",
    ]
    readonly_fields = ["commune", "cree_par"]
    champs_immuables = ("usager",)
    inlines = [TransitionDroitInline]

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return droit_enregistrer(par=request.user, **donnees)
        return droit_modifier(droit=obj, par=request.user, **donnees)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "type" in formulaire.base_fields:
            # A right keeps its type even once an administrator retires it from the catalogue.
            formulaire.base_fields["type"].queryset = TypeDroit.objects.filter(
                Q(actif=True) | Q(pk=obj.type_id)
            )
        return formulaire


@admin.register(TypeDroit)
class TypeDroitAdmin(admin.ModelAdmin):
    """The catalogue: read by the agents, extended by administrators (model permissions)."""

    list_display = ["libelle", "code", "actif"]
    list_filter = ["actif"]
    search_fields = ["libelle", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []  # a code in use is stable

    def has_delete_permission(self, request, obj=None):
        return False  # mark a type inactive instead


@admin.register(TransitionDroit)
class TransitionDroitAdmin(admin.ModelAdmin):
    """The journal of statuses, read only."""

    list_display = ["droit", "statut_avant", "statut", "date", "par", "enregistre_le"]
    list_filter = ["statut"]
    list_select_related = ["droit__type", "par"]

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
