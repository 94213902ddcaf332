"""The published tables: one indicator, one period, one breakdown — suppressed, anonymised.

Everything that leaves this app (JSON, CSV, XLSX, the yearly report) is built here: codes and
labels of communes, months and categories, and counts — never a name of a person followed, a
date of birth, an address or free text.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from config.dispositifs import COMMUNE, MOIS, Indicateur
from config.errors import AccesRefuse
from indicateurs.calcul import Tableau, construire_tableau, dimensions_du_tableau
from indicateurs.models import Extraction
from indicateurs.perms import communes_lisibles, filtre_lecture, lit_toutes_les_communes
from indicateurs.secret import masque_secret, seuil_secret

SOURCES = {"live": "données en direct", "snapshot": "extractions mensuelles"}


def regle_secret(k: int) -> str:
    return (
        f"Secret statistique : tout effectif de 1 à {k - 1} est masqué (seuil k = {k}) ; masquage "
        "secondaire pour qu'aucune case masquée ne se déduise d'un total ou des autres cases de sa "
        "ligne ou de sa colonne ; un zéro reste affiché."
    )


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
            "regle_secret": regle_secret(self.seuil),
            "lignes": self.lignes(),
            "total": self.total(),
        }


def publier(
    *, user, indicateur: Indicateur, du: date, au: date, par: list[str], source: str = "live"
) -> Publication:
    """The table of `indicateur` over [du, au] broken down by `par`, as `user` may read it."""
    communes = communes_lisibles(user, indicateur)
    extrait_le = timezone.now()
    if source == "snapshot":
        if not lit_toutes_les_communes(communes):
            raise AccesRefuse(
                "Les extractions mensuelles couvrent les 23 communes : elles ne se lisent qu'avec une "
                "habilitation sur chacune. Demandez les données en direct (source=live).",
                champ="source",
            )
        dernieres = Extraction.objects.filter(annee=du.year, mois__gte=du.month, mois__lte=au.month)
        extrait_le = max((e.extrait_le for e in dernieres), default=extrait_le)
    tableau = construire_tableau(
        indicateur,
        du=du,
        au=au,
        par=par,
        filtre=filtre_lecture(user, indicateur),
        communes=communes,
        source=source,
    )
    seuil = seuil_secret()
    return Publication(
        indicateur=indicateur,
        du=du,
        au=au,
        par=par,
        source=source,
        extrait_le=extrait_le,
        seuil=seuil,
        tableau=tableau,
        masque=masque_secret(tableau.valeurs, seuil),
    )


__all__ = ["Publication", "dimensions_du_tableau", "publier", "regle_secret"]
