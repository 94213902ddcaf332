"""The estimation worker runs the same Django code as the web: its pinned environment
(requirements-estimation.txt, installed with --no-deps) must hold every runtime package but the web
server, at the same versions — a package added to requirements.txt and forgotten there broke it."""

from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
SERVEUR_WEB = {"gunicorn"}


def _epingles(fichier: str) -> dict[str, str]:
    paquets = {}
    for ligne in (RACINE / fichier).read_text().splitlines():
        ligne = ligne.split("#")[0].strip()
        if ligne and not ligne.startswith("-"):
            nom, version = ligne.split("==")
            paquets[nom.lower().replace("_", "-")] = version
    return paquets


def test_le_worker_d_estimation_a_tout_le_runtime_sauf_le_serveur_web():
    web, estimation = _epingles("requirements.txt"), _epingles("requirements-estimation.txt")

    manquants = {nom: version for nom, version in web.items() if nom not in estimation}
    assert set(manquants) == SERVEUR_WEB, manquants
    assert {nom: v for nom, v in web.items() if nom in estimation and estimation[nom] != v} == {}
