"""Actions 2.1 (ASLL) and 2.2 (ACOR) in the agents' workspace (/espace/): their parts of the person's
file with their actions in place (a checkpoint held or not held, a meeting between checkpoints…), and
their work lists — « Mes mesures » (late checkpoints first) and the ACOR waiting list with the places
left. Every page calls the API's service and returns to the file. Declared in `logement.dispositif`
(`fiche`, `espace`)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import path, reverse

from communes.habilitations import communes_habilitees
from config.formats import date_fr
from config.periodes import aujourdhui
from logement.calendrier import DUREE_MAX_MOIS
from logement.models import (
    FinancementMesure,
    IssueMesure,
    MesureASLL,
    MotifSortie,
    Orientation,
    PointEtape,
    PrescripteurACOR,
    RencontreASLL,
    SituationACOR,
    StatutMesure,
    StatutSituation,
    TypeMesure,
    TypeRencontre,
    places_acor,
)
from logement.perms import ACOR, ASLL
from logement.services import (
    mesure_cloturer,
    mesure_creer,
    mesure_renouveler,
    mesure_reprendre,
    mesure_suspendre,
    point_etape_non_tenu,
    point_etape_realiser,
    rencontre_creer,
    situation_acor_cloturer,
    situation_acor_orienter,
    situation_acor_prendre_en_charge,
)
from logement.validators import Difficulte, Objectif
from partenaires.forms import ChoixPartenaire
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from usagers.dossier import Partie
from usagers.espace import ActionSurDossier, Formulaire, peut_ecrire, visible
from usagers.models import Usager

ANCRE_ASLL = "asll"
ANCRE_ACOR = "acor"


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _choix(choices, label: str, **kwargs) -> forms.ChoiceField:
    """A choice with nothing pre-selected: the agent picks (an outcome is never suggested)."""
    return forms.ChoiceField(label=label, choices=[("", "Choisir")] + list(choices), **kwargs)


# --- the parts of the file ---------------------------------------------------------------------


def fiche_asll(request, usager: Usager) -> list[Partie]:
    """Her ASLL measures, each with its checkpoints (held, not held, late, to come) and the meetings
    between them: three queries."""
    mesures = list(
        MesureASLL.objects.visibles_par(request.user)
        .filter(usager=usager)
        .avec_prochain_point_etape()
        .select_related("referent", "operateur")
        .prefetch_related(
            Prefetch("points_etape", queryset=PointEtape.objects.avec_etat().order_by("date_prevue", "id")),
            Prefetch("rencontres", queryset=RencontreASLL.objects.order_by("-date", "-id")),
        )
        .order_by("-date_debut", "-id")
    )
    for m in mesures:
        m.objectifs_libelles = [Objectif(o).label for o in m.objectifs if o in Objectif.values]
    return [
        Partie(
            "Accompagnement social lié au logement — ASLL (action 2.1)",
            "espace/logement/asll.html",
            {"mesures": mesures, "ecriture": peut_ecrire(request.user, usager), "usager": usager},
            ancre=ANCRE_ASLL,
        )
    ]


def fiche_acor(request, usager: Usager) -> list[Partie]:
    """Her ACOR situations (waiting, in progress, ended): one query."""
    situations = list(
        SituationACOR.objects.visibles_par(request.user)
        .filter(usager=usager)
        .order_by("-date_orientation", "-id")
    )
    for s in situations:
        s.difficultes_libelles = [Difficulte(d).label for d in s.difficultes if d in Difficulte.values]
    return [
        Partie(
            "ACOR — situations d'exclusion (action 2.2)",
            "espace/logement/acor.html",
            {"situations": situations, "ecriture": peut_ecrire(request.user, usager), "usager": usager},
            ancre=ANCRE_ACOR,
        )
    ]


# --- ASLL ---------------------------------------------------------------------------------------


def _operateurs():
    """The directory's active operators (a handful: a list, not a search)."""
    return Partenaire.objects.actifs().filter(type=TypePartenaire.OPERATEUR).order_by("nom")


class MesureForm(Formulaire):
    type = _choix(TypeMesure.choices, "Type de mesure")
    financement = forms.ChoiceField(
        label="Financement",
        choices=FinancementMesure.choices,
        initial=FinancementMesure.PACTE,
        widget=forms.RadioSelect,
    )
    operateur = forms.ModelChoiceField(
        label="Opérateur portant la mesure",
        queryset=Partenaire.objects.none(),
        required=False,
        empty_label="Choisir",
    )
    date_debut = _date("Date de début", initial=aujourdhui)
    duree_mois = forms.IntegerField(label="Durée accordée (mois)", min_value=1, max_value=DUREE_MAX_MOIS)
    objectifs = forms.MultipleChoiceField(
        label="Objectifs", choices=Objectif.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operateur"].queryset = _operateurs()


class RenouvelerForm(Formulaire):
    duree_mois = forms.IntegerField(
        label="Durée du renouvellement (mois)", min_value=1, max_value=DUREE_MAX_MOIS
    )


class SuspendreForm(Formulaire):
    date_suspension = _date("Suspendue à partir du", initial=aujourdhui)


class ReprendreForm(Formulaire):
    date_reprise = _date("Reprise le", initial=aujourdhui)


class CloturerMesureForm(Formulaire):
    date_fin = _date("Date de fin", initial=aujourdhui)
    issue = _choix(IssueMesure.choices, "Issue de la mesure (bilan des suites)")
    orientation = _choix(
        Orientation.choices, "Orientation vers (seulement si l'issue est une orientation)", required=False
    )
    orientation_partenaire = ChoixPartenaire(
        label="Partenaire de l'annuaire vers lequel la personne est orientée"
    )

    def __init__(self, *args, commune: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orientation_partenaire"].servir(commune)


class PointForm(Formulaire):
    date_realisee = _date("Tenu le", initial=aujourdhui)
    compte_rendu = forms.CharField(
        label="Compte rendu", required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PointNonTenuForm(Formulaire):
    date_non_tenu = _date("Constaté le", initial=aujourdhui)
    raison = forms.CharField(
        label="Raison", required=False, max_length=255, help_text="Par exemple : absence de la personne."
    )


class RencontreForm(Formulaire):
    date = _date("Date de la rencontre", initial=aujourdhui)
    type = _choix(TypeRencontre.choices, "Type de rencontre")
    note = forms.CharField(
        label="Note", required=False, max_length=2_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OuvrirMesure(ActionSurDossier):
    form_class = MesureForm
    titre = "Ouvrir une mesure ASLL"
    message = "La mesure ASLL est ouverte ; ses points d'étape sont planifiés."
    ancre = ANCRE_ASLL

    def objet(self):
        return visible(Usager, self.request.user, self.kwargs["pk"])

    def informations(self):
        return [("Durée totale maximale, renouvellements compris", f"{DUREE_MAX_MOIS} mois")]

    def executer(self, donnees):
        mesure_creer(par=self.request.user, usager=self.get_objet(), **donnees)


class _SurMesure(ActionSurDossier):
    ancre = ANCRE_ASLL

    def objet(self):
        return visible(MesureASLL, self.request.user, self.kwargs["pk"])

    def informations(self):
        m = self.get_objet()
        return [
            ("Mesure", f"{m.get_type_display()} depuis le {date_fr(m.date_debut)}"),
            ("Statut", m.get_statut_display()),
            ("Fin prévue", date_fr(m.date_fin_prevue, "—")),
            ("Durée accordée", f"{m.duree_mois} mois"),
            ("Plafond", f"{DUREE_MAX_MOIS} mois au total, renouvellements compris"),
        ]


class RenouvelerMesure(_SurMesure):
    form_class = RenouvelerForm
    titre = "Renouveler la mesure ASLL"
    message = "La mesure est renouvelée ; sa fin prévue et ses points d'étape suivent."
    bouton = "Renouveler"

    def informations(self):
        m = self.get_objet()
        return [
            *super().informations(),
            ("Renouvellement possible", f"{DUREE_MAX_MOIS - m.duree_mois} mois au plus"),
        ]

    def executer(self, donnees):
        mesure_renouveler(mesure=self.get_objet(), par=self.request.user, **donnees)


class SuspendreMesure(_SurMesure):
    form_class = SuspendreForm
    titre = "Suspendre la mesure ASLL"
    message = "La mesure est suspendue : aucun point d'étape n'est en retard pendant la suspension."
    bouton = "Suspendre"

    def executer(self, donnees):
        mesure_suspendre(mesure=self.get_objet(), par=self.request.user, **donnees)


class ReprendreMesure(_SurMesure):
    form_class = ReprendreForm
    titre = "Reprendre la mesure ASLL"
    message = "La mesure a repris."
    bouton = "Reprendre"

    def executer(self, donnees):
        mesure_reprendre(mesure=self.get_objet(), par=self.request.user, **donnees)


class CloturerMesure(_SurMesure):
    form_class = CloturerMesureForm
    titre = "Clôturer la mesure ASLL"
    message = "La mesure est clôturée avec son issue."
    bouton = "Clôturer"

    def form_kwargs(self):
        return {"commune": self.get_objet().usager.commune_id}

    def executer(self, donnees):
        mesure_cloturer(
            mesure=self.get_objet(),
            par=self.request.user,
            date_fin=donnees["date_fin"],
            issue=donnees["issue"],
            orientation=donnees["orientation"] or None,
            orientation_partenaire=donnees["orientation_partenaire"],
        )


class TenirPoint(ActionSurDossier):
    form_class = PointForm
    titre = "Point d'étape tenu"
    message = "Le point d'étape est enregistré."
    ancre = ANCRE_ASLL

    def objet(self):
        return visible(PointEtape, self.request.user, self.kwargs["pk"])

    def usager_de(self, objet):
        return objet.mesure.usager

    def informations(self):
        return [("Prévu le", date_fr(self.get_objet().date_prevue))]

    def executer(self, donnees):
        point_etape_realiser(point=self.get_objet(), par=self.request.user, **donnees)


class NonTenuPoint(TenirPoint):
    form_class = PointNonTenuForm
    titre = "Point d'étape non tenu"
    message = "Le point d'étape est noté non tenu : il n'est plus attendu et ses rappels cessent."
    bouton = "Noter non tenu"

    def informations(self):
        return [
            ("Prévu le", date_fr(self.get_objet().date_prevue)),
            (
                "Si la rencontre a finalement eu lieu",
                "enregistrez le point tenu : il remplace le « non tenu »",
            ),
        ]

    def executer(self, donnees):
        point_etape_non_tenu(point=self.get_objet(), par=self.request.user, **donnees)


class NouvelleRencontre(_SurMesure):
    form_class = RencontreForm
    titre = "Rencontre avec le ménage"
    message = "La rencontre est enregistrée."
    bouton = "Enregistrer la rencontre"

    def informations(self):
        m = self.get_objet()
        return [
            ("Mesure", f"{m.get_type_display()} depuis le {date_fr(m.date_debut)}"),
            ("Financement", m.get_financement_display()),
            ("Statut", m.get_statut_display()),
        ]

    def executer(self, donnees):
        rencontre_creer(mesure=self.get_objet(), par=self.request.user, **donnees)


@login_required
def mes_mesures(request):
    """« Mes mesures »: the ASLL measures the worker follows as référent, late checkpoints first, then
    by next due date (`avec_prochain_point_etape`, `par_echeance`): one query."""
    mesures = (
        MesureASLL.objects.visibles_par(request.user)
        .filter(referent=request.user)
        .exclude(statut=StatutMesure.TERMINEE)
        .avec_prochain_point_etape()
        .select_related("usager")
        .order_by("-en_retard", "prochain_point_etape", "date_debut", "id")[:500]
    )
    return render(
        request, "espace/logement/mes_mesures.html", {"titre": "Mes mesures ASLL", "mesures": mesures}
    )


# --- ACOR ---------------------------------------------------------------------------------------


class OrienterACORForm(Formulaire):
    date_orientation = _date("Date d'orientation", initial=aujourdhui)
    difficultes = forms.MultipleChoiceField(
        label="Difficultés", choices=Difficulte.choices, widget=forms.CheckboxSelectMultiple
    )
    prescripteur = _choix(PrescripteurACOR.choices, "Prescripteur")
    prescripteur_partenaire = ChoixPartenaire(label="Partenaire prescripteur, s'il est dans l'annuaire")

    def __init__(self, *args, commune: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prescripteur_partenaire"].servir(commune)


class AdmettreForm(Formulaire):
    date_entree = _date("Date d'entrée", initial=aujourdhui)


class SortieForm(Formulaire):
    date_sortie = _date("Date de sortie", initial=aujourdhui)
    motif_sortie = _choix(MotifSortie.choices, "Motif de sortie")


def _places() -> list[tuple[str, str]]:
    capacite, occupees, restantes = places_acor(aujourdhui())
    if capacite is None:
        return [("Places", "aucune capacité n'est définie pour la période en cours")]
    return [
        ("Places restantes aujourd'hui", f"{restantes} sur {capacite.places} ({occupees} occupée(s))"),
        ("Période", f"du {date_fr(capacite.date_debut)} au {date_fr(capacite.date_fin)}"),
    ]


class OrienterACOR(ActionSurDossier):
    form_class = OrienterACORForm
    titre = "Orienter vers ACOR (liste d'attente)"
    message = "La situation est inscrite sur la liste d'attente ACOR."
    ancre = ANCRE_ACOR

    def objet(self):
        return visible(Usager, self.request.user, self.kwargs["pk"])

    def form_kwargs(self):
        return {"commune": self.get_objet().commune_id}

    def executer(self, donnees):
        situation_acor_orienter(par=self.request.user, usager=self.get_objet(), **donnees)


class _SurSituation(ActionSurDossier):
    ancre = ANCRE_ACOR

    def objet(self):
        return visible(SituationACOR, self.request.user, self.kwargs["pk"])


class AdmettreACOR(_SurSituation):
    form_class = AdmettreForm
    titre = "Admettre en ACOR"
    message = "La situation est prise en charge par ACOR."
    bouton = "Admettre"

    def informations(self):
        s = self.get_objet()
        return [("Orientée le", date_fr(s.date_orientation)), *_places()]

    def executer(self, donnees):
        situation_acor_prendre_en_charge(situation=self.get_objet(), par=self.request.user, **donnees)


class SortieACOR(_SurSituation):
    form_class = SortieForm
    titre = "Clôturer la situation ACOR"
    message = "La situation ACOR est terminée."
    bouton = "Clôturer"

    def informations(self):
        s = self.get_objet()
        infos = [("Statut", s.get_statut_display())]
        if s.statut == StatutSituation.EN_ATTENTE:
            infos.append(("Motif possible", "une situation jamais prise en charge se termine « sans suite »"))
        return infos

    def executer(self, donnees):
        situation_acor_cloturer(situation=self.get_objet(), par=self.request.user, **donnees)


@login_required
def liste_d_attente(request):
    """The ACOR waiting list (by referral date) with its commune, and the places left today."""
    attente = list(
        SituationACOR.objects.visibles_par(request.user)
        .liste_d_attente()
        .select_related("usager", "commune")[:500]
    )
    return render(
        request,
        "espace/logement/liste_d_attente.html",
        {"titre": "Liste d'attente ACOR", "attente": attente, "places": _places()},
    )


def menu(user) -> list[tuple[str, str]]:
    entrees = []
    if communes_habilitees(user, [ASLL]):
        entrees.append(("Mes mesures ASLL", reverse("espace:asll-mes-mesures")))
    if communes_habilitees(user, [ACOR]):
        entrees.append(("Liste d'attente ACOR", reverse("espace:acor-liste-d-attente")))
    return entrees


urlpatterns = [
    path("asll/mes-mesures/", mes_mesures, name="asll-mes-mesures"),
    path("usagers/<int:pk>/asll/ouvrir/", OuvrirMesure.as_view(), name="asll-ouvrir"),
    path("asll/mesures/<int:pk>/renouveler/", RenouvelerMesure.as_view(), name="asll-renouveler"),
    path("asll/mesures/<int:pk>/suspendre/", SuspendreMesure.as_view(), name="asll-suspendre"),
    path("asll/mesures/<int:pk>/reprendre/", ReprendreMesure.as_view(), name="asll-reprendre"),
    path("asll/mesures/<int:pk>/cloturer/", CloturerMesure.as_view(), name="asll-cloturer"),
    path("asll/points-etape/<int:pk>/tenu/", TenirPoint.as_view(), name="asll-point-tenu"),
    path("asll/points-etape/<int:pk>/non-tenu/", NonTenuPoint.as_view(), name="asll-point-non-tenu"),
    path("asll/mesures/<int:pk>/rencontre/", NouvelleRencontre.as_view(), name="asll-rencontre"),
    path("acor/liste-d-attente/", liste_d_attente, name="acor-liste-d-attente"),
    path("usagers/<int:pk>/acor/orienter/", OrienterACOR.as_view(), name="acor-orienter"),
    path("acor/situations/<int:pk>/admettre/", AdmettreACOR.as_view(), name="acor-admettre"),
    path("acor/situations/<int:pk>/cloturer/", SortieACOR.as_view(), name="acor-cloturer"),
]
