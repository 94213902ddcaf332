"""The registry of the pacte's indicators: each one defined once, whichever app counts it.

An indicator is a stable id (`1.1.droits_ouverts`), a French label, its action, its counting
rule written out in French (shown by the API and in every export), the breakdowns it supports
and how the database counts it: a queryset of the events of a period, the column of the
commune of residence at the time of the event, the date that places an event in a month (or
the two dates of an activity that spans months) and an aggregate (`Count`, distinct or not).
Nothing here loads an event into Python: `indicateurs.calcul` turns a definition into GROUP BY
queries.

A dispositif app contributes its indicators by calling `enregistrer(Indicateur(...))` from a
module `<app>/indicateurs.py` (imported at start-up by `IndicateursConfig.ready`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Aggregate, Q, QuerySet

from communes.models import Dispositif

# The indicators named by the pacte (../shared/DOMAIN.md); the API lists those registered.
IDENTIFIANTS_DU_PACTE: dict[str, str] = {
    "1.1.personnes_recues": "1.1",
    "1.1.droits_ouverts": "1.1",
    "1.1.droits_identifies": "1.1",  # contributed by estimations/indicateurs.py
    "1.1.non_recours_evite": "1.1",
    "2.1.mesures_exercees": "2.1",
    "2.1.issues": "2.1",
    "2.2.situations_prises_en_charge": "2.2",
    "2.3.signalements": "2.3",
    "2.3.personnes_suivies": "2.3",
    "2.3.interventions": "2.3",
    "2.3.resultats": "2.3",
}

ACTIONS: dict[str, str] = {
    "1.1": "Action 1.1 — accompagnement aux démarches et accès aux droits",
    "2.1": "Action 2.1 — accompagnement social lié au logement (ASLL)",
    "2.2": "Action 2.2 — ACOR",
    "2.3": "Action 2.3 — équipe mobile EMAS",
}

COMMUNE = "commune"
MOIS = "mois"


@dataclass(frozen=True)
class Ventilation:
    """A breakdown other than commune and month: a code column and how to name its codes."""

    code: str
    libelle: str
    champ: str  # ORM path of the code, from the indicator's queryset
    # Every code with its label (choices); codes outside it are named by `libelles_de`.
    domaine: tuple[tuple[str, str], ...] = ()
    # For codes that live in a table (types of right, agents): {code: label} in one query.
    libelles_de: Callable[[Iterable[str]], dict[str, str]] | None = None

    def libelles(self, codes: Iterable[str]) -> dict[str, str]:
        noms = dict(self.domaine)
        manquants = [c for c in codes if c not in noms]
        if manquants and self.libelles_de:
            noms.update(self.libelles_de(manquants))
        return noms


@dataclass(frozen=True)
class Indicateur:
    id: str
    libelle: str
    regle: str  # the counting rule, in French, as published
    # The events of [du, au] (every commune; the caller's scope is added by the engine).
    evenements: Callable[[date, date], QuerySet]
    # The counted unit: `lambda filtre: Count("usager", distinct=True, filter=filtre)`.
    mesure: Callable[[Q | None], Aggregate]
    # The date that puts an event in a month (a DateField or a DateTimeField, read in Paris time)…
    date_evenement: str | None = None
    # …or, for an activity that spans months, its first and last day (last empty while running).
    periode_active: tuple[str, str] | None = None
    champ_commune: str = "commune_id"
    ventilations: tuple[Ventilation, ...] = ()
    # Summing months gives the period (events) or not (distinct persons, measures running).
    additif: bool = True
    # A supervisor reads it on the communes where they hold one of these grants.
    dispositifs: tuple[Dispositif, ...] = ()
    unite: str = ""

    @property
    def action(self) -> str:
        """« 1.1 » for « 1.1.droits_ouverts »."""
        return IDENTIFIANTS_DU_PACTE[self.id]

    @property
    def par_possibles(self) -> tuple[str, ...]:
        return (COMMUNE, MOIS, *(v.code for v in self.ventilations))

    def ventilation(self, code: str) -> Ventilation | None:
        return next((v for v in self.ventilations if v.code == code), None)


_REGISTRE: dict[str, Indicateur] = {}


def enregistrer(indicateur: Indicateur) -> Indicateur:
    if indicateur.id not in IDENTIFIANTS_DU_PACTE:
        raise ValueError(
            f"{indicateur.id} n'est pas un indicateur du pacte ({', '.join(IDENTIFIANTS_DU_PACTE)})."
        )
    if (indicateur.date_evenement is None) == (indicateur.periode_active is None):
        raise ValueError(f"{indicateur.id} : indiquez soit date_evenement, soit periode_active.")
    if indicateur.id in _REGISTRE and _REGISTRE[indicateur.id] is not indicateur:
        raise ValueError(f"L'indicateur {indicateur.id} est déjà défini : une règle ne s'écrit qu'une fois.")
    _REGISTRE[indicateur.id] = indicateur
    return indicateur


def indicateurs() -> list[Indicateur]:
    """The registered indicators, in the pacte's order."""
    ordre = list(IDENTIFIANTS_DU_PACTE)
    return sorted(_REGISTRE.values(), key=lambda i: ordre.index(i.id))


def indicateur(identifiant: str) -> Indicateur | None:
    return _REGISTRE.get(identifiant)
