"""Benchmark: the action 1.1 indicators at métropole scale (100 000 usagers, a million contacts).

Creates a throw-away test database (PostgreSQL when DATABASE_URL is set, SQLite otherwise),
fills it with BENCH_USAGERS usagers, one follow-up each, BENCH_CONTACTS contacts spread over
2020-2023 and one opened right per usager, then prints the median time of:
  - baseline: a bare COUNT(*) of the contacts of one year (no grant filter, no DISTINCT);
  - the full indicator set of one year for a supervisor holding the 23 communes;
  - the same for an agent holding 2 communes;
with the ratios against the baseline measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/indicateurs_acces_droits.py
"""

import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection  # noqa: E402
from outils import analyser, base_jetable, mediane  # noqa: E402

USAGERS = int(os.environ.get("BENCH_USAGERS", "100000"))
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "1000000"))
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "7"))
LOT = 20000


def remplir() -> None:
    from accompagnements.models import Accompagnement, Contact, Droit, ModeContact, StatutDroit, TypeDroit
    from communes.models import Commune
    from comptes.models import User
    from usagers.models import Usager

    communes = list(Commune.objects.all())
    types = list(TypeDroit.objects.all())
    agent = User.objects.create(username="agent-bench")
    Usager.objects.bulk_create(
        [
            Usager(
                nom=f"NOM{i:06d}",
                prenom="Bench",
                date_naissance=date(1950, 1, 1) + timedelta(days=i % 20000),
                commune=communes[i % len(communes)],
            )
            for i in range(USAGERS)
        ],
        batch_size=LOT,
    )
    usagers = list(Usager.objects.order_by("pk").values_list("pk", "commune_id"))
    Accompagnement.objects.bulk_create(
        [
            Accompagnement(usager_id=pk, referent=agent, cree_par=agent, date_debut=date(2020, 1, 1))
            for pk, _ in usagers
        ],
        batch_size=LOT,
    )
    accompagnements = list(Accompagnement.objects.order_by("pk").values_list("pk", "usager__commune_id"))
    debut = datetime(2020, 1, 1, 8, tzinfo=UTC)
    for depart in range(0, CONTACTS, LOT):
        Contact.objects.bulk_create(
            [
                Contact(
                    accompagnement_id=accompagnements[i % len(accompagnements)][0],
                    commune_id=accompagnements[i % len(accompagnements)][1],
                    date=debut + timedelta(minutes=(i * 2111) % (4 * 365 * 24 * 60)),
                    mode=ModeContact.TELEPHONE,
                    duree_minutes=30,
                    cree_par=agent,
                )
                for i in range(depart, min(depart + LOT, CONTACTS))
            ]
        )
    Droit.objects.bulk_create(
        [
            Droit(
                usager_id=pk,
                accompagnement_id=accompagnements[n][0],
                type=types[n % len(types)],
                statut=StatutDroit.OUVERT,
                commune_id=commune,
                date_identification=date(2020, 1, 1),
                date_demande=date(2020, 1, 2),
                date_ouverture=date(2020, 1, 3) + timedelta(days=n % 1400),
                cree_par=agent,
            )
            for n, (pk, commune) in enumerate(usagers)
        ],
        batch_size=LOT,
    )
    analyser()


def main() -> None:
    with base_jetable():
        from accompagnements.indicateurs import bornes_locales, indicateurs_acces_droits
        from accompagnements.models import Contact
        from comptes.roles import Role
        from comptes.services import agent_enregistrer, communes_depuis_codes

        debut = time.perf_counter()
        remplir()
        print(
            f"{USAGERS} usagers, {CONTACTS} contacts créés en {time.perf_counter() - debut:.0f} s "
            f"({connection.vendor})"
        )
        encadrant = agent_enregistrer(
            username="encadrant", role=Role.ENCADRANT, communes=communes_depuis_codes("all")
        )
        agent = agent_enregistrer(
            username="agent", role=Role.ACCES_DROITS, communes=communes_depuis_codes("21166,21231")
        )
        du, au = date(2021, 1, 1), date(2021, 12, 31)
        a, b = bornes_locales(du, au)

        base = mediane(lambda: Contact.objects.filter(date__gte=a, date__lt=b).count(), REPETITIONS)
        tout = mediane(lambda: indicateurs_acces_droits(user=encadrant, du=du, au=au), REPETITIONS)
        deux = mediane(lambda: indicateurs_acces_droits(user=agent, du=du, au=au), REPETITIONS)
        resultat = indicateurs_acces_droits(user=encadrant, du=du, au=au)
        print(
            f"année 2021 : {resultat.personnes_recues} personnes reçues, "
            f"{resultat.droits_ouverts} droits ouverts"
        )

        print(f"{'mesure':<52}{'médiane':>12}{'ratio':>10}")
        for libelle, valeur in [
            ("COUNT(*) des contacts d'une année (référence)", base),
            ("indicateurs 1.1 d'une année, 23 communes", tout),
            ("indicateurs 1.1 d'une année, 2 communes", deux),
        ]:
            print(f"{libelle:<52}{valeur * 1000:>9.1f} ms{valeur / base:>9.1f}x")


if __name__ == "__main__":
    main()
