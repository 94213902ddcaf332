"""The published tables: one indicator, one period, one breakdown — suppressed, anonymised.

Everything that leaves this app (JSON, CSV, XLSX, the yearly report) is built here: codes and
labels of communes, months and categories, and counts — never a name of a person followed, a
date of birth, an address or free text.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone

from config.dispositifs import COMMUNE, MOIS, Indicateur
from config.errors import AccesRefuse, RegleMetierError
from indicateurs.calcul import (
    Cellule,
    Tableau,
    construire_cube,
    construire_tableau,
    dimensions_du_tableau,
    relations_des_cellules,
    verifier_periode_extraite,
)
from indicateurs.models import Extraction
from indicateurs.periodes import MESSAGE_TREILLIS, dans_le_treillis
from indicateurs.perms import communes_lisibles, filtre_lecture, lit_toutes_les_communes
from indicateurs.secret import masque_hierarchique, seuil_secret

SOURCES = {"live": "données en direct", "snapshot": "extractions mensuelles"}


def regle_secret(k: int, niveau: str = "diffusion") -> str:
    texte = (
        f"Secret statistique : tout effectif de 1 à {k - 1} est masqué (seuil k = {k}) ; masquage "
        "secondaire sur le tableau de l'année entier (communes et métropole × mois, trimestres, année, "
        "et chaque ventilation) pour qu'aucune case masquée ne se déduise d'un total, d'autres cases "
        "ou de la différence de deux chiffres publiés ; les périodes sont des mois, trimestres ou années "
        "civiles."
    )
    if niveau == "etat":
        texte += (
            " Niveau « rapport à l'État » : les totaux annuels de la métropole sont exacts ; toute case "
            "en dessous (commune, mois, ventilation) reste soumise au secret."
        )
    return texte


def cle_libelle(dimension: str) -> str | None:
    if dimension == MOIS:
        return None
    return "commune_nom" if dimension == COMMUNE else f"{dimension}_libelle"


@dataclass
class Publication:
    indicateur: Indicateur
    du: date
    au: date
    par: list[str]
    source: str
    extrait_le: datetime
    seuil: int
    tableau: Tableau
    masque: list[list[bool]]
    niveau: str = "diffusion"

    def case(self, i: int, j: int) -> dict:
        secret = self.masque[i][j]
        return {"valeur": None if secret else self.tableau.valeurs[i][j], "secret": secret}

    def _etiquettes(self, dimension: str, code: str) -> dict:
        ligne = {dimension: code}
        libelle = cle_libelle(dimension)
        if libelle:
            ligne[libelle] = self.tableau.libelles[dimension].get(code, code)
        return ligne

    def lignes(self) -> list[dict]:
        t = self.tableau
        nb_l, nb_c = len(t.lignes), len(t.colonnes)
        resultat = []
        if len(self.par) == 2:
            ordre = self.par
            for i, a in enumerate(t.lignes):
                for j, b in enumerate(t.colonnes):
                    codes = {t.lignes_dim: a, t.colonnes_dim: b}
                    ligne: dict = {}
                    for dim in ordre:
                        ligne.update(self._etiquettes(dim, codes[dim]))
                    resultat.append({**ligne, **self.case(i, j)})
        elif self.par == [t.colonnes_dim]:
            for j, b in enumerate(t.colonnes):
                resultat.append({**self._etiquettes(t.colonnes_dim, b), **self.case(nb_l, j)})
        elif self.par == [t.lignes_dim]:
            for i, a in enumerate(t.lignes):
                resultat.append({**self._etiquettes(t.lignes_dim, a), **self.case(i, nb_c)})
        return resultat

    def total(self) -> dict:
        return self.case(len(self.tableau.lignes), len(self.tableau.colonnes))

    def en_json(self) -> dict:
        return {
            "indicateur": self.indicateur.id,
            "libelle": self.indicateur.libelle,
            "action": self.indicateur.action,
            "regle": self.indicateur.regle,
            "du": self.du.isoformat(),
            "au": self.au.isoformat(),
            "par": self.par,
            "source": self.source,
            "extrait_le": self.extrait_le.isoformat(),
            "seuil_secret": self.seuil,
            "regle_secret": regle_secret(self.seuil, self.niveau),
            "niveau": self.niveau,
            "lignes": self.lignes(),
            "total": self.total(),
        }


NIVEAUX = {
    "diffusion": "diffusion (tout effectif de 1 à k−1 masqué)",
    "etat": "rapport à l'État (totaux de la métropole exacts, le reste sous secret)",
}


def verifier_niveau(user, niveau: str) -> None:
    """Le niveau « rapport à l'État » (totaux annuels de la métropole exacts) n'est produit que par
    un administrateur ; tout autre lecteur reçoit le niveau « diffusion »."""
    if niveau == "etat" and not user.is_superuser:
        raise AccesRefuse(
            "Le niveau « etat » (rapport à l'État, totaux de la métropole exacts) est réservé aux "
            "administrateurs.",
            champ="niveau",
        )


@lru_cache(maxsize=64)
def _masque(valeurs: tuple[tuple[Cellule, int], ...], seuil: int, forces: frozenset) -> frozenset:
    """The suppressed cells of a year's table: a function of its cells, counts, threshold and forced
    cells only (the relations follow from the cells), so a table counted again with the same figures
    is not suppressed again; any changed count is another key (never a stale mask)."""
    comptes = dict(valeurs)
    relations, ancetres = relations_des_cellules(tuple(comptes))
    return frozenset(masque_hierarchique(comptes, relations, ancetres, seuil, forces))


def publier(
    *,
    user,
    indicateur: Indicateur,
    du: date,
    au: date,
    par: list[str],
    source: str = "live",
    niveau: str = "diffusion",
    cubes: dict | None = None,
) -> Publication:
    """The table of `indicateur` over [du, au] (a period of the calendar lattice) broken down by
    `par`, as `user` may read it: a view of the year's table, suppressed as one. `cubes`: a memo
    shared by the calls of one document (the report), so each year's table is counted once."""
    verifier_niveau(user, niveau)
    if not dans_le_treillis(du, au):
        raise RegleMetierError(MESSAGE_TREILLIS, champ="du")
    communes = communes_lisibles(user, indicateur)
    extrait_le = timezone.now()
    if source == "snapshot":
        if not lit_toutes_les_communes(communes):
            raise AccesRefuse(
                "Les extractions mensuelles couvrent les 23 communes : elles ne se lisent qu'avec une "
                "habilitation sur chacune. Demandez les données en direct (source=live).",
                champ="source",
            )
        verifier_periode_extraite(indicateur, du, au)
        dernieres = Extraction.objects.filter(annee=du.year, mois__gte=du.month, mois__lte=au.month)
        extrait_le = max((e.extrait_le for e in dernieres), default=extrait_le)
    seuil = seuil_secret()
    cle = (indicateur.id, du.year, source, tuple(sorted(communes)))
    cube = (cubes or {}).get(cle)
    if cube is None:
        cube = construire_cube(
            indicateur, an=du.year, filtre=filtre_lecture(user, indicateur), communes=communes, source=source
        )
        cube.secret = _masque(tuple(cube.valeurs.items()), seuil, cube.forces)
        if cubes is not None:
            cubes[cle] = cube
    tableau, masque = construire_tableau(
        indicateur,
        du=du,
        au=au,
        par=par,
        cube=cube,
        niveau_etat=niveau == "etat",
        seuil=seuil,
        communes=communes,
    )
    return Publication(
        indicateur=indicateur,
        du=du,
        au=au,
        par=par,
        source=source,
        extrait_le=extrait_le,
        seuil=seuil,
        tableau=tableau,
        masque=masque,
        niveau=niveau,
    )


__all__ = ["Publication", "dimensions_du_tableau", "publier", "regle_secret"]
