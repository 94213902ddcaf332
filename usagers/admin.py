from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from communes.habilitations import communes_autorisees
from config.admin import AutocompletionJournalisee, DossierAdmin
from config.errors import AccesRefuse, RegleMetierError
from usagers.compartiment import REGISTRE, est_compartimente
from usagers.dossier import dossier_de
from usagers.models import Residence, Usager
from usagers.perms import peut_modifier_usager, peut_supprimer_usager
from usagers.services import usager_creer, usager_fusionner, usager_modifier, usager_supprimer


def objets_lies_hors_compartiment(admin_site, objs, request):
    """Django's `get_deleted_objects`, without the rows of a compartment.

    The delete confirmation page lists what would be deleted and what protects the person; a
    compartment's records are never named there (nor counted): the service treats them the same way
    (`usager_supprimer`), so what the page announces is what happens."""
    collector = NestedObjects(using=router.db_for_write(Usager), origin=objs)
    collector.collect(objs)
    perms_needed: set[str] = set()

    def format_callback(obj):
        opts = obj._meta
        sans_lien = f"{capfirst(opts.verbose_name)}: {obj}"
        if not admin_site.is_registered(type(obj)):
            return sans_lien
        if not admin_site.get_model_admin(type(obj)).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", None, (quote(obj.pk),)
            )
        except NoReverseMatch:
            return sans_lien
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    collector.edges = {
        source: [cible for cible in cibles if not est_compartimente(cible)]
        for source, cibles in collector.edges.items()
        if source is None or not est_compartimente(source)
    }
    to_delete = collector.nested(format_callback)
    # The residence history goes with the person (`usager_supprimer`): it protects nothing.
    protected = [
        format_callback(obj)
        for obj in collector.protected
        if not est_compartimente(obj) and not isinstance(obj, Residence)
    ]
    model_count = {
        model._meta.verbose_name_plural: len(objets)
        for model, objets in collector.model_objs.items()
        if not est_compartimente(model)
    }
    return to_delete, model_count, perms_needed, protected


class Autocompletion(AutocompletionJournalisee):
    """The admin's autocomplete, telling persons apart: « DUPRÉ Hélène — 12/03/1980 — Dijon » (the 70
    « MARTIN Jean » of Dijon are not the same person). Served at `/admin/autocomplete/` (config/urls.py)."""

    def serialize_result(self, obj, to_field_name):
        resultat = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Usager):
            resultat["text"] = f"{obj} — né(e) le {obj.date_naissance:%d/%m/%Y} — {obj.commune.nom}"
        return resultat


class UsagerForm(forms.ModelForm):
    confirmer_doublon = forms.BooleanField(
        label="confirmer le doublon",
        required=False,
        help_text="À cocher seulement si une personne de même nom, prénom et date de naissance existe "
        "déjà et qu'il s'agit bien d'une autre personne.",
    )

    class Meta:
        model = Usager
        fields = ["nom", "prenom", "date_naissance", "commune", "adresse", "telephone", "email"]


@admin.register(Usager)
class UsagerAdmin(DossierAdmin):
    """Same rule as the API: the register rule (`Usager.objects.visibles_par`), edits through the
    services (a broken rule or a probable duplicate is a form error); deleting and merging persons
    are an administrator's acts. The change page is the person's file: what each dispositif the
    viewer holds knows of them (`usagers.dossier`)."""

    form = UsagerForm
    list_display = ["nom", "prenom", "ne_le", "commune", "modifie_le"]
    list_filter = ["commune"]
    search_fields = ["recherche"]  # replaced by `rechercher` (accents and case ignored, ranked)
    search_help_text = "Nom, prénom (accents et majuscules indifférents) ou date de naissance JJ/MM/AAAA."
    list_select_related = ["commune"]
    fields = ["nom", "prenom", "date_naissance", "commune", "adresse", "telephone", "email"]
    readonly_fields = ["cree_le", "cree_par", "modifie_le", "modifie_par"]
    date_hierarchy = "cree_le"
    actions = ["fusionner"]
    change_form_template = "admin/usagers/usager/dossier.html"

    @admin.display(description="date de naissance", ordering="date_naissance")
    def ne_le(self, obj):
        return f"{obj.date_naissance:%d/%m/%Y}"

    def get_fields(self, request, obj=None):
        if obj is not None:
            return [*self.fields, *self.readonly_fields]
        return [*self.fields, "confirmer_doublon"]

    def get_readonly_fields(self, request, obj=None):
        return list(self.readonly_fields) if obj is not None else []

    def get_search_results(self, request, queryset, search_term):
        if request.path.endswith("/autocomplete/"):
            # A person chosen in a form of dispositif D: only those the author sees for D.
            queryset = queryset.visibles_par(request.user, self._dispositifs_du_champ(request))
            queryset = queryset.select_related("commune")
        if not search_term:
            return queryset, False
        # Applied after the list's ordering: with a search, the best matches come first.
        return queryset.rechercher(search_term), False

    def _dispositifs_du_champ(self, request):
        try:
            modele = apps.get_model(request.GET.get("app_label", ""), request.GET.get("model_name", ""))
        except (LookupError, ValueError):
            return []
        source = self.admin_site._registry.get(modele)
        dispositif = getattr(source, "dispositif", None)
        return [dispositif] if dispositif else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commune":
            kwargs["queryset"] = communes_autorisees(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not peut_modifier_usager(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return peut_supprimer_usager(request.user)

    def has_fusionner_permission(self, request):
        return peut_supprimer_usager(request.user)

    def appeler_service(self, request, obj, donnees, change):
        if change:
            return usager_modifier(usager=obj, par=request.user, **donnees)
        return usager_creer(par=request.user, **donnees)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        usager = self.get_object(request, object_id)
        if usager is not None:
            extra_context["dossier"] = dossier_de(request.user, usager)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(
        description="Fusionner les deux fiches sélectionnées (même personne)", permissions=["fusionner"]
    )
    def fusionner(self, request, queryset):
        fiches = list(queryset.select_related("commune").order_by("cree_le", "pk")[:3])
        if len(fiches) != 2:
            self.message_user(request, "Sélectionnez exactement deux fiches à fusionner.", messages.ERROR)
            return None
        if request.POST.get("conserver"):
            conserve = next((f for f in fiches if str(f.pk) == request.POST["conserver"]), None)
            if conserve is None:
                self.message_user(request, "Choisissez la fiche à conserver.", messages.ERROR)
                return None
            doublon = next(f for f in fiches if f.pk != conserve.pk)
            try:
                usager_fusionner(conserve=conserve, doublon=doublon, par=request.user)
            except (RegleMetierError, AccesRefuse) as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return None
            message = (
                f"Fusion : la fiche n° {doublon.pk} ({doublon}, né(e) le {doublon.date_naissance:%d/%m/%Y}, "
                f"{doublon.commune.nom}) a été fusionnée dans celle-ci ; ses dossiers y sont rattachés."
            )
            if conserve.compartiment == REGISTRE:
                LogEntry.objects.log_actions(
                    user_id=request.user.pk,
                    queryset=[conserve],
                    action_flag=CHANGE,
                    change_message=message,
                    single_object=True,
                )
            self.message_user(
                request, f"Les deux fiches sont fusionnées dans « {conserve} ».", messages.SUCCESS
            )
            return None
        contexte = {
            **self.admin_site.each_context(request),
            "title": "Fusionner deux fiches",
            "fiches": fiches,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "content_type": ContentType.objects.get_for_model(Usager),
        }
        return TemplateResponse(request, "admin/usagers/usager/fusionner.html", contexte)

    # The admin journal names the person and the account that acted: for a person of a compartment,
    # that pairing is itself health information, so it is not written there.
    def log_addition(self, request, obj, message):
        if obj.compartiment == REGISTRE:
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request, obj, message):
        if obj.compartiment == REGISTRE:
            return super().log_change(request, obj, message)
        return None

    def get_deleted_objects(self, objs, request):
        return objets_lies_hors_compartiment(self.admin_site, objs, request)

    def delete_model(self, request, obj):
        usager_supprimer(usager=obj, par=request.user)

    def delete_queryset(self, request, queryset):
        for usager in queryset:
            usager_supprimer(usager=usager, par=request.user)
