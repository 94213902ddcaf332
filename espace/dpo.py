"""The data-protection officer's pages of the workspace (administrators read them too): find a person by
name (archived ones included, never a person known only to a compartment), « who opened this file » as
a readable timeline, the subject-access export (the API's), early anonymisation with a confirmation
step (`conservation.services.usager_anonymiser`), the retention dry run with commune names.

The journal's entries about a compartment's records are read through the journal's API: the workspace
shows the shared register's, so that no page here tells that a compartment's team follows someone."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from communes.models import Commune
from comptes.perms import peut_lire_les_journaux
from comptes.roles import role_de, roles
from config import dispositifs as registre
from config.periodes import aujourdhui
from conservation.acces import peut_exporter
from conservation.services import conservation_simuler, usager_anonymiser
from journal.models import Action, EntreeJournal, Origine
from journal.services import journaliser
from usagers.compartiment import REGISTRE
from usagers.models import Usager


def _reserve(user) -> None:
    if not peut_lire_les_journaux(user):
        raise Http404


def _du_registre():
    """Les personnes du registre commun, archivées et anonymisées comprises ; jamais une personne
    connue du seul compartiment d'une équipe (la règle de l'API des données personnelles)."""
    return Usager.objects.filter(compartiment=REGISTRE).select_related("commune")


@login_required
def recherche(request):
    _reserve(request.user)
    terme = request.GET.get("q", "").strip()[:200]
    page = None
    if len(terme) >= 2:
        page = Paginator(_du_registre().rechercher_tolerant(terme), 20).get_page(request.GET.get("page"))
        if page.object_list:
            journaliser(par=request.user, action=Action.LISTE, objets=list(page), origine=Origine.ESPACE)
    return render(
        request,
        "espace/dpo/recherche.html",
        {
            "titre": "Protection des données",
            "terme": terme,
            "page": page,
            "peut_exporter": peut_exporter(request.user),
        },
    )


def _personne(request, pk: int) -> Usager:
    _reserve(request.user)
    return get_object_or_404(_du_registre(), pk=pk)


@login_required
def personne(request, pk: int):
    """« Qui a ouvert ce dossier » : qui, avec quel rôle, quand, quoi, par quel chemin."""
    usager = _personne(request, pk)
    entrees = list(
        EntreeJournal.objects.visibles_par(request.user)
        .filter(usager_id=usager.pk, compartiment=REGISTRE)
        .order_by("-quand", "-id")[:300]
    )
    comptes = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in={e.auteur_id for e in entrees})
        .prefetch_related("groups")
    }
    libelles_roles = dict(roles())
    noms_modeles = {}
    for e in entrees:
        compte = comptes.get(e.auteur_id)
        code = role_de(compte) if compte else None
        e.role = "administrateur" if code == "administrateur" else libelles_roles.get(code, "—")
        if e.objet_type not in noms_modeles:
            try:
                noms_modeles[e.objet_type] = str(Usager._meta.apps.get_model(e.objet_type)._meta.verbose_name)
            except LookupError:
                noms_modeles[e.objet_type] = e.objet_type
        e.quoi = noms_modeles[e.objet_type]
    journaliser(par=request.user, action=Action.LU, objets=[usager], origine=Origine.ESPACE)
    return render(
        request,
        "espace/dpo/personne.html",
        {
            "titre": f"Qui a ouvert le dossier de {usager}",
            "usager": usager,
            "entrees": entrees,
            "peut_exporter": peut_exporter(request.user),
            "export": reverse("donnees-personnelles-detail", args=[usager.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def anonymiser(request, pk: int):
    """Early anonymisation, after a confirmation step: irreversible."""
    usager = _personne(request, pk)
    if not peut_exporter(request.user):
        raise Http404
    if request.method == "POST" and request.POST.get("confirmation") == "oui":
        usager = usager_anonymiser(
            usager=usager, par=request.user, aujourd_hui=aujourdhui(), origine=Origine.ESPACE
        )
        messages.success(request, "La personne est anonymisée.")
        return HttpResponseRedirect(reverse("espace:dpo-personne", args=[usager.pk]))
    return render(
        request, "espace/dpo/anonymiser.html", {"titre": "Anonymiser par anticipation", "usager": usager}
    )


@login_required
def conservation(request):
    """The retention dry run: who would be archived and anonymised today, per dispositif and commune."""
    _reserve(request.user)
    bilan = conservation_simuler(aujourd_hui=aujourdhui())
    noms = dict(Commune.objects.values_list("pk", "nom"))
    dispositifs = {d.code: d for d in registre.dispositifs()}
    tableaux = []
    for titre, parties in (
        ("Seraient archivées aujourd'hui", bilan.archivees),
        ("Seraient anonymisées aujourd'hui", bilan.anonymisees),
    ):
        lignes = []
        for code, par_commune in parties.items():
            dispositif = dispositifs.get(code)
            if dispositif is not None and registre.dispositif(dispositif.habilitation).compartiment:
                continue  # a compartment's persons are its team's to know
            libelle = dispositif.titre_action if dispositif else "Sans dossier dans un dispositif"
            for commune, nombre in sorted(par_commune.items(), key=lambda c: noms.get(c[0], c[0])):
                lignes.append((libelle, noms.get(commune, commune), nombre))
        tableaux.append((titre, lignes))
    return render(
        request,
        "espace/dpo/conservation.html",
        {"titre": "Conservation : simulation du jour", "tableaux": tableaux},
    )
