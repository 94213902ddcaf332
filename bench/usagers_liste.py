"""Benchmark: the per-commune filter on the usager list at métropole scale.

Creates a throw-away test database (PostgreSQL when DATABASE_URL is set, SQLite otherwise),
fills it with BENCH_USAGERS usagers (100 000 by default) spread over the 23 communes, and
prints the median time of:
  - baseline: the first page of all usagers, no permission filter;
  - the same page filtered by the commune grants of an agent on 2 communes;
  - the API call GET /api/v1/usagers/ (count + page) for that agent;
with the ratios against the baseline measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/usagers_liste.py
"""

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection  # noqa: E402
from outils import analyser, base_jetable, mediane  # noqa: E402

N = int(os.environ.get("BENCH_USAGERS", "100000"))
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "25"))


def main() -> None:
    with base_jetable():
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        from communes.models import Commune
        from comptes.roles import Role
        from comptes.services import agent_enregistrer, communes_depuis_codes
        from usagers.models import Usager

        communes = list(Commune.objects.all())
        debut = time.perf_counter()
        Usager.objects.bulk_create(
            [
                Usager(
                    nom=f"NOM{i:06d}",
                    prenom=f"Prenom{i % 977}",
                    date_naissance=date(1940, 1, 1) + timedelta(days=i % 25000),
                    commune=communes[i % len(communes)],
                )
                for i in range(N)
            ],
            batch_size=5000,
        )
        analyser()
        print(f"{N} usagers créés en {time.perf_counter() - debut:.1f} s ({connection.vendor})")

        agent = agent_enregistrer(
            username="bench", role=Role.ACCES_DROITS, communes=communes_depuis_codes("21166,21231")
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")

        base = mediane(lambda: list(Usager.objects.all()[:50]), REPETITIONS)
        filtre = mediane(lambda: list(Usager.objects.visibles_par(agent)[:50]), REPETITIONS)
        compte_base = mediane(lambda: Usager.objects.count(), REPETITIONS)
        compte_filtre = mediane(lambda: Usager.objects.visibles_par(agent).count(), REPETITIONS)
        api = mediane(lambda: client.get("/api/v1/usagers/", {"page_size": 50}), REPETITIONS)
        api_recherche = mediane(
            lambda: client.get("/api/v1/usagers/", {"search": "NOM0421", "page_size": 50}), REPETITIONS
        )

        print(f"{'mesure':<48}{'médiane':>12}{'ratio':>10}")
        for libelle, valeur, reference in [
            ("page de 50, sans filtre (référence)", base, base),
            ("page de 50, filtrée par habilitations", filtre, base),
            ("comptage, sans filtre (référence)", compte_base, compte_base),
            ("comptage, filtré par habilitations", compte_filtre, compte_base),
            ("API GET /usagers/ (jeton, comptage, page)", api, base),
            ("API GET /usagers/?search=", api_recherche, base),
        ]:
            print(f"{libelle:<48}{valeur * 1000:>9.2f} ms{valeur / reference:>9.1f}x")


if __name__ == "__main__":
    main()
