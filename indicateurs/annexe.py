"""The actions the report to the State covers: the ten actions of annex 1 of the convention (their
official titles and planned credits, `indicateurs/donnees/annexe_1.json`, a data file), plus any
action a dispositif declares outside it (its own title and budget from its declaration).

An action the backend follows is one a dispositif declares (its indicators come from it); the
others are reported with their budget and room for their figures and text."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indicateurs.registre import actions as actions_declarees
from indicateurs.registre import budgets

FICHIER_ANNEXE = Path(__file__).parent / "donnees" / "annexe_1.json"


@dataclass(frozen=True)
class ActionDuPacte:
    code: str  # « 2.1 »
    titre: str  # the official title (annex 1), or the declaration's for an action outside it
    fiche: str
    budget_etat: int  # planned credits, €
    budget_metropole: int
    suivie: bool  # a dispositif of this backend declares it: its indicators are counted here

    @property
    def titre_complet(self) -> str:
        return f"Action {self.code} — {self.titre}"


@cache
def _annexe() -> tuple[dict, ...]:
    return tuple(json.loads(FICHIER_ANNEXE.read_text(encoding="utf-8"))["actions"])


def _ordre(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split(".") if p.isdigit())


def actions_du_rapport() -> list[ActionDuPacte]:
    declarees = actions_declarees()
    credits = budgets()
    resultat = [
        ActionDuPacte(
            code=a["action"],
            titre=a["titre"],
            fiche=a["fiche"],
            budget_etat=a["etat"],
            budget_metropole=a["metropole"],
            suivie=a["action"] in declarees,
        )
        for a in _annexe()
    ]
    dans_l_annexe = {a.code for a in resultat}
    for code, titre in declarees.items():
        if code not in dans_l_annexe:
            etat, metropole = credits.get(code, (0, 0))
            titre_seul = titre.split(" — ", 1)[-1]
            resultat.append(ActionDuPacte(code, titre_seul, "", etat, metropole, suivie=True))
    return sorted(resultat, key=lambda a: _ordre(a.code))


def actions_connues() -> list[str]:
    return [a.code for a in actions_du_rapport()]
