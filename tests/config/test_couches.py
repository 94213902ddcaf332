"""No import loop between the apps: the graph of the project's imports (those placed inside functions
included, as grimp reads them) is acyclic once each app is a node. `config` is two nodes: its
composition root (settings, URLs, WSGI), which may name everything, and the shared grammar (every
other module of `config`), which names none of the apps above it. The layers themselves are the
contracts of `.importlinter`, checked by `make lint` (`lint-imports`)."""

import sys
from pathlib import Path

import grimp
import pytest

RACINE = Path(__file__).resolve().parents[2]
APPS = [
    "config",
    "communes",
    "comptes",
    "usagers",
    "journal",
    "historique",
    "accompagnements",
    "estimations",
    "logement",
    "emas",
    "notifications",
    "indicateurs",
    "conservation",
    "demo",
]
COMPOSITION = ("config.settings", "config.urls", "config.wsgi")


def _noeud(module: str) -> str | None:
    if ".migrations." in module:
        return None  # a migration's own dependencies are its graph, not the runtime's
    if module.startswith(COMPOSITION):
        return "composition"
    return module.split(".")[0]


@pytest.fixture(scope="module")
def graphe() -> dict[str, set[str]]:
    sys.path.insert(0, str(RACINE))
    imports = grimp.build_graph(*APPS, cache_dir=None)
    arcs: dict[str, set[str]] = {}
    for module in imports.modules:
        source = _noeud(module)
        for importe in imports.find_modules_directly_imported_by(module):
            cible = _noeud(importe)
            if source and cible and source != cible:
                arcs.setdefault(source, set()).add(cible)
    return arcs


def _une_boucle(arcs: dict[str, set[str]]) -> list[str]:
    etat: dict[str, int] = {}
    pile: list[str] = []

    def visiter(noeud: str) -> list[str]:
        etat[noeud] = 1
        pile.append(noeud)
        for suivant in sorted(arcs.get(noeud, ())):
            if etat.get(suivant) == 1:
                return [*pile[pile.index(suivant) :], suivant]
            if suivant not in etat and (boucle := visiter(suivant)):
                return boucle
        etat[noeud] = 2
        pile.pop()
        return []

    for noeud in sorted(arcs):
        if noeud not in etat and (boucle := visiter(noeud)):
            return boucle
    return []


def test_aucune_boucle_d_imports_entre_les_apps(graphe):
    assert _une_boucle(graphe) == []


def test_la_grammaire_partagee_ne_nomme_aucune_app(graphe):
    assert graphe.get("config", set()) == set()


def test_la_detection_voit_une_boucle():
    assert _une_boucle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
