"""Admin of action 2.3, for the EMAS team only.

The section appears only to holders of the `emas` grant (`acces_compartiment_emas`), whatever
model permissions an account holds: administrators and supervisors do not even see it. Rows are
scoped like the API (`visibles_par`), every write goes through the services (a broken rule is a
form error), and no admin journal entry (LogEntry) is written for these models: its text would
name health records in a table that other tools read.
"""

from django import forms
from django.contrib import admin
from django.db import transaction

from config.admin import DossierAdmin, errors_on_form
from config.errors import AccesRefuse, RegleMetierError
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.perms import acces_compartiment_emas, membres_de_l_equipe
from emas.services import (
    RESULTATS,
    intervention_creer,
    intervention_modifier,
    signalement_accepter,
    signalement_creer,
    signalement_modifier,
    signalement_refuser,
    signalement_reorienter,
    suivi_cloturer,
    suivi_modifier,
)
from emas.validators import CRITERES_ELIGIBILITE, EMAS, Decision, Motif, StatutSuivi

CHAMPS_INTERVENTION = ("date", "type", "intervenants", "duree_minutes", "notes")


class _TrialRun(Exception):
    pass


def essayer(form, appel) -> None:
    """Run a service in a transaction rolled back: a refused rule becomes a form error."""
    try:
        with transaction.atomic():
            appel()
            raise _TrialRun
    except _TrialRun:
        pass
    except (RegleMetierError, AccesRefuse, forms.ValidationError) as exc:
        errors_on_form(form, exc)


class CompartimentEMAS:
    """Shown to the team only; nothing written to the admin journal."""

    def has_module_permission(self, request):
        return acces_compartiment_emas(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return acces_compartiment_emas(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return acces_compartiment_emas(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return acces_compartiment_emas(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # health records of the evaluation are kept; a mistake is corrected

    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None

    def log_deletions(self, request, queryset):
        return []


class _ListeDeCodesField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return value if isinstance(value, list) else []


class SignalementForm(forms.ModelForm):
    motifs = _ListeDeCodesField(choices=Motif.choices, label="motifs")
    acte = forms.ChoiceField(
        label="décision à enregistrer",
        required=False,
        choices=[
            ("", "— aucune (le signalement reste en attente) —"),
            ("accepter", "Accepter (ouvre le suivi)"),
            ("refuser", "Refuser"),
            ("reorienter", "Réorienter"),
        ],
    )

    class Meta:
        model = Signalement
        fields = [
            "usager",
            "date",
            "origine",
            "contact",
            "motifs",
            "description",
            *CRITERES_ELIGIBILITE,
            "motif_refus",
            "reoriente_vers",
            "date_decision",
        ]
        widgets = dict.fromkeys(CRITERES_ELIGIBILITE, forms.NullBooleanSelect)


@admin.register(Signalement)
class SignalementAdmin(CompartimentEMAS, DossierAdmin):
    dispositif = EMAS
    form = SignalementForm
    autocomplete_fields = ["usager"]  # 20 000 persons: searched among those the team may see, not listed
    champs_immuables = ("usager", "date")
    list_display = ["__str__", "usager", "origine", "decision", "date_decision", "commune"]
    list_filter = ["decision", "origine", "commune"]
    search_fields = ["usager__nom", "usager__prenom"]
    list_select_related = ["usager", "commune"]
    date_hierarchy = "date"

    def get_fields(self, request, obj=None):
        champs = list(SignalementForm.Meta.fields)
        if obj is None:
            return [c for c in champs if c not in ("motif_refus", "reoriente_vers", "date_decision")]
        if obj.decision == Decision.EN_ATTENTE:
            return [*champs[:-3], "acte", *champs[-3:]]
        return [*champs, "decision", "decision_par"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.decision != Decision.EN_ATTENTE:
            return [*SignalementForm.Meta.fields, "decision", "decision_par"]
        return super().get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.decision != Decision.EN_ATTENTE:
            return False
        return super().has_change_permission(request, obj)

    def appeler_service(self, request, obj, donnees, change):
        if not change:
            return signalement_creer(par=request.user, **{k: v for k, v in donnees.items() if k != "acte"})
        acte = donnees.pop("acte", "")
        decision = {
            c: donnees.pop(c) for c in ("motif_refus", "reoriente_vers", "date_decision") if c in donnees
        }
        if donnees:
            signalement_modifier(signalement=obj, par=request.user, **donnees)
        date_decision = decision.get("date_decision")
        if acte == "accepter":
            signalement_accepter(signalement=obj, par=request.user, date_decision=date_decision)
        elif acte == "refuser":
            signalement_refuser(
                signalement=obj,
                par=request.user,
                motif_refus=decision.get("motif_refus", ""),
                date_decision=date_decision,
            )
        elif acte == "reorienter":
            signalement_reorienter(
                signalement=obj,
                par=request.user,
                reoriente_vers=decision.get("reoriente_vers", ""),
                date_decision=date_decision,
            )
        return Signalement.objects.get(pk=obj.pk)


class InterventionInline(CompartimentEMAS, admin.TabularInline):
    """The interventions of the follow-up: recorded ones read-only, new ones recorded by the service."""

    model = Intervention
    fields = CHAMPS_INTERVENTION
    extra = 1

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.statut == StatutSuivi.CLOS:
            return False
        return acces_compartiment_emas(request.user) and super(CompartimentEMAS, self).has_add_permission(
            request, obj
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "intervenants":
            kwargs["queryset"] = membres_de_l_equipe()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class FormulaireIntervention(formset.form):
            def clean(self):
                donnees = super().clean()
                if not self.errors and self.instance.pk is None and self.has_changed() and obj is not None:
                    essayer(self, lambda: _creer_intervention(request, obj, donnees))
                return donnees

            def _post_clean(self):
                pass  # validated by the service (above)

        formset.form = FormulaireIntervention
        return formset


def _creer_intervention(request, suivi, donnees):
    return intervention_creer(
        par=request.user,
        suivi=suivi,
        **{c: donnees.get(c) for c in CHAMPS_INTERVENTION if c != "notes"},
        notes=donnees.get("notes") or "",
    )


@admin.register(SuiviEMAS)
class SuiviEMASAdmin(CompartimentEMAS, DossierAdmin):
    """A follow-up: outcomes updated on the way; giving an end date and reason closes it."""

    dispositif = EMAS
    fields = [
        "signalement",
        "usager",
        "commune",
        "date_debut",
        "statut",
        "referent",
        *RESULTATS,
        "date_fin",
        "motif_fin",
    ]
    readonly_fields = ["signalement", "usager", "commune", "date_debut", "statut"]
    list_display = ["__str__", "usager", "referent", "statut", "date_debut", "date_fin", "commune"]
    list_filter = ["statut", "motif_fin", "commune"]
    search_fields = ["usager__nom", "usager__prenom"]
    list_select_related = ["usager", "referent", "commune"]
    date_hierarchy = "date_debut"
    inlines = [InterventionInline]

    def has_add_permission(self, request):
        return False  # opened by accepting a referral

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.statut == StatutSuivi.CLOS:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "referent":
            kwargs["queryset"] = membres_de_l_equipe()
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def appeler_service(self, request, obj, donnees, change):
        date_fin, motif_fin = donnees.pop("date_fin", None), donnees.pop("motif_fin", "")
        if date_fin or motif_fin:
            resultats = {c: v for c, v in donnees.items() if c in RESULTATS}
            if "referent" in donnees:
                suivi_modifier(suivi=obj, par=request.user, referent=donnees["referent"])
            return suivi_cloturer(
                suivi=obj, par=request.user, date_fin=date_fin, motif_fin=motif_fin, **resultats
            )
        return suivi_modifier(suivi=obj, par=request.user, **donnees)

    def save_formset(self, request, form, formset, change):
        formset.new_objects = [
            _creer_intervention(request, form.instance, formulaire.cleaned_data)
            for formulaire in formset.forms
            if formulaire.instance.pk is None and formulaire.has_changed() and formulaire.cleaned_data
        ]
        formset.changed_objects, formset.deleted_objects = [], []


@admin.register(Intervention)
class InterventionAdmin(CompartimentEMAS, DossierAdmin):
    """Interventions, listed and corrected; they are recorded from their follow-up."""

    dispositif = EMAS
    fields = ["suivi", *CHAMPS_INTERVENTION]
    readonly_fields = ["suivi"]
    list_display = ["__str__", "suivi", "type", "duree_minutes"]
    list_filter = ["type"]
    search_fields = ["suivi__usager__nom", "suivi__usager__prenom"]
    list_select_related = ["suivi"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "intervenants":
            kwargs["queryset"] = membres_de_l_equipe()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def appeler_service(self, request, obj, donnees, change):
        if "intervenants" in donnees:
            donnees["intervenants"] = list(donnees["intervenants"])
        return intervention_modifier(intervention=obj, par=request.user, **donnees)
