"""Action 1.4 in the agents' workspace (/espace/): the person's path in her file (orientations made
and received, each with the outcome the viewer may know) with « Orienter » for an agent who follows
her, and the partners' directory (the API's filters, its use counted). Every page calls the API's
service and queryset. Declared in `orientations.dispositif`."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path, reverse

from communes.models import Commune
from config import dispositifs as registre
from config.errors import Conflit, RegleMetierError
from orientations.dossier import parcours
from orientations.models import ModaliteAccord, MotifOrientation, StatutOrientation
from orientations.perms import dispositif_d_origine
from orientations.services import orientation_creer
from partenaires.api.filters import PartenaireFilter
from partenaires.forms import ChoixPartenaire
from partenaires.models import Partenaire
from partenaires.services import consultation_noter
from partenaires.validators import Domaine, TypePartenaire
from usagers.dossier import Partie
from usagers.espace import ActionSurDossier, Formulaire, peut_ecrire, visible
from usagers.models import Usager

ANCRE = "parcours"
# The directory's filters as the page labels them (the API's parameter `search` is the page's « Nom »).
LIBELLES_DES_FILTRES = {"search": "Nom", "commune": "Commune servie", "domaine": "Domaine", "type": "Type"}
PARTENAIRE = "partenaire"


def fiche(request, usager: Usager) -> list[Partie]:
    """Her path: the orientations the viewer may see, oldest first, with their outcome (one query)."""
    orientations = list(parcours(request.user, usager))
    oriente = peut_ecrire(request.user, usager) and dispositif_d_origine(request.user) is not None
    for o in orientations:
        o.suite = StatutOrientation(o.statut).label
    return [
        Partie(
            "Parcours : orientations (action 1.4)",
            "espace/orientations/fiche.html",
            {
                "orientations": orientations,
                "usager": usager,
                "ecriture": oriente,
            },
            ancre=ANCRE,
        )
    ]


class OrientationForm(Formulaire):
    vers = forms.ChoiceField(label="Orienter vers")
    vers_partenaire = ChoixPartenaire(label="Partenaire de l'annuaire (si « un partenaire »)")
    motif = forms.ChoiceField(label="Motif", choices=[("", "Choisir"), *MotifOrientation.choices])
    note = forms.CharField(
        label="Note pour l'équipe qui reçoit", required=False, widget=forms.Textarea, max_length=2000
    )
    accord_personne = forms.BooleanField(
        label="La personne, informée des données transmises et à qui, donne son accord", required=False
    )
    accord_modalite = forms.ChoiceField(
        label="Comment elle a été informée et a donné son accord",
        choices=[("", "Choisir"), *ModaliteAccord.choices],
    )

    def __init__(self, *args, depuis: str = "", commune: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vers_partenaire"].servir(commune)
        cibles = [
            (d.code, a.libelle or d.titre_action)
            for d, a in registre.accueils_d_orientation()
            if d.code != depuis
        ]
        self.fields["vers"].choices = [("", "Choisir"), *cibles, (PARTENAIRE, "Un partenaire de l'annuaire")]


class Orienter(ActionSurDossier):
    form_class = OrientationForm
    titre = "Orienter la personne"
    message = "L'orientation est envoyée : l'équipe qui la reçoit en est avertie."
    bouton = "Orienter"
    ancre = ANCRE

    def objet(self):
        return visible(Usager, self.request.user, self.kwargs["pk"])

    def form_kwargs(self):
        return {
            "depuis": dispositif_d_origine(self.request.user) or "",
            "commune": self.get_objet().commune_id,
        }

    def executer(self, donnees):
        vers = donnees.pop("vers")
        try:
            orientation_creer(
                par=self.request.user,
                usager=self.get_objet(),
                vers_dispositif="" if vers == PARTENAIRE else vers,
                vers_partenaire=donnees.pop("vers_partenaire") if vers == PARTENAIRE else None,
                motif=donnees["motif"],
                note=donnees["note"],
                accord_personne=donnees["accord_personne"],
                accord_modalite=donnees["accord_modalite"],
            )
        except Conflit as exc:  # the 409 of the API: shown on the field it names
            raise RegleMetierError(exc.message, champ="vers") from exc
        except RegleMetierError as exc:
            if exc.champ == "vers_dispositif":
                raise RegleMetierError(exc.message, champ="vers") from exc
            raise


@login_required
def annuaire(request):
    """Le répertoire des partenaires, pour tout agent : recherche sans accents, commune servie,
    domaine, type — les filtres de l'API (`PartenaireFilter`), la même grammaire et les mêmes refus ;
    chaque consultation est comptée (fiche 1.4)."""
    filtres = {
        "q": request.GET.get("q", "")[:200],
        "commune": request.GET.get("commune", ""),
        "domaine": request.GET.get("domaine", ""),
        "type": request.GET.get("type", ""),
    }
    donnees = {"search" if nom == "q" else nom: valeur for nom, valeur in filtres.items() if valeur}
    filtre = PartenaireFilter(
        donnees, queryset=Partenaire.objects.actifs().prefetch_related("communes").order_by("nom", "id")
    )
    # The filter set's form validates once; its errors are empty when every filter is well-formed.
    erreurs = [
        f"{LIBELLES_DES_FILTRES[nom]} : {' '.join(messages)}" for nom, messages in filtre.errors.items()
    ]
    partenaires = Partenaire.objects.none() if erreurs else filtre.qs
    consultation_noter(par=request.user)
    page = Paginator(partenaires, 30).get_page(request.GET.get("page"))
    domaines = dict(Domaine.choices)
    for p in page:
        p.domaines_libelles = [domaines.get(d, d) for d in p.domaines]
    return render(
        request,
        "espace/orientations/annuaire.html",
        {
            "titre": "Annuaire des partenaires",
            "page": page,
            "filtres": filtres,
            "erreurs": erreurs,
            "communes": Commune.objects.order_by("nom"),
            "domaines": Domaine.choices,
            "types": TypePartenaire.choices,
        },
    )


def menu(user) -> list[tuple[str, str]]:
    return [("Annuaire des partenaires", reverse("espace:orientations-annuaire"))]


urlpatterns = [
    path("partenaires/", annuaire, name="orientations-annuaire"),
    path("usagers/<int:pk>/orienter/", Orienter.as_view(), name="orientations-orienter"),
]
