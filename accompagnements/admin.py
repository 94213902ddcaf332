"""The admin of action 1.1, with the API's rules: rows of the caller's communes only, foreign-key
choices limited to what they may see, and every write through the services (the admin form
runs the service in a rolled-back transaction first, so a refused rule shows as a form error)."""

from django.contrib import admin
from django.db.models import Q

from accompagnements.models import (
    TRANSITIONS_DROIT,
    Accompagnement,
    Contact,
    Demarche,
    Droit,
    StatutAccompagnement,
    StatutDroit,
    TransitionDroit,
    TypeDroit,
)
from accompagnements.perms import ACCES_DROITS
from accompagnements.services import (
    accompagnement_cloturer,
    accompagnement_modifier,
    accompagnement_ouvrir,
    accompagnement_rouvrir,
    contact_enregistrer,
    contact_modifier,
    demarche_enregistrer,
    demarche_modifier,
    droit_enregistrer,
    droit_modifier,
)
from config.admin import DossierAdmin, ReadOnlyAdminMixin, ReadOnlyInline
from config.errors import RegleMetierError
from partenaires.models import Partenaire


class _Admin11(DossierAdmin):
    """Rows, choices and writes of action 1.1 (config/admin.py)."""

    dispositif = ACCES_DROITS

    def get_inlines(self, request, obj):
        return super().get_inlines(request, obj) if obj is not None else []  # history of an existing row

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "accompagnement":
            kwargs["queryset"] = Accompagnement.objects.visibles_par(request.user).select_related("usager")
        elif db_field.name == "type":
            kwargs["queryset"] = TypeDroit.objects.filter(actif=True)
        elif db_field.name == "partenaire":
            kwargs["queryset"] = Partenaire.objects.actifs()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContactInline(ReadOnlyInline):
    model = Contact
    fields = ["date", "mode", "duree_minutes", "lieu_accueil", "lieu", "commune"]
    readonly_fields = fields


class DemarcheInline(ReadOnlyInline):
    model = Demarche
    fields = ["date", "type", "en_ligne", "statut", "partenaire", "organisme"]
    readonly_fields = fields


class DroitInline(ReadOnlyInline):
    model = Droit
    fields = ["type", "statut", "date_identification", "date_demande", "date_ouverture"]
    readonly_fields = fields


@admin.register(Accompagnement)
class AccompagnementAdmin(_Admin11):
    autocomplete_fields = ["usager"]  # 20 000 persons: searched, not listed
    list_display = ["usager", "referent", "date_debut", "date_fin", "statut"]
    list_filter = ["statut", "usager__commune"]
    list_select_related = ["usager", "referent"]
    search_fields = ["usager__nom", "usager__prenom"]
    date_hierarchy = "date_debut"
    fields = [
        "usager",
        "referent",
        "date_debut",
        "date_fin",
        "statut",
        "motif_cloture",
        "cree_par",
        "cree_le",
    ]
    readonly_fields = ["cree_par", "cree_le"]
    champs_immuables = ("usager",)
    inlines = [ContactInline, DemarcheInline, DroitInline]

    def get_fields(self, request, obj=None):
        if obj is None:  # a follow-up opens with a usager, a référent (the author by default) and a date
            return ["usager", "referent", "date_debut"]
        return super().get_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change, **kwargs)
        if "referent" in formulaire.base_fields:
            formulaire.base_fields["referent"].required = False
            formulaire.base_fields["referent"].help_text = "Par défaut : vous."
        return formulaire

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return accompagnement_ouvrir(par=request.user, **donnees)
        # The status moves by its own services (close, reopen); the end goes with the closing.
        statut = donnees.pop("statut", None)
        cloture = {c: donnees.pop(c) for c in ("date_fin", "motif_cloture") if c in donnees}
        if donnees:
            obj = accompagnement_modifier(accompagnement=obj, par=request.user, **donnees)
        if statut == StatutAccompagnement.CLOS:
            cloture = {"date_fin": obj.date_fin, "motif_cloture": obj.motif_cloture, **cloture}
            return accompagnement_cloturer(accompagnement=obj, par=request.user, **cloture)
        if statut == StatutAccompagnement.OUVERT:
            return accompagnement_rouvrir(accompagnement=obj, par=request.user)
        if cloture:
            raise RegleMetierError(
                "La date et le motif de fin se saisissent à la clôture : rouvrez puis clôturez à nouveau.",
                champ=next(iter(cloture)),
            )
        return obj


@admin.register(Contact)
class ContactAdmin(_Admin11):
    # 13 000 follow-ups: searched by the person's name, not listed; the places (23 CCAS, the antennas),
    # searched in the directory too.
    autocomplete_fields = ["accompagnement", "lieu_accueil"]
    list_display = ["date", "accompagnement", "mode", "duree_minutes", "lieu_accueil", "commune"]
    list_filter = ["mode", "commune"]
    list_select_related = ["accompagnement__usager", "commune", "lieu_accueil"]
    date_hierarchy = "date"
    fields = [
        "accompagnement",
        "date",
        "mode",
        "duree_minutes",
        "lieu_accueil",
        "lieu",
        "note",
        "commune",
        "cree_par",
    ]
    readonly_fields = ["commune", "cree_par"]
    champs_immuables = ("accompagnement",)

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return contact_enregistrer(par=request.user, **donnees)
        return contact_modifier(contact=obj, par=request.user, **donnees)


@admin.register(Demarche)
class DemarcheAdmin(_Admin11):
    autocomplete_fields = ["accompagnement", "partenaire"]  # the directory: searched, not listed
    list_display = ["date", "type", "accompagnement", "en_ligne", "statut"]
    list_filter = ["type", "statut", "en_ligne"]
    list_select_related = ["accompagnement__usager"]
    date_hierarchy = "date"
    fields = [
        "accompagnement",
        "type",
        "date",
        "en_ligne",
        "statut",
        "partenaire",
        "organisme",
        "note",
        "cree_par",
    ]
    readonly_fields = ["cree_par"]
    champs_immuables = ("accompagnement",)

    def get_form(self, request, obj=None, **kwargs):
        formulaire = super().get_form(request, obj, **kwargs)
        if obj is not None and "partenaire" in formulaire.base_fields:
            # A démarche keeps its partner even once the directory deactivates it.
            formulaire.base_fields["partenaire"].queryset = Partenaire.objects.filter(
                Q(actif=True) | Q(pk=obj.partenaire_id)
            )
        return formulaire

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return demarche_enregistrer(par=request.user, **donnees)
        return demarche_modifier(demarche=obj, par=request.user, **donnees)


class TransitionDroitInline(ReadOnlyInline):
    model = TransitionDroit
    fields = ["statut_avant", "statut", "date", "par", "enregistre_le"]
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = "historique des statuts"


@admin.register(Droit)
class DroitAdmin(_Admin11):
    autocomplete_fields = ["usager", "accompagnement"]  # 20 000 persons: searched, not listed
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
        if obj is not None and "statut" in formulaire.base_fields:
            # Only the statuses the state machine allows from here, with their labels.
            possibles = {obj.statut, *TRANSITIONS_DROIT[StatutDroit(obj.statut)]}
            formulaire.base_fields["statut"].choices = [
                (code, libelle) for code, libelle in StatutDroit.choices if code in possibles
            ]
            formulaire.base_fields["statut"].help_text = (
                "Seuls les statuts possibles depuis le statut actuel sont proposés ; renseignez la date "
                "de l'événement correspondant."
            )
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
class TransitionDroitAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The journal of statuses, read only."""

    list_display = ["droit", "statut_avant", "statut", "date", "par", "enregistre_le"]
    list_filter = ["statut"]
    list_select_related = ["droit__type", "par"]

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)
