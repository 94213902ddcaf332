"""The yearly execution report of the pacte (to the Préfet, by 31 March of the following year).

One XLSX workbook (XlsxWriter, `constant_memory`, streamed from a temporary file):
- « Synthèse »: per action, its indicators for the year and the budget of annex 1 (State and
  Métropole), then the monthly series of every indicator with a line chart;
- one sheet per action: each indicator by commune and month (with totals), then by each of its
  other breakdowns and month.
Every figure is a `Publication` of `indicateurs.resultats`: the same suppression as the API.
"""

import tempfile
from datetime import date

from django.utils import timezone

from config.dispositifs import COMMUNE, MOIS
from indicateurs.exports import bloc_entete, classeur, reponse_fichier, texte_sur
from indicateurs.registre import actions, budgets, indicateurs
from indicateurs.resultats import Publication, publier, regle_secret
from indicateurs.secret import seuil_secret


def _publications(user, annee: int, source: str) -> dict[str, list[Publication]]:
    """Per indicator: by commune × month first, then each other breakdown × month."""
    du, au = date(annee, 1, 1), date(annee, 12, 31)
    resultat: dict[str, list[Publication]] = {}
    for ind in indicateurs():
        tables = [publier(user=user, indicateur=ind, du=du, au=au, par=[COMMUNE, MOIS], source=source)]
        for ventilation in ind.ventilations:
            tables.append(
                publier(user=user, indicateur=ind, du=du, au=au, par=[ventilation.code, MOIS], source=source)
            )
        resultat[ind.id] = tables
    return resultat


def _valeur(feuille, rangee: int, colonne: int, case: dict, formats: dict) -> None:
    if case["secret"]:
        feuille.write_string(rangee, colonne, "secret", formats["secret"])
    else:
        feuille.write_number(rangee, colonne, case["valeur"])


def _feuille_synthese(wb, formats, annee, source, publications, extrait_le) -> None:
    feuille = wb.add_worksheet("Synthèse")
    feuille.set_column(0, 0, 14)
    feuille.set_column(1, 1, 60)
    feuille.set_column(2, 4, 18)
    rangee = bloc_entete(
        feuille,
        formats["gras"],
        f"Pacte de solidarité — rapport d'exécution {annee}",
        date(annee, 1, 1),
        date(annee, 12, 31),
        source,
        extrait_le,
        [regle_secret(seuil_secret()), "Budget : annexe 1 du pacte (crédits État et Métropole, en euros)."],
    )
    for j, nom in enumerate(
        ["Action", "Indicateur", f"Valeur {annee}", "Crédits État (€)", "Crédits Métropole (€)"]
    ):
        feuille.write_string(rangee, j, nom, formats["entete"])
    feuille.freeze_panes(rangee + 1, 0)
    rangee += 1
    credits = budgets()
    for action, libelle in actions().items():
        etat, metropole = credits.get(action, (0, 0))
        feuille.write_string(rangee, 0, action, formats["gras"])
        feuille.write_string(rangee, 1, libelle, formats["gras"])
        feuille.write_number(rangee, 3, etat, formats["euros"])
        feuille.write_number(rangee, 4, metropole, formats["euros"])
        rangee += 1
        inds = [i for i in indicateurs() if i.action == action]
        if not inds:
            feuille.write_string(
                rangee, 1, "Indicateurs non disponibles : le module de ce dispositif n'est pas installé."
            )
            rangee += 1
        for ind in inds:
            principale = publications[ind.id][0]
            feuille.write_string(rangee, 0, ind.id)
            feuille.write_string(rangee, 1, texte_sur(ind.libelle))
            _valeur(feuille, rangee, 2, principale.total(), formats)
            rangee += 1
    # Monthly series (column totals of the commune × month tables), then the chart.
    rangee += 1
    feuille.write_string(rangee, 0, "Série mensuelle", formats["gras"])
    rangee += 1
    ids = [ind.id for ind in indicateurs()]
    feuille.write_string(rangee, 0, "Mois", formats["entete"])
    for j, identifiant in enumerate(ids, start=1):
        feuille.write_string(rangee, j, identifiant, formats["entete"])
    premiere = rangee + 1
    for m in range(12):
        rangee += 1
        feuille.write_string(rangee, 0, f"{annee:04d}-{m + 1:02d}")
        for j, identifiant in enumerate(ids, start=1):
            principale = publications[identifiant][0]
            # Suppressed months are left empty: the chart shows a gap, never a small count.
            case = principale.case(len(principale.tableau.lignes), m)
            if not case["secret"]:
                feuille.write_number(rangee, j, case["valeur"])
    # One chart per action: the monthly series of its indicators (suppressed months are gaps).
    position = premiere - 2
    titres = actions()
    for action in titres:
        colonnes = [j for j, identifiant in enumerate(ids, start=1) if identifiant.startswith(f"{action}.")]
        if not colonnes:
            continue
        graphique = wb.add_chart({"type": "line"})
        for j in colonnes:
            graphique.add_series(
                {
                    "name": ["Synthèse", premiere - 1, j],
                    "categories": ["Synthèse", premiere, 0, premiere + 11, 0],
                    "values": ["Synthèse", premiere, j, premiere + 11, j],
                    "marker": {"type": "circle"},
                }
            )
        graphique.set_title({"name": f"{titres[action]} — par mois, {annee}"})
        graphique.set_y_axis({"name": "effectif", "min": 0})
        graphique.show_blanks_as("gap")
        feuille.insert_chart(position, len(ids) + 2, graphique, {"x_scale": 1.4, "y_scale": 1.0})
        position += 16


def _feuille_action(wb, formats, action, annee, source, publications, extrait_le) -> None:
    feuille = wb.add_worksheet(f"Action {action}")
    feuille.set_column(0, 0, 32)
    rangee = bloc_entete(
        feuille,
        formats["gras"],
        actions()[action],
        date(annee, 1, 1),
        date(annee, 12, 31),
        source,
        extrait_le,
        [regle_secret(seuil_secret())],
    )
    inds = [i for i in indicateurs() if i.action == action]
    if not inds:
        feuille.write_string(
            rangee, 0, "Indicateurs non disponibles : le module de ce dispositif n'est pas installé."
        )
        return
    for ind in inds:
        feuille.write_string(rangee, 0, f"{ind.id} — {texte_sur(ind.libelle)}", formats["gras"])
        rangee += 1
        feuille.write_string(rangee, 0, texte_sur(ind.regle))
        rangee += 1
        for publication in publications[ind.id]:
            t = publication.tableau
            titre = {COMMUNE: "Commune"}.get(t.lignes_dim) or ind.ventilation(t.lignes_dim).libelle
            feuille.write_string(rangee, 0, titre, formats["entete"])
            for j, mois in enumerate(t.colonnes, start=1):
                feuille.write_string(rangee, j, mois, formats["entete"])
            feuille.write_string(rangee, len(t.colonnes) + 1, "Total", formats["entete"])
            rangee += 1
            for i, code in enumerate([*t.lignes, None]):
                nom = "Total" if code is None else t.libelles[t.lignes_dim].get(code, code)
                feuille.write_string(rangee, 0, texte_sur(nom))
                for j in range(len(t.colonnes) + 1):
                    _valeur(feuille, rangee, j + 1, publication.case(i, j), formats)
                rangee += 1
            rangee += 1
        rangee += 1


def reponse_rapport(*, user, annee: int, source: str = "live"):
    publications = _publications(user, annee, source)
    premieres = [tables[0] for tables in publications.values()]
    extrait_le = premieres[0].extrait_le if premieres else timezone.now()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as temporaire:
        wb = classeur(temporaire.name)
        formats = {
            "gras": wb.add_format({"bold": True}),
            "entete": wb.add_format({"bold": True, "bottom": 1}),
            "euros": wb.add_format({"num_format": "# ##0 €"}),
            "secret": wb.add_format({"italic": True, "font_color": "#777777"}),
        }
        _feuille_synthese(wb, formats, annee, source, publications, extrait_le)
        for action in actions():
            _feuille_action(wb, formats, action, annee, source, publications, extrait_le)
        wb.close()
        fichier = open(temporaire.name, "rb")  # noqa: SIM115 — streamed, closed by the response
    return reponse_fichier(fichier, f"rapport_execution_pacte_{annee}.xlsx")
