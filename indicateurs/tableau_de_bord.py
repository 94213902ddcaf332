"""The supervisors' dashboard in the admin (`/admin/tableau-de-bord/`): per action, the figures of
their communes, with names and labels, as tables and server-rendered SVG bar charts (no script, no
CDN), plus the caseloads' late checkpoints per worker.

The figures are `indicateurs.resultats.publier`'s — the same computation, the same communes and the
same statistical secrecy as the API and the exports: nothing is recounted here."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string

from config import dispositifs as registre
from config.dispositifs import COMMUNE, Bloc
from indicateurs.periodes import MESSAGE_TREILLIS, dans_le_treillis
from indicateurs.perms import peut_lire_indicateurs
from indicateurs.rapport import parite_de_l_annee
from indicateurs.registre import actions, indicateurs
from indicateurs.resultats import Publication, publier, regle_secret

LARGEUR_BARRES = 320


class PeriodeForm(forms.Form):
    # ISO values: a date input shows nothing of a French « 01/01/2026 » (the period would look empty).
    du = forms.DateField(label="du", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    au = forms.DateField(label="au", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["au"] < donnees["du"]:
            raise forms.ValidationError("La fin de la période ne peut pas précéder son début.")
        if donnees.get("du") and donnees.get("au") and not dans_le_treillis(donnees["du"], donnees["au"]):
            raise forms.ValidationError(MESSAGE_TREILLIS)  # the API's rule (indicateurs.periodes)
        return donnees


@dataclass
class Barre:
    libelle: str
    valeur: int | None  # None: covered by the statistical secrecy
    y: int
    largeur: int


@dataclass
class Graphique:
    publication: Publication
    lignes: list[dict]
    barres: list[Barre]  # the communes with something to show (a count, or a secret cell)
    hauteur: int
    a_zero: int  # communes counted 0, named in the table only


def _graphique(publication: Publication) -> Graphique:
    lignes = publication.lignes()
    a_montrer = [ligne for ligne in lignes if ligne["secret"] or ligne["valeur"]]
    maximum = max((ligne["valeur"] or 0 for ligne in a_montrer), default=0) or 1
    barres = [
        Barre(
            libelle=ligne.get("commune_nom", ligne.get(COMMUNE, "")),
            valeur=None if ligne["secret"] else ligne["valeur"],
            y=22 * i,
            largeur=0 if ligne["secret"] else max(round(LARGEUR_BARRES * ligne["valeur"] / maximum), 1),
        )
        for i, ligne in enumerate(a_montrer)
    ]
    return Graphique(
        publication=publication,
        lignes=lignes,
        barres=barres,
        hauteur=max(22 * len(barres), 22),
        a_zero=len(lignes) - len(a_montrer),
    )


@dataclass
class Action:
    code: str
    libelle: str
    graphiques: list[Graphique]

    def lignes(self) -> list[tuple[str, list[dict]]]:
        """One row per commune, one cell per indicator of the action (the same publications)."""
        if not self.graphiques:
            return []
        return [
            (ligne.get("commune_nom", ""), [g.lignes[i] for g in self.graphiques])
            for i, ligne in enumerate(self.graphiques[0].lignes)
        ]

    def totaux(self) -> list[dict]:
        return [g.publication.total() for g in self.graphiques]


def blocs_d_encadrement(user) -> list[Bloc]:
    """The blocks the dispositifs add for their supervisors (`Dispositif.encadrement`)."""
    return [import_string(d.encadrement)(user) for d in registre.dispositifs() if d.encadrement]


def tableau_de_bord(request):
    if not peut_lire_indicateurs(request.user):
        raise PermissionDenied("Le tableau de bord se lit avec le rôle encadrant (ou administrateur).")
    annee = date.today().year
    form = PeriodeForm(request.GET or {"du": date(annee, 1, 1), "au": date(annee, 12, 31)})
    tableaux: list[Action] = []
    if form.is_valid():
        du, au = form.cleaned_data["du"], form.cleaned_data["au"]
        par_action: dict[str, list[Graphique]] = {}
        for indicateur in indicateurs():
            if COMMUNE not in indicateur.par_possibles:
                continue
            publication = publier(user=request.user, indicateur=indicateur, du=du, au=au, par=[COMMUNE])
            par_action.setdefault(indicateur.action, []).append(_graphique(publication))
        titres = actions()
        tableaux = [Action(code, titres[code], graphiques) for code, graphiques in par_action.items()]
    contexte = {
        **admin.site.each_context(request),
        "title": "Tableau de bord des encadrants",
        "form": form,
        "actions": tableaux,
        "blocs": blocs_d_encadrement(request.user),
        "largeur_barres": LARGEUR_BARRES,
        "regle_secret": regle_secret(tableaux[0].graphiques[0].publication.seuil) if tableaux else "",
        "annees": range(2020, annee + 1),
        # Art. 2.3.2: the Métropole spends at least what the State gives (flagged when below).
        "parite": parite_de_l_annee(form.cleaned_data["du"].year if form.is_valid() else annee),
    }
    return TemplateResponse(request, "admin/indicateurs/tableau_de_bord.html", contexte)
