"""The pacte's indicators as this app reads them: those the dispositifs declare
(`config.dispositifs.Dispositif.indicateurs`), in the pacte's order, each defined once by the app
that keeps its records.

An indicator is a stable id (`1.1.droits_ouverts`), a French label, its action, its counting rule
written out in French (shown by the API and in every export), the breakdowns it supports and how
the database counts it (`config.dispositifs.Indicateur`). Nothing here loads an event into Python:
`indicateurs.calcul` turns a definition into GROUP BY queries.
"""

from config import dispositifs as registre
from config.dispositifs import Dispositif, Indicateur


def indicateurs() -> list[Indicateur]:
    """The declared indicators, in the pacte's order."""
    return [indicateur for _, indicateur in registre.indicateurs()]


def indicateur(identifiant: str) -> Indicateur | None:
    return next((i for i in indicateurs() if i.id == identifiant), None)


def dispositif_de(indicateur: Indicateur) -> Dispositif:
    """The dispositif that declares `indicateur`."""
    return next(d for d, i in registre.indicateurs() if i.id == indicateur.id)


def actions() -> dict[str, str]:
    """{« 2.1 »: its title} for every action a dispositif declares, in the pacte's order."""
    titres: dict[str, str] = {}
    for dispositif in registre.dispositifs():
        titres.setdefault(dispositif.action, dispositif.titre_action)
    return titres


def budgets() -> dict[str, tuple[int, int]]:
    """{« 2.1 »: (State, Métropole)}: the credits annex 1 of the pacte plans for each action (€)."""
    return {d.action: d.budget_annexe_1 for d in registre.dispositifs() if d.budget_annexe_1}
