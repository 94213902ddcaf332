"""OpenDocument renderings (the RGI's formats for office documents), built with odfdo.

A document is written to a temporary file and streamed (`FileResponse`); odfdo stores `mimetype`
first and uncompressed, as readers require. Text cells go through `texte_sur` like in XLSX: a cell
starting with = + - @ is text, never a formula, in every spreadsheet that re-reads it as CSV.
"""

import tempfile

from django.http import FileResponse
from odfdo import Cell, Column, Document, Row, Style, Table

from indicateurs.exports import colonnes, lignes_a_plat, nom_de_fichier, rangees_d_entete, texte_sur

ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODT = "application/vnd.oasis.opendocument.text"


def cellule(valeur) -> Cell:
    """A typed cell: a number stays a number, a boolean a boolean, None an empty cell."""
    if valeur is None:
        return Cell()
    if isinstance(valeur, bool):
        return Cell(valeur)
    if isinstance(valeur, int | float):
        return Cell(valeur)
    return Cell(texte_sur(valeur), cell_type="string")


def table(nom: str, rangees: list[list], largeurs: list[float] | None = None, document=None) -> Table:
    """A table of typed cells; in a text `document`, `largeurs` gives its columns' widths (cm)."""
    feuille = Table(nom[:31])
    if largeurs and document is not None:
        for largeur in largeurs:
            nom_style = f"colonne_{largeur:g}cm".replace(".", "_")
            document.insert_style(Style("table-column", name=nom_style, width=f"{largeur}cm"), automatic=True)
            feuille.append(Column(style=nom_style))
    for rangee in rangees:
        ligne = Row()
        for valeur in rangee:
            ligne.append_cell(cellule(valeur))
        feuille.append_row(ligne)
    return feuille


def tableur(feuilles: list[tuple[str, list[list]]]) -> Document:
    document = Document("spreadsheet")
    corps = document.body
    corps.clear()
    for nom, rangees in feuilles:
        corps.append(table(nom, rangees))
    return document


def reponse_document(document: Document, nom: str, type_mime: str) -> FileResponse:
    with tempfile.NamedTemporaryFile(suffix="." + nom.rsplit(".", 1)[-1]) as temporaire:
        document.save(temporaire.name)
        # Opened before the temporary name is removed: the response streams it, then closes it.
        fichier = open(temporaire.name, "rb")  # noqa: SIM115
    return FileResponse(fichier, as_attachment=True, filename=nom, content_type=type_mime)


def reponse_ods(publication) -> FileResponse:
    """One indicator's table as an OpenDocument spreadsheet: the XLSX export's header and rows."""
    rangees = [*rangees_d_entete(publication), colonnes(publication)]
    for *etiquettes, valeur, secret in lignes_a_plat(publication):
        rangees.append([*etiquettes, valeur, bool(secret)])
    document = tableur([("Indicateur", rangees)])
    return reponse_document(document, nom_de_fichier(publication, "ods"), ODS)
