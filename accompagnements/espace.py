"""Action 1.1 in the agents' workspace (/espace/): its part of the person's file, with its actions in
place — open a follow-up, add a contact or a démarche, record a right (always in a follow-up) and move
it to its next statuses, close the follow-up. Each page calls the API's service and returns to the file.
Declared in `accompagnements.dispositif` (`fiche`, `espace`)."""

from datetime import datetime

from django import forms
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from django.utils import timezone

from accompagnements.models import (
    DATE_DU_STATUT,
    TRANSITIONS_DROIT,
    Accompagnement,
    Contact,
    ModeContact,
    MotifCloture,
    StatutAccompagnement,
    StatutDemarche,
    StatutDroit,
    TypeDemarche,
    TypeDroit,
    lieux_d_accueil,
)
from accompagnements.models import Droit as DroitModele
from accompagnements.services import (
    accompagnement_cloturer,
    accompagnement_ouvrir,
    contact_enregistrer,
    demarche_enregistrer,
    droit_enregistrer,
    droit_modifier,
)
from config.periodes import aujourdhui
from partenaires.forms import ChoixPartenaire
from partenaires.models import Partenaire
from usagers.dossier import Partie
from usagers.espace import ActionSurDossier, Formulaire, peut_ecrire, visible
from usagers.models import Usager

ANCRE = "accompagnements"


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _choix(choices, label: str, **kwargs) -> forms.ChoiceField:
    """A choice with nothing pre-selected: the agent picks."""
    return forms.ChoiceField(label=label, choices=[("", "Choisir")] + list(choices), **kwargs)


# --- the part of the file ----------------------------------------------------------------------


def fiche(request, usager: Usager) -> list[Partie]:
    """Her follow-ups with their contacts, démarches and rights, and the actions on each: four
    queries whatever the number of records."""
    user = request.user
    accompagnements = list(
        Accompagnement.objects.visibles_par(user)
        .filter(usager=usager)
        .select_related("referent")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.select_related("lieu_accueil")), "demarches"
        )
        .order_by("-date_debut", "-id")
    )
    droits = list(
        DroitModele.objects.visibles_par(user).filter(usager=usager).select_related("type").order_by("id")
    )
    par_accompagnement: dict[int | None, list] = {}
    for droit in droits:
        droit.suivants = [
            (s, StatutDroit(s).label) for s in StatutDroit.values if s in TRANSITIONS_DROIT[droit.statut]
        ]
        par_accompagnement.setdefault(droit.accompagnement_id, []).append(droit)
    for a in accompagnements:
        a.droits_lies = par_accompagnement.get(a.pk, [])
        a.ouvert = a.statut == StatutAccompagnement.OUVERT
    ouvert = next((a for a in accompagnements if a.ouvert), None)
    return [
        Partie(
            "Accompagnement aux démarches et accès aux droits (action 1.1)",
            "espace/accompagnements/fiche.html",
            {
                "accompagnements": accompagnements,
                "sans_accompagnement": par_accompagnement.get(None, []),
                "ouvert": ouvert,
                "ecriture": peut_ecrire(user, usager),
                "usager": usager,
            },
            ancre=ANCRE,
        )
    ]


# --- forms ------------------------------------------------------------------------------------


class OuvrirForm(Formulaire):
    date_debut = _date("Date de début", initial=aujourdhui)


class ContactForm(Formulaire):
    jour = _date("Date du contact")
    heure = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    mode = _choix(ModeContact.choices, "Mode de contact")
    duree_minutes = forms.IntegerField(label="Durée (minutes)", min_value=1, max_value=600)
    lieu_accueil = forms.ModelChoiceField(
        label="Lieu d'accueil",
        help_text="L'antenne du service social métropolitain ou le CCAS où la personne a été reçue.",
        queryset=Partenaire.objects.none(),
        required=False,
        empty_label="Non précisé",
    )
    lieu = forms.CharField(label="Lieu (précision)", max_length=200, required=False)
    note = forms.CharField(
        label="Note", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The antennas first, then the 23 CCAS: a short list (the service checks the same rule).
        self.fields["lieu_accueil"].queryset = lieux_d_accueil().order_by("-type", "nom")


class DemarcheForm(Formulaire):
    type = _choix(TypeDemarche.choices, "Type de démarche")
    date = _date("Date")
    en_ligne = forms.BooleanField(label="Faite en ligne", required=False, initial=True)
    statut = forms.ChoiceField(label="Statut", choices=StatutDemarche.choices, initial=StatutDemarche.A_FAIRE)
    partenaire = ChoixPartenaire(label="Organisme (annuaire des partenaires)")
    organisme = forms.CharField(
        label="Organisme concerné, s'il n'est pas dans l'annuaire", max_length=200, required=False
    )
    note = forms.CharField(
        label="Note", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, commune: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partenaire"].servir(commune)


class DroitForm(Formulaire):
    type = forms.ModelChoiceField(
        label="Droit",
        queryset=TypeDroit.objects.filter(actif=True).order_by("libelle"),
        empty_label="Choisir",
    )
    date_identification = _date("Identifié le", initial=aujourdhui)


class StatutDroitForm(Formulaire):
    date_evenement = _date("Date de l'événement", initial=aujourdhui)


class CloturerForm(Formulaire):
    date_fin = _date("Date de fin", initial=aujourdhui)
    motif_cloture = _choix(MotifCloture.choices, "Motif de la clôture")


# --- pages ------------------------------------------------------------------------------------


class OuvrirAccompagnement(ActionSurDossier):
    form_class = OuvrirForm
    titre = "Ouvrir un accompagnement"
    message = "L'accompagnement est ouvert."
    ancre = ANCRE

    def objet(self):
        return visible(Usager, self.request.user, self.kwargs["pk"])

    def executer(self, donnees):
        accompagnement_ouvrir(
            usager=self.get_objet(), par=self.request.user, date_debut=donnees["date_debut"]
        )


class _SurAccompagnement(ActionSurDossier):
    ancre = ANCRE

    def objet(self):
        return visible(Accompagnement, self.request.user, self.kwargs["pk"])

    def informations(self):
        a = self.get_objet()
        return [("Accompagnement ouvert le", a.date_debut.strftime("%d/%m/%Y"))]


class AjouterContact(_SurAccompagnement):
    form_class = ContactForm
    titre = "Ajouter un contact"
    message = "Le contact est enregistré."

    def initial(self):
        return {"jour": aujourdhui(), "heure": timezone.localtime().strftime("%H:%M")}

    def executer(self, donnees):
        quand = timezone.make_aware(datetime.combine(donnees["jour"], donnees["heure"]))
        contact_enregistrer(
            accompagnement=self.get_objet(),
            par=self.request.user,
            date=quand,
            mode=donnees["mode"],
            duree_minutes=donnees["duree_minutes"],
            lieu=donnees["lieu"],
            lieu_accueil=donnees["lieu_accueil"],
            note=donnees["note"],
        )


class AjouterDemarche(_SurAccompagnement):
    form_class = DemarcheForm
    titre = "Ajouter une démarche"
    message = "La démarche est enregistrée."

    def initial(self):
        return {"date": aujourdhui()}

    def form_kwargs(self):
        return {"commune": self.get_objet().usager.commune_id}

    def executer(self, donnees):
        demarche_enregistrer(accompagnement=self.get_objet(), par=self.request.user, **donnees)


class EnregistrerDroit(_SurAccompagnement):
    form_class = DroitForm
    titre = "Enregistrer un droit"
    message = "Le droit est enregistré."

    def executer(self, donnees):
        accompagnement = self.get_objet()
        droit_enregistrer(
            usager=accompagnement.usager,
            accompagnement=accompagnement,
            par=self.request.user,
            type=donnees["type"],
            date_identification=donnees["date_identification"],
        )


class ChangerStatutDroit(ActionSurDossier):
    """Move a right to one of its next statuses (`TRANSITIONS_DROIT`, the service's state machine)."""

    form_class = StatutDroitForm
    ancre = ANCRE

    def objet(self):
        if self.kwargs["statut"] not in StatutDroit.values:
            raise Http404
        return visible(DroitModele, self.request.user, self.kwargs["pk"])

    @property
    def vers(self) -> str:
        return self.kwargs["statut"]

    @property
    def titre(self):
        return f"{self.get_objet().type} : passer au statut « {StatutDroit(self.vers).label} »"

    @property
    def message(self):
        return f"Le droit {self.get_objet().type} est au statut « {StatutDroit(self.vers).label} »."

    def informations(self):
        droit = self.get_objet()
        return [("Statut actuel", droit.get_statut_display())]

    def executer(self, donnees):
        droit_modifier(
            droit=self.get_objet(),
            par=self.request.user,
            statut=self.vers,
            **{DATE_DU_STATUT[self.vers]: donnees["date_evenement"]},
        )


class CloturerAccompagnement(_SurAccompagnement):
    form_class = CloturerForm
    titre = "Clôturer l'accompagnement"
    message = "L'accompagnement est clos."
    bouton = "Clôturer"

    def executer(self, donnees):
        accompagnement_cloturer(accompagnement=self.get_objet(), par=self.request.user, **donnees)


def menu(user) -> list[tuple[str, str]]:
    return []


urlpatterns = [
    path(
        "usagers/<int:pk>/accompagnements/ouvrir/", OuvrirAccompagnement.as_view(), name="acces-droits-ouvrir"
    ),
    path("accompagnements/<int:pk>/contact/", AjouterContact.as_view(), name="acces-droits-contact"),
    path("accompagnements/<int:pk>/demarche/", AjouterDemarche.as_view(), name="acces-droits-demarche"),
    path("accompagnements/<int:pk>/droit/", EnregistrerDroit.as_view(), name="acces-droits-droit"),
    path(
        "accompagnements/<int:pk>/cloturer/", CloturerAccompagnement.as_view(), name="acces-droits-cloturer"
    ),
    path(
        "droits/<int:pk>/statut/<str:statut>/",
        ChangerStatutDroit.as_view(),
        name="acces-droits-statut",
    ),
]
