from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from communes.habilitations import communes_autorisees
from historique.admin import HistoriqueAdminMixin
from journal.mixins import JournalisationAdminMixin
from usagers.compartiment import est_compartimente
from usagers.models import Compartiment, Residence, Usager
from usagers.perms import peut_modifier_usager, peut_supprimer_usager
from usagers.services import usager_creer, usager_modifier, usager_supprimer


def objets_lies_hors_compartiment(admin_site, objs, request):
    """Django's `get_deleted_objects`, without the rows of the EMAS compartment.

    The delete confirmation page lists what would be deleted and what protects the person; EMAS
    records are never named there (nor counted): the service treats them the same way
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


@admin.register(Usager)
class UsagerAdmin(JournalisationAdminMixin, HistoriqueAdminMixin, admin.ModelAdmin):
    """Same rule as the API: the register rule (`Usager.objects.visibles_par`), edits through the
    services; deleting a person is an administrator's act."""

    list_display = ["nom", "prenom", "date_naissance", "commune", "modifie_le"]
    list_filter = ["commune"]
    search_fields = ["nom", "prenom"]
    list_select_related = ["commune"]
    fields = ["nom", "prenom", "date_naissance", "commune", "adresse", "telephone", "email"]
    readonly_fields = ["cree_le", "cree_par", "modifie_le", "modifie_par"]
    date_hierarchy = "cree_le"

    def get_fields(self, request, obj=None):
        return [*self.fields, *self.readonly_fields] if obj is not None else list(self.fields)

    def get_queryset(self, request):
        return super().get_queryset(request).visibles_par(request.user)

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

    def save_model(self, request, obj, form, change):
        donnees = {champ: form.cleaned_data[champ] for champ in self.fields if champ in form.cleaned_data}
        if change:
            form.instance = usager_modifier(usager=obj, par=request.user, **donnees)
        else:
            form.instance = usager_creer(par=request.user, **donnees)
        for champ in Usager._meta.concrete_fields:
            setattr(obj, champ.attname, getattr(form.instance, champ.attname))
        obj._state.adding = False

    # The admin journal names the person and the account that acted: for a person of the EMAS
    # compartment, that pairing is itself health information, so it is not written there.
    def log_addition(self, request, obj, message):
        if obj.compartiment != Compartiment.EMAS:
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request, obj, message):
        if obj.compartiment != Compartiment.EMAS:
            return super().log_change(request, obj, message)
        return None

    def get_deleted_objects(self, objs, request):
        return objets_lies_hors_compartiment(self.admin_site, objs, request)

    def delete_model(self, request, obj):
        usager_supprimer(usager=obj, par=request.user)

    def delete_queryset(self, request, queryset):
        for usager in queryset:
            usager_supprimer(usager=usager, par=request.user)
