"""The kernel's pages of the workspace: home, finding and recording a person, the person's file (the hub:
every dispositif's part comes from its declaration), her history. The API's querysets, predicates and
services; each opening of a file is journaled like the API's and the admin's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views import View
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from communes.habilitations import communes_habilitees, dans_le_compartiment
from comptes.perms import peut_lire_les_journaux
from comptes.roles import est_encadrant, role_de, roles
from config import dispositifs as registre
from config.signaux import dossiers_consultes
from espace.forms import UsagerForm
from historique.versions import versions_lisibles
from indicateurs.perms import peut_lire_indicateurs
from notifications.models import Notification
from notifications.services import notification_marquer_lue
from usagers.dossier import fiche_de
from usagers.espace import ERREURS_DU_SERVICE, erreur_du_service, peut_ecrire, url_fiche
from usagers.models import Usager
from usagers.services import usager_creer

PAR_PAGE = 20


def travaille_dans(user, dispositif: registre.Dispositif) -> bool:
    """Ses pages s'offrent à qui détient l'habilitation du dispositif sur au moins une commune ; celles
    d'un compartiment, à son équipe seulement (`communes.habilitations`)."""
    titulaire = registre.dispositif(dispositif.habilitation)
    if titulaire.compartiment:
        return dans_le_compartiment(user, titulaire.code)
    return bool(communes_habilitees(user, [titulaire.code]))


def menu(user) -> list[tuple[str, str]]:
    """The entries of the workspace's menu for `user`: the kernel's, then each dispositif's work lists
    (`menu(user)` of its `espace` module), for the dispositifs the user works in."""
    entrees = [("Rechercher une personne", reverse("espace:recherche"))]
    non_lus = Notification.objects.de(user).non_lues().count()
    entrees.append((f"Mes rappels ({non_lus} non lu{'s' if non_lus > 1 else ''})", reverse("espace:rappels")))
    vus = set()
    for dispositif in registre.dispositifs():
        if dispositif.espace and dispositif.espace not in vus and travaille_dans(user, dispositif):
            vus.add(dispositif.espace)
            module = import_string(f"{dispositif.espace}.menu")
            entrees += module(user)
    if peut_lire_indicateurs(user):
        entrees.append(("Tableau de bord", reverse("espace:tableau-de-bord")))
    if peut_lire_les_journaux(user):
        entrees.append(("Protection des données", reverse("espace:dpo")))
    if user.is_superuser:
        entrees.append(("Administration", reverse("admin:index")))
    return entrees


def contexte_commun(request) -> dict:
    """For the base template (context processor): the menu and the role's label."""
    user = getattr(request, "user", None)
    if not request.path.startswith("/espace/") or user is None or not user.is_authenticated:
        return {}
    role = role_de(user)
    return {
        "menu_espace": menu(user),
        "role_espace": dict(roles()).get(role, "Administrateur" if role else ""),
    }


@login_required
def accueil(request):
    return render(
        request,
        "espace/accueil.html",
        {
            "titre": "Accueil",
            "encadrant": est_encadrant(request.user),
            "dpo": peut_lire_les_journaux(request.user),
        },
    )


@login_required
@vary_on_headers("HX-Request")
def recherche(request):
    """`/espace/usagers/?q=…`: accent- and case-blind, tolerant of a typo or two, or by birth date;
    each result with its birth date and commune; « créer » offered from an empty result."""
    terme = request.GET.get("q", "").strip()[:200]
    page = None
    if terme:
        qs = (
            Usager.objects.visibles_par(request.user)
            .filter(archive_le__isnull=True)
            .select_related("commune")
        )
        page = Paginator(qs.rechercher_tolerant(terme), PAR_PAGE).get_page(request.GET.get("page"))
        if page.object_list:
            dossiers_consultes.send(sender="espace", par=request.user, action="liste", objets=list(page))
    contexte = {
        "titre": "Rechercher une personne",
        "terme": terme,
        "page": page,
        "peut_creer": not est_encadrant(request.user),
    }
    partiel = request.htmx and not request.htmx.history_restore_request
    return render(request, "espace/resultats.html" if partiel else "espace/recherche.html", contexte)


class CreerUsager(LoginRequiredMixin, View):
    """Recording a person: the near-duplicates the agent may see are shown before anything is saved;
    confirming records a new person knowingly (`usager_creer`, the API's service)."""

    def rendre(self, form, proches=()):
        return render(
            self.request,
            "espace/usager_creer.html",
            {"titre": "Enregistrer une personne", "form": form, "proches": proches},
        )

    def get(self, request):
        if est_encadrant(request.user):
            return HttpResponseRedirect(reverse("espace:recherche"))
        return self.rendre(UsagerForm(user=request.user, initial=_initial_depuis(request.GET.get("q", ""))))

    def post(self, request):
        if est_encadrant(request.user):
            return HttpResponseRedirect(reverse("espace:recherche"))
        form = UsagerForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.rendre(form)
        donnees = dict(form.cleaned_data)
        confirme = donnees.pop("confirmer_doublon", False)
        proches = Usager.objects.visibles_par(request.user).doublons_proches(
            nom=donnees["nom"], prenom=donnees["prenom"], date_naissance=donnees["date_naissance"]
        )
        if proches and not confirme:
            form.demander_confirmation()
            return self.rendre(form, proches)
        try:
            usager = usager_creer(par=request.user, confirmer_doublon=confirme, **donnees)
        except ERREURS_DU_SERVICE as exc:
            erreur_du_service(form, exc)
            return self.rendre(form)
        messages.success(request, f"{usager} est enregistré(e).")
        return HttpResponseRedirect(url_fiche(usager))


def _initial_depuis(terme: str) -> dict:
    """« dupre helene » typed in the search: the name and first name pre-filled."""
    mots = [m for m in terme.split() if not any(c.isdigit() for c in m)]
    if not mots:
        return {}
    return {"nom": mots[0].upper(), "prenom": " ".join(mots[1:]).capitalize()}


def _usager_visible(request, pk: int) -> Usager:
    return get_object_or_404(Usager.objects.visibles_par(request.user).select_related("commune"), pk=pk)


@login_required
def fiche(request, pk: int):
    """The person's file, the hub: her identity, then every part the viewer holds, from the
    declarations, each with its records and its actions in place."""
    usager = _usager_visible(request, pk)
    dossiers_consultes.send(sender="espace", par=request.user, action="lu", objets=[usager])
    return render(
        request,
        "espace/fiche.html",
        {
            "titre": str(usager),
            "usager": usager,
            "parties": fiche_de(request, usager),
            "ecriture": peut_ecrire(request.user, usager),
        },
    )


@login_required
def historique(request, pk: int):
    """What changed in the person's identity, from what to what, by whom, when; no internal field."""
    usager = _usager_visible(request, pk)
    dossiers_consultes.send(sender="espace", par=request.user, action="lu", objets=[usager])
    return render(
        request,
        "espace/historique.html",
        {"titre": f"Historique — {usager}", "usager": usager, "versions": versions_lisibles(usager)},
    )


@login_required
def rappels(request):
    """The reminders inbox: the user's own reminders (never anyone else's), unread first."""
    notifications = Notification.objects.de(request.user).order_by(
        F("lue_le").asc(nulls_first=True), "-cree_le"
    )[:200]
    return render(request, "espace/rappels.html", {"titre": "Mes rappels", "notifications": notifications})


@login_required
@require_POST
def rappel_lu(request, pk: int):
    notification = get_object_or_404(Notification.objects.de(request.user), pk=pk)
    notification = notification_marquer_lue(notification=notification, par=request.user)
    if request.htmx:
        return render(request, "espace/rappel.html", {"n": notification})
    return HttpResponseRedirect(reverse("espace:rappels"))
