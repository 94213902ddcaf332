"""The person-centred file: what each dispositif the viewer works in knows of one person.

Each dispositif declares its section (`config.dispositifs.Dispositif.section`, a function
`(user, usager) -> list[Section]`), built from its own `visibles_par`. A section appears only when
the viewer holds that dispositif's grant on the person's commune; a compartment's section only for
its team (`communes.habilitations`): nobody else can tell from this page that the team follows the
person. A constant number of queries whatever the number of records (one per section, plus the
grants, read once per request).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.module_loading import import_string

from communes.habilitations import dans_le_compartiment, peut_agir_sur_commune
from config import dispositifs as registre


@dataclass
class Section:
    titre: str
    colonnes: list[str]
    lignes: list[tuple[str, list[str]]] = field(default_factory=list)  # (url, cells)
    ajouts: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    vide: str = "Aucun dossier."


def url_admin(nom: str, *args, **params) -> str:
    """The admin page `admin:<nom>` (with `args`), its query string from `params`."""
    url = reverse(f"admin:{nom}", args=args)
    return f"{url}?{urlencode(params)}" if params else url


def voit_la_section(user, usager, dispositif: registre.Dispositif) -> bool:
    """Une section du dossier se voit avec l'habilitation de son dispositif sur la commune de la
    personne ; celle d'un compartiment, par son équipe seulement ; celle d'une action transversale
    (1.4), avec l'une quelconque des habilitations sur cette commune."""
    if dispositif.transversal:
        return peut_agir_sur_commune(user, usager.commune_id)
    titulaire = registre.dispositif(dispositif.habilitation)
    if titulaire.compartiment:
        return dans_le_compartiment(user, titulaire.code)
    return peut_agir_sur_commune(user, usager.commune_id, [titulaire.code])


def dossier_de(user, usager) -> list[Section]:
    sections: list[Section] = []
    for dispositif in registre.dispositifs():
        if dispositif.section and voit_la_section(user, usager, dispositif):
            sections += import_string(dispositif.section)(user, usager)
    return sections


# --- the person's file in the agents' workspace (/espace/usagers/<id>/) -----------------------


@dataclass
class Partie:
    """A dispositif's part of the person's file in the workspace: its title, the template that
    renders its records and actions in place, and that template's context."""

    titre: str
    gabarit: str
    contexte: dict = field(default_factory=dict)
    ancre: str = ""


def fiche_de(request, usager) -> list[Partie]:
    """Every part of the file the viewer holds (`voit_la_section`), from the declarations: a
    dispositif's `fiche` when it declares one, else its `section` as a table."""
    parties: list[Partie] = []
    for dispositif in registre.dispositifs():
        if not (dispositif.fiche or dispositif.section) or not voit_la_section(
            request.user, usager, dispositif
        ):
            continue
        if dispositif.fiche:
            trouvees = import_string(dispositif.fiche)(request, usager)
        else:
            trouvees = [
                Partie(section.titre, "usagers/section.html", {"section": section})
                for section in import_string(dispositif.section)(request.user, usager)
            ]
        for partie in trouvees:
            partie.ancre = partie.ancre or f"{dispositif.code}-{len(parties)}"
        parties += trouvees
    return parties
