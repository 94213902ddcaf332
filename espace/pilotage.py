"""The supervisors' pages of the workspace: the dashboard (the admin's figures,
`indicateurs.resultats.publier`: the same communes and statistical secrecy; with its charts), period
fields showing the period shown, and the downloads: each indicator in CSV and XLSX, the yearly report
(the API's own endpoints)."""

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from config.dispositifs import COMMUNE
from config.periodes import aujourdhui
from indicateurs.periodes import trimestres
from indicateurs.perms import peut_lire_indicateurs
from indicateurs.registre import actions, indicateurs
from indicateurs.resultats import publier, regle_secret
from indicateurs.tableau_de_bord import LARGEUR_BARRES, Action, PeriodeForm, _graphique, blocs_d_encadrement


def _telechargements(graphique, du: date, au: date) -> list[tuple[str, str]]:
    valeurs = reverse("indicateurs-valeurs")
    base = {"indicateur": graphique.publication.indicateur.id, "du": du.isoformat(), "au": au.isoformat()}
    return [
        (f"{libelle}", f"{valeurs}?{urlencode({**base, 'par': 'commune,mois', 'format': fmt})}")
        for libelle, fmt in (("CSV", "csv"), ("XLSX", "xlsx"))
    ]


@login_required
def tableau_de_bord(request):
    if not peut_lire_indicateurs(request.user):
        raise Http404
    annee = aujourdhui().year
    form = PeriodeForm(request.GET or {"du": date(annee, 1, 1), "au": date(annee, 12, 31)})
    # The fields show the period shown (`PeriodeForm` writes ISO values, the only ones a date input reads).
    for nom in ("du", "au"):
        form.fields[nom].widget.attrs["class"] = "fr-input"
        form.fields[nom].label = {"du": "Du", "au": "Au"}[nom]
    tableaux: list[Action] = []
    du = au = None
    if form.is_valid():
        du, au = form.cleaned_data["du"], form.cleaned_data["au"]
        par_action: dict[str, list] = {}
        for indicateur in indicateurs():
            if COMMUNE not in indicateur.par_possibles:
                continue
            graphique = _graphique(
                publier(user=request.user, indicateur=indicateur, du=du, au=au, par=[COMMUNE])
            )
            graphique.telechargements = _telechargements(graphique, du, au)
            par_action.setdefault(indicateur.action, []).append(graphique)
        titres = actions()
        tableaux = [Action(code, titres[code], graphiques) for code, graphiques in par_action.items()]
    rapport = reverse("indicateurs-rapport")
    return render(
        request,
        "espace/tableau_de_bord.html",
        {
            "titre": "Tableau de bord",
            "form": form,
            "du": du,
            "au": au,
            "actions": tableaux,
            "blocs": blocs_d_encadrement(request.user),
            "largeur_barres": LARGEUR_BARRES,
            "regle_secret": regle_secret(tableaux[0].graphiques[0].publication.seuil) if tableaux else "",
            "annees": range(2020, annee + 1),
            "trimestres": [
                (f"T{i}", d, f) for i, (d, f) in enumerate(trimestres(du.year if du else annee), 1)
            ],
            "rapports": [(a, f"{rapport}?{urlencode({'annee': a})}") for a in range(annee, 2019, -1)][:3],
        },
    )
