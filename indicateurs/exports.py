"""CSV and XLSX renderings of a publication. Same figures as the JSON, same suppression.

- CSV: UTF-8 with a BOM and `;` separators, so that a French spreadsheet opens it correctly.
- XLSX (XlsxWriter, `constant_memory`, written to a temporary file then streamed): typed cells,
  a header block (period, source, extraction date, counting rule, suppression rule), frozen
  column headers.
- A text cell that a spreadsheet could read as a formula (= + - @, tab, carriage return) is
  prefixed with an apostrophe (CSV/XLSX formula injection); labels come from editable tables.
"""

import csv
import io
import tempfile
from datetime import date, datetime

import xlsxwriter
from django.http import FileResponse, HttpResponse
from django.utils import timezone

from config.formats import date_fr
from indicateurs.resultats import SOURCES, Publication, cle_libelle, regle_secret

DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")


def texte_sur(valeur) -> str:
    """A text cell that no spreadsheet turns into a formula."""
    texte = "" if valeur is None else str(valeur)
    return "'" + texte if texte.startswith(DEBUTS_DANGEREUX) else texte


def _heure_paris(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M} (heure de Paris)"


def colonnes(publication: Publication) -> list[str]:
    noms = []
    for dim in publication.par:
        noms.append(dim)
        if cle_libelle(dim):
            noms.append(cle_libelle(dim))
    return [*noms, "valeur", "secret"]


def lignes_a_plat(publication: Publication) -> list[list]:
    """Rows of the table (codes, labels, count or None, secret), then the total row."""
    noms = colonnes(publication)
    rangees = [[ligne.get(nom) for nom in noms] for ligne in publication.lignes()]
    total = publication.total()
    etiquettes = ["Total"] + [""] * (len(noms) - 3) if len(noms) > 2 else []
    return [*rangees, [*etiquettes, total["valeur"], total["secret"]]]


def nom_de_fichier(publication: Publication, extension: str) -> str:
    return f"{publication.indicateur.id}_{publication.du:%Y%m%d}_{publication.au:%Y%m%d}.{extension}"


def reponse_csv(publication: Publication) -> HttpResponse:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(colonnes(publication))
    for rangee in lignes_a_plat(publication):
        *etiquettes, valeur, secret = rangee
        ecrivain.writerow(
            [
                *(texte_sur(e) for e in etiquettes),
                "" if valeur is None else valeur,
                "oui" if secret else "non",
            ]
        )
    reponse = HttpResponse(
        ("\ufeff" + tampon.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    reponse["Content-Disposition"] = f'attachment; filename="{nom_de_fichier(publication, "csv")}"'
    return reponse


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def classeur(chemin: str) -> xlsxwriter.Workbook:
    # constant_memory keeps one row in memory; in_memory would silently override it.
    return xlsxwriter.Workbook(
        chemin,
        {
            "constant_memory": True,
            "in_memory": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "dd/mm/yyyy",
        },
    )


def bloc_entete(
    feuille, gras, publication_ou_titre: str, du: date, au: date, source: str, extrait_le, regles: list[str]
) -> int:
    """The header block every sheet starts with; returns the next free row."""
    feuille.write_string(0, 0, texte_sur(publication_ou_titre), gras)
    feuille.write_string(1, 0, f"Période : du {date_fr(du)} au {date_fr(au)}")
    feuille.write_string(2, 0, f"Source : {SOURCES[source]}")
    feuille.write_string(3, 0, f"Extraction : {_heure_paris(extrait_le)}")
    rangee = 4
    for regle in regles:
        feuille.write_string(rangee, 0, texte_sur(regle))
        rangee += 1
    return rangee + 1


def reponse_fichier(chemin_ecrit, nom: str) -> FileResponse:
    return FileResponse(chemin_ecrit, as_attachment=True, filename=nom, content_type=XLSX)


def reponse_xlsx(publication: Publication) -> FileResponse:
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as temporaire:
        wb = classeur(temporaire.name)
        gras = wb.add_format({"bold": True})
        entete = wb.add_format({"bold": True, "bottom": 1})
        feuille = wb.add_worksheet("Indicateur")
        rangee = bloc_entete(
            feuille,
            gras,
            f"{publication.indicateur.id} — {publication.indicateur.libelle}",
            publication.du,
            publication.au,
            publication.source,
            publication.extrait_le,
            [f"Règle de comptage : {publication.indicateur.regle}", regle_secret(publication.seuil)],
        )
        noms = colonnes(publication)
        for j, nom in enumerate(noms):
            feuille.write_string(rangee, j, nom, entete)
        feuille.freeze_panes(rangee + 1, 0)
        ecrire_rangees(feuille, rangee + 1, lignes_a_plat(publication))
        feuille.set_column(0, len(noms) - 1, 18)
        wb.close()
        # Opened before the temporary name is removed: the response streams it, then closes it.
        fichier = open(temporaire.name, "rb")  # noqa: SIM115
    return reponse_fichier(fichier, nom_de_fichier(publication, "xlsx"))


def rangees_d_entete(publication: Publication) -> list[list]:
    """The header block of a one-table export, as rows (ODS)."""
    return [
        [f"{publication.indicateur.id} — {publication.indicateur.libelle}"],
        [f"Période : du {date_fr(publication.du)} au {date_fr(publication.au)}"],
        [f"Source : {SOURCES[publication.source]}"],
        [f"Extraction : {_heure_paris(publication.extrait_le)}"],
        [f"Règle de comptage : {publication.indicateur.regle}"],
        [regle_secret(publication.seuil, publication.niveau)],
        [],
    ]


def ecrire_rangees(feuille, debut: int, rangees: list[list]) -> None:
    for i, rangee in enumerate(rangees, start=debut):
        *etiquettes, valeur, secret = rangee
        for j, etiquette in enumerate(etiquettes):
            feuille.write_string(i, j, texte_sur(etiquette))
        if valeur is None:
            feuille.write_blank(i, len(etiquettes), None)
        else:
            feuille.write_number(i, len(etiquettes), valeur)
        feuille.write_boolean(i, len(etiquettes) + 1, bool(secret))
