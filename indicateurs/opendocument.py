"""OpenDocument renderings (the RGI's formats for office documents), built with odfdo.

A document is written to a temporary file and streamed (`FileResponse`); odfdo stores `mimetype`
first and uncompressed, as readers require. Text cells go through `texte_sur` like in XLSX: a cell
starting with = + - @ is text, never a formula, in every spreadsheet that re-reads it as CSV.
"""

import tempfile

from django.http import FileResponse
from odfdo import Cell, Column, Document, Header, Row, Style, Table

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


# What numbers an outline level besides its format (prefix, suffix, LibreOffice's own list format).
NUMEROTATION = ("style:num-prefix", "style:num-suffix", "loext:num-list-format", "text:display-levels")


def texte() -> Document:
    """An empty text document whose headings carry no outline number. odfdo's template numbers them
    (« 1. », « 1.1. », its outline style), and its `Header(suppress_numbering=True)` writes
    `text:suppress-numbering`, an attribute ODF does not define, which LibreOffice ignores: the outline
    style is made unnumbered here, and each heading says it is not numbered (`titre`)."""
    document = Document("text")
    for niveau in document.get_part("styles.xml").get_elements("//text:outline-level-style"):
        niveau.set_attribute("style:num-format", "")
        for attribut in NUMEROTATION:
            if niveau.get_attribute(attribut) is not None:
                niveau.del_attribute(attribut)
    document.body.clear()
    return document


def titre(niveau: int, libelle: str) -> Header:
    """A heading of `niveau`, shown without an outline number (ODF's `text:is-list-header`)."""
    entete = Header(niveau, libelle)
    entete.set_attribute("text:is-list-header", "true")
    return entete


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
