"""Benchmark (not a test), part of `make bench`: the agents' workspace at métropole scale.

Creates a throw-away database (test_<name> of DATABASE_URL), fills it with `generer_donnees` at
BENCH_USAGERS usagers (100 000), then measures in the same run, as an agent of Dijon (about 62 % of
the persons), the server time of:
  - the API's list of persons (`/api/v1/usagers/`, first page), the reference;
  - the workspace's search page (`/espace/usagers/?q=…`), a name as typed and with a typo;
  - the person's file (`/espace/usagers/<id>/`) of a person with records;
and reports each as a ratio of the API's list (target <= 2), plus the largest HTML page of the
workspace pages visited (target <= 200 KB). Writes `bench/espace.json` and the section « Espace des
agents » of docs/PERFORMANCE.md and docs/PERFORMANCE.md.in (between its markers).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/espace.py
"""

import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from outils import base_jetable, mediane  # noqa: E402

RACINE = Path(__file__).resolve().parent.parent
N = int(os.environ.get("BENCH_USAGERS", "100000"))
CONTACTS_PAR_SUIVI = int(os.environ.get("BENCH_CONTACTS_PAR_SUIVI", "9"))
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "11"))
DIJON = "21231"
DEBUT, FIN = "<!-- espace:debut -->", "<!-- espace:fin -->"


def client_de(username):
    from django.test import Client

    from comptes.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def get(client, url) -> bytes:
    reponse = client.get(url, HTTP_HOST="127.0.0.1")
    assert reponse.status_code == 200, (url, reponse.status_code)
    return reponse.content


def main() -> None:
    debut_total = time.perf_counter()
    with base_jetable():
        debut = time.perf_counter()
        call_command(
            "generer_donnees", usagers=N, seed=42, contacts_par_suivi=CONTACTS_PAR_SUIVI, verbosity=0
        )
        with connection.cursor() as curseur:
            curseur.execute("VACUUM ANALYZE")
        generation = time.perf_counter() - debut

        from accompagnements.models import Accompagnement
        from usagers.models import Usager

        agent = client_de(f"agent.{DIJON}")
        encadrant = client_de("encadrant")
        dijon = Usager.objects.filter(commune_id=DIJON).order_by("pk")
        nom = dijon.values_list("nom", flat=True)[dijon.count() // 2].lower()
        terme = nom[:6]
        faute = terme[:2] + terme[3:] if len(terme) > 4 else terme  # a letter left out
        suivi = Accompagnement.objects.filter(commune_actuelle_id=DIJON).order_by("pk").first()
        fiche = f"/espace/usagers/{suivi.usager_id}/"

        pages = {
            "API, liste des personnes (page 1)": "/api/v1/usagers/?page_size=20",
            f"recherche « {terme} »": f"/espace/usagers/?q={terme}",
            f"recherche avec une faute « {faute} »": f"/espace/usagers/?q={faute}",
            "dossier de la personne": fiche,
        }
        temps = {
            libelle: mediane(lambda url=url: get(agent, url), REPETITIONS) for libelle, url in pages.items()
        }
        reference = temps["API, liste des personnes (page 1)"]
        poids = {url: len(get(agent, url)) for url in list(pages.values())[1:]}
        poids["/espace/"] = len(get(agent, "/espace/"))
        poids["/espace/tableau-de-bord/"] = len(get(encadrant, "/espace/tableau-de-bord/"))
        plus_lourde = max(poids, key=poids.get)
        volumes = {"usagers": Usager.objects.count(), "accompagnements": Accompagnement.objects.count()}

    figures = [
        {
            "name": f"espace : {libelle} / API liste",
            "value": round(t / reference, 3),
            "unit": "x",
            "target": "<= 2",
            "met": t / reference <= 2,
            "ms": round(t * 1000, 1),
        }
        for libelle, t in temps.items()
        if not libelle.startswith("API")
    ]
    figures.append(
        {
            "name": f"espace : page la plus lourde ({plus_lourde})",
            "value": round(poids[plus_lourde] / 1024, 1),
            "unit": "Kio",
            "target": "<= 200",
            "met": poids[plus_lourde] <= 200 * 1024,
        }
    )
    (RACINE / "bench/espace.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    lignes = [
        DEBUT,
        "## Espace des agents (issue 21, `bench/espace.py`)",
        "",
        f"Generated on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python bench/espace.py` "
        f"(part of `make bench`), {(time.perf_counter() - debut_total) / 60:.1f} min, generation "
        f"{generation:.0f} s. Volumes: {volumes}. As `agent.{DIJON}` (Dijon, about 62 % of the persons), "
        f"server time in-process (Django test client, session), medians of {REPETITIONS} runs after a "
        f"warm-up, each a ratio of the API's first page of persons in the same run "
        f"({reference * 1000:.1f} ms).",
        "",
        "| figure | valeur | unité | cible | atteinte | médiane |",
        "|---|---|---|---|---|---|",
        *(
            f"| {f['name']} | {f['value']} | {f['unit']} | {f['target']} | "
            f"{'oui' if f['met'] else '**non**'} | {f.get('ms', '')}{' ms' if 'ms' in f else ''} |"
            for f in figures
        ),
        "",
        "Page weights (bytes of HTML): "
        + ", ".join(f"`{url}` {taille}" for url, taille in poids.items())
        + ".",
        FIN,
    ]
    section = "\n".join(lignes)
    for nom_fichier in ("docs/PERFORMANCE.md.in", "docs/PERFORMANCE.md"):
        chemin = RACINE / nom_fichier
        texte = chemin.read_text()
        if DEBUT in texte:
            texte = re.sub(re.escape(DEBUT) + ".*?" + re.escape(FIN), lambda _m: section, texte, flags=re.S)
        else:
            texte = texte.rstrip("\n") + "\n\n" + section + "\n"
        chemin.write_text(texte)
    for f in figures:
        print(
            f"  {f['name']:<70}{f['value']:>9} {f['unit']:<4} cible {f['target']:<8}",
            "oui" if f["met"] else "NON",
        )


if __name__ == "__main__":
    main()
