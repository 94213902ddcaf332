"""The supervisors' dashboard on the demo data: server time and SQL queries of the workspace's
dashboard, the admin's and the API's values endpoint, for a supervisor of the 23 communes.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py migrate && … charger_demo
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python bench/tableau_de_bord.py [--profil]

`--profil` prints cProfile's 25 heaviest functions of the workspace's dashboard (`TRI=tottime` to
sort by own time). One process, the first page pays Python's imports (about a second)."""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from comptes.models import User  # noqa: E402
from config.periodes import aujourdhui  # noqa: E402
from indicateurs.registre import indicateurs  # noqa: E402

PAGES = {
    "espace": "/espace/tableau-de-bord/",
    "admin": "/admin/tableau-de-bord/",
}


def mesurer(client, url: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        reponse = client.get(url, HTTP_HOST="localhost")
        duree = time.perf_counter() - debut
    return duree, len(requetes), reponse.status_code


def main() -> None:
    profil = "--profil" in sys.argv
    client = Client()
    client.force_login(User.objects.get(username="encadrant"))
    premier = next(i for i in indicateurs())
    annee = aujourdhui().year
    periode = f"du={annee}-01-01&au={annee}-12-31"
    valeurs = f"/api/v1/indicateurs/valeurs/?indicateur={premier.id}&{periode}&par=commune"
    urls = {**PAGES, "api valeurs": valeurs}
    for nom, url in urls.items():
        lecteur = client
        if profil and nom == "espace":
            with cProfile.Profile() as p:
                duree, n, statut = mesurer(lecteur, url)
            pstats.Stats(p).sort_stats(os.environ.get("TRI", "cumulative")).print_stats(25)
        else:
            duree, n, statut = mesurer(lecteur, url)
        print(f"{nom:12} {statut} {duree * 1000:8.0f} ms {n:4d} requêtes  {url}")
        # Again: the same figures, their suppression already known to this process.
        duree, n, statut = mesurer(lecteur, url)
        print(f"{nom + ' (2e)':12} {statut} {duree * 1000:8.0f} ms {n:4d} requêtes")


if __name__ == "__main__":
    main()
