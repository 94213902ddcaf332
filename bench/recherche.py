"""Benchmark (not a test): finding a person at métropole scale stays an index lookup.

Creates a throw-away database (PostgreSQL when DATABASE_URL is set), fills it with BENCH_USAGERS
usagers (100 000 by default) with French names, accents included, and prints:
  - the plan of the search « helene » (accents ignored) on the normalised column: on PostgreSQL a
    bitmap index scan of the trigram GIN index `usager_recherche_trgm_idx`, never a sequential scan;
  - the median time of that search (first page, ranked) as an agent of 2 communes sees it, and of
    the same agent's plain list (first page), with the ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt11 .venv/bin/python bench/recherche.py
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
NOMS = [
    "Martin",
    "Bernard",
    "Dupré",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Lefèvre",
    "Moreau",
    "Simon",
    "Laurent",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
]
PRENOMS = [
    "Jean",
    "Marie",
    "Hélène",
    "Pierre",
    "Léa",
    "Chloé",
    "Louis",
    "Zoé",
    "Noël",
    "Gaëlle",
    "Jérôme",
    "Amélie",
    "Émile",
    "Inès",
    "Sébastien",
    "Aïcha",
    "Mohamed",
    "Anaïs",
    "François",
    "Clémence",
]


def main() -> None:
    with base_jetable():
        from communes.models import Commune
        from comptes.services import agent_enregistrer, communes_depuis_codes
        from usagers.models import Usager

        communes = list(Commune.objects.all())
        debut = time.perf_counter()
        Usager.objects.bulk_create(
            [
                Usager(
                    nom=f"{NOMS[i % len(NOMS)]}{'' if i % 7 else '-' + NOMS[(i // 7) % len(NOMS)]}",
                    prenom=PRENOMS[(i // len(NOMS)) % len(PRENOMS)],
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
            username="bench", role="acces_droits", communes=communes_depuis_codes("21166,21231")
        )

        recherche = Usager.objects.visibles_par(agent).rechercher("helene dupre").select_related("commune")
        liste = Usager.objects.visibles_par(agent).select_related("commune").order_by("nom", "prenom", "id")
        trouvees = recherche.count()
        print(f"« helene dupre » : {trouvees} personnes trouvées parmi celles de l'agent")

        print("\nPlan de la recherche (première page) :")
        print(recherche[:50].explain(**({"analyze": True} if connection.vendor == "postgresql" else {})))
        plan = recherche[:50].explain()
        if connection.vendor == "postgresql":
            index = "usager_recherche_trgm_idx" in plan
            print(f"\n→ index trigramme utilisé : {'oui' if index else 'NON'}")
            if not index:
                sys.exit("La recherche ne passe plus par l'index trigramme.")

        t_recherche = mediane(lambda: list(recherche[:50]), REPETITIONS)
        t_liste = mediane(lambda: list(liste[:50]), REPETITIONS)
        print(f"\nrecherche « helene dupre », 1re page classée : {t_recherche * 1000:.1f} ms (médiane)")
        print(f"liste simple de l'agent, 1re page          : {t_liste * 1000:.1f} ms (médiane)")
        print(f"rapport recherche / liste : {t_recherche / t_liste:.2f}")


if __name__ == "__main__":
    main()
