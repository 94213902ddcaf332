"""Action 2.3 in the agents' workspace (/espace/), for the EMAS team alone (a compartment: the shared
file shows this part only to its team, `usagers.dossier.voit_la_section`): referral → decision →
interventions → closure with its outcomes, and the team's work list of open follow-ups without an
intervention for N days. Every page calls the API's service. Declared in `emas.dispositif`."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse

from communes.habilitations import dans_le_compartiment
from config.formats import date_fr
from config.periodes import aujourdhui
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.perms import membres_de_l_equipe
from emas.services import (
    intervention_creer,
    signalement_accepter,
    signalement_creer,
    signalement_refuser,
    signalement_reorienter,
    suivi_cloturer,
)
from emas.validators import (
    CRITERES_ELIGIBILITE,
    EMAS,
    Motif,
    MotifFin,
    Origine,
    SoinsSansConsentement,
    StatutSuivi,
    TypeIntervention,
)
from partenaires.forms import ChoixPartenaire
from usagers.dossier import Partie
from usagers.espace import ActionSurDossier, Formulaire, peut_ecrire, visible
from usagers.models import Usager

ANCRE = "emas"
OUI_NON = [("oui", "Oui"), ("non", "Non")]


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _choix(choices, label: str, **kwargs) -> forms.ChoiceField:
    """A choice with nothing pre-selected: the team picks (an outcome is never suggested)."""
    return forms.ChoiceField(label=label, choices=[("", "Choisir")] + list(choices), **kwargs)


def _libelles(codes, choix) -> list[str]:
    noms = dict(choix)
    return [str(noms.get(c, c)) for c in codes]


def fiche(request, usager: Usager) -> list[Partie]:
    """Her referrals, each with its decision and follow-up (interventions, outcomes): three queries."""
    signalements = list(
        Signalement.objects.visibles_par(request.user)
        .filter(usager=usager)
        .select_related("suivi__referent")
        .prefetch_related(
            Prefetch(
                "suivi__interventions",
                queryset=Intervention.objects.order_by("-date", "-id").prefetch_related("intervenants"),
            )
        )
        .order_by("-date", "-id")
    )
    for s in signalements:
        s.motifs_libelles = _libelles(s.motifs, Motif.choices)
        s.suivi_lu = getattr(s, "suivi", None)
        if s.suivi_lu is not None:
            s.suivi_lu.resultats = [
                str(SuiviEMAS._meta.get_field(champ).verbose_name)
                for champ in _RESULTATS_BOOLEENS
                if getattr(s.suivi_lu, champ)
            ]
    return [
        Partie(
            "Équipe mobile EMAS (action 2.3) — visible de l'équipe seulement",
            "espace/emas/fiche.html",
            {"signalements": signalements, "ecriture": peut_ecrire(request.user, usager), "usager": usager},
            ancre=ANCRE,
        )
    ]


_RESULTATS_BOOLEENS = (
    "acces_soins_cmp",
    "acces_soins_psychiatre",
    "acces_soins_medecin_traitant",
    "acces_soins_hopital",
    "droit_commun",
    "maintien_domicile",
    "rupture_parcours",
)


class SignalementForm(Formulaire):
    date = _date("Date du signalement", initial=aujourdhui)
    origine = _choix(Origine.choices, "Origine (partenaire)")
    origine_partenaire = ChoixPartenaire(label="Partenaire à l'origine, s'il est dans l'annuaire")
    motifs = forms.MultipleChoiceField(
        label="Motifs", choices=Motif.choices, widget=forms.CheckboxSelectMultiple
    )
    contact = forms.CharField(label="Contact chez le partenaire", max_length=255, required=False)
    majeur = forms.ChoiceField(label="La personne est majeure", choices=OUI_NON, widget=forms.RadioSelect)
    logement_autonome = forms.ChoiceField(
        label="Elle vit en logement autonome", choices=OUI_NON, widget=forms.RadioSelect
    )
    non_suivi_psychiatrie = forms.ChoiceField(
        label="Elle n'est pas suivie par la psychiatrie", choices=OUI_NON, widget=forms.RadioSelect
    )
    incapacite_demande_soins = forms.ChoiceField(
        label="Elle ne peut pas formuler de demande de soins", choices=OUI_NON, widget=forms.RadioSelect
    )

    def __init__(self, *args, commune: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origine_partenaire"].servir(commune)


class DecisionForm(Formulaire):
    date_decision = _date("Date de la décision", initial=aujourdhui)


class RefusForm(DecisionForm):
    motif_refus = forms.CharField(label="Motif du refus", max_length=255)


class ReorientationForm(DecisionForm):
    reoriente_vers_partenaire = ChoixPartenaire(label="Réorienté vers un partenaire de l'annuaire")
    reoriente_vers = forms.CharField(
        label="Réorienté vers (si ce n'est pas un partenaire de l'annuaire)", max_length=255, required=False
    )

    def __init__(self, *args, commune: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reoriente_vers_partenaire"].servir(commune)


class InterventionForm(Formulaire):
    date = _date("Date", initial=aujourdhui)
    type = _choix(TypeIntervention.choices, "Type d'intervention")
    intervenants = forms.ModelMultipleChoiceField(
        label="Intervenants", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    duree_minutes = forms.IntegerField(label="Durée (minutes)", min_value=1, max_value=1440)

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The team of the person's commune: three or four people.
        self.fields["intervenants"].queryset = membres_de_l_equipe(commune).order_by("username")


class ClotureSuiviForm(Formulaire):
    date_fin = _date("Date de fin", initial=aujourdhui)
    motif_fin = _choix(MotifFin.choices, "Motif de fin")
    resultats = forms.MultipleChoiceField(
        label="Résultats atteints",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (c, str(SuiviEMAS._meta.get_field(c).verbose_name).capitalize()) for c in _RESULTATS_BOOLEENS
        ],
    )
    soins_sans_consentement = _choix(SoinsSansConsentement.choices, "Soins sans consentement")


class _PourLEquipe(ActionSurDossier):
    """Only the team reaches these pages: anyone else gets the 404 of a page that does not exist."""

    ancre = ANCRE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not dans_le_compartiment(request.user, EMAS):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EnregistrerSignalement(_PourLEquipe):
    form_class = SignalementForm
    titre = "Enregistrer un signalement EMAS"
    message = "Le signalement est enregistré ; il attend la décision de l'équipe."

    def objet(self):
        return visible(Usager, self.request.user, self.kwargs["pk"])

    def form_kwargs(self):
        return {"commune": self.get_objet().commune_id}

    def executer(self, donnees):
        criteres = {champ: donnees.pop(champ) == "oui" for champ in CRITERES_ELIGIBILITE}
        signalement_creer(par=self.request.user, usager=self.get_objet(), **donnees, **criteres)


class _SurSignalement(_PourLEquipe):
    form_class = DecisionForm

    def objet(self):
        return visible(Signalement, self.request.user, self.kwargs["pk"])

    def informations(self):
        s = self.get_objet()
        return [
            ("Signalé le", date_fr(s.date)),
            ("Origine", s.get_origine_display()),
            ("Motifs", ", ".join(_libelles(s.motifs, Motif.choices))),
        ]


class AccepterSignalement(_SurSignalement):
    titre = "Accepter le signalement"
    message = "Le signalement est accepté : le suivi EMAS est ouvert."
    bouton = "Accepter et ouvrir le suivi"

    def executer(self, donnees):
        signalement_accepter(signalement=self.get_objet(), par=self.request.user, **donnees)


class RefuserSignalement(_SurSignalement):
    form_class = RefusForm
    titre = "Refuser le signalement"
    message = "Le signalement est refusé."
    bouton = "Refuser"

    def executer(self, donnees):
        signalement_refuser(signalement=self.get_objet(), par=self.request.user, **donnees)


class ReorienterSignalement(_SurSignalement):
    form_class = ReorientationForm
    titre = "Réorienter le signalement"
    message = "Le signalement est réorienté."
    bouton = "Réorienter"

    def form_kwargs(self):
        return {"commune": self.get_objet().commune_id}

    def executer(self, donnees):
        signalement_reorienter(signalement=self.get_objet(), par=self.request.user, **donnees)


class _SurSuivi(_PourLEquipe):
    def objet(self):
        return visible(SuiviEMAS, self.request.user, self.kwargs["pk"])

    def informations(self):
        s = self.get_objet()
        return [("Suivi ouvert le", date_fr(s.date_debut)), ("Référent", str(s.referent))]


class AjouterIntervention(_SurSuivi):
    form_class = InterventionForm
    titre = "Ajouter une intervention"
    message = "L'intervention est enregistrée."

    def form_kwargs(self):
        return {"commune": self.get_objet().usager.commune_id}

    def executer(self, donnees):
        intervention_creer(par=self.request.user, suivi=self.get_objet(), **donnees)


class CloturerSuivi(_SurSuivi):
    form_class = ClotureSuiviForm
    titre = "Clôturer le suivi EMAS"
    message = "Le suivi EMAS est clos avec ses résultats."
    bouton = "Clôturer"

    def executer(self, donnees):
        atteints = set(donnees.pop("resultats"))
        suivi_cloturer(
            suivi=self.get_objet(),
            par=self.request.user,
            date_fin=donnees["date_fin"],
            motif_fin=donnees["motif_fin"],
            soins_sans_consentement=donnees["soins_sans_consentement"],
            **{champ: champ in atteints for champ in _RESULTATS_BOOLEENS},
        )


@login_required
def sans_intervention(request):
    """The team's open follow-ups without an intervention for N days (`EMAS_SANS_INTERVENTION_JOURS`,
    the reminders' delay), the oldest first: one query."""
    if not dans_le_compartiment(request.user, EMAS):
        raise Http404
    jours = settings.EMAS_SANS_INTERVENTION_JOURS
    limite = aujourdhui() - timedelta(days=jours)
    suivis = (
        SuiviEMAS.objects.visibles_par(request.user)
        .filter(statut=StatutSuivi.EN_COURS)
        .annotate(derniere=Max("interventions__date"))
        .filter(Q(derniere__lt=limite) | Q(derniere__isnull=True, date_debut__lt=limite))
        .select_related("usager", "referent")
        .order_by("derniere", "date_debut", "id")[:500]
    )
    return render(
        request,
        "espace/emas/sans_intervention.html",
        {"titre": f"Suivis EMAS sans intervention depuis {jours} jours", "suivis": suivis, "jours": jours},
    )


def menu(user) -> list[tuple[str, str]]:
    return [("Suivis EMAS sans intervention", reverse("espace:emas-sans-intervention"))]


urlpatterns = [
    path("emas/sans-intervention/", sans_intervention, name="emas-sans-intervention"),
    path("usagers/<int:pk>/emas/signaler/", EnregistrerSignalement.as_view(), name="emas-signaler"),
    path("emas/signalements/<int:pk>/accepter/", AccepterSignalement.as_view(), name="emas-accepter"),
    path("emas/signalements/<int:pk>/refuser/", RefuserSignalement.as_view(), name="emas-refuser"),
    path("emas/signalements/<int:pk>/reorienter/", ReorienterSignalement.as_view(), name="emas-reorienter"),
    path("emas/suivis/<int:pk>/intervention/", AjouterIntervention.as_view(), name="emas-intervention"),
    path("emas/suivis/<int:pk>/cloturer/", CloturerSuivi.as_view(), name="emas-cloturer"),
]
