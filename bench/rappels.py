"""Benchmark: the daily reminder scan at métropole scale.

Creates a throw-away test database (PostgreSQL when DATABASE_URL is set, SQLite otherwise) with
BENCH_MESURES running ASLL measures (3 000 by default, checkpoints every two months, a third of them
late, one in five past its planned end) for 30 social workers, 3 supervisors and one waiting ACOR
referral per ten measures, then prints, for a tenth of the data set and the full one:
  - the number of SQL queries of the scan (`rappels_creer`): the same whatever the size;
  - the median time of the bare SQL selecting the due checkpoints (reference), of the rules
    (reads only), of a scan that inserts everything, and of a re-run that inserts nothing.
BENCH_SQL=1 also prints the statements of the scan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/rappels.py
"""

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from outils import analyser, base_jetable, mediane  # noqa: E402

N = int(os.environ.get("BENCH_MESURES", "3000"))
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "5"))
JOUR = date(2026, 3, 30)

SQL_DE_REFERENCE = """
    SELECT p.id, p.date_prevue, m.referent_id
    FROM logement_pointetape p JOIN logement_mesureasll m ON m.id = p.mesure_id
    WHERE p.date_realisee IS NULL AND NOT p.annule AND m.statut = 'en_cours' AND p.date_prevue <= %s
"""


def remplir(nombre: int, referents, createur) -> None:
    from communes.models import Commune
    from logement.calendrier import calendrier_points_etape, date_fin_prevue
    from logement.models import MesureASLL, PointEtape, SituationACOR
    from usagers.models import Usager

    communes = list(Commune.objects.filter(pk__in=["21231", "21166"]))
    usagers = Usager.objects.bulk_create(
        [
            Usager(nom=f"NOM{i}", prenom="P", date_naissance=date(1970, 1, 1), commune=communes[i % 2])
            for i in range(nombre)
        ],
        batch_size=2000,
    )
    mesures = []
    for i, usager in enumerate(usagers):
        debut = JOUR - timedelta(days=30 + i % 400)
        mesures.append(
            MesureASLL(
                usager=usager,
                commune=usager.commune,
                type="acces",
                referent=referents[i % len(referents)],
                date_debut=debut,
                duree_mois=2 if i % 5 == 0 else 24,  # one in five ended without being closed
                date_fin_prevue=date_fin_prevue(debut, 2 if i % 5 == 0 else 24),
                objectifs=["budget"],
                cree_par=createur,
            )
        )
    mesures = MesureASLL.objects.bulk_create(mesures, batch_size=2000)
    PointEtape.objects.bulk_create(
        [
            # Two thirds of the past checkpoints held: a third of the measures are late.
            PointEtape(
                mesure=m,
                rang=rang,
                date_prevue=jour,
                date_realisee=jour if jour < JOUR and m.pk % 3 else None,
            )
            for m in mesures
            for rang, jour in calendrier_points_etape(m.date_debut, m.duree_mois)
        ],
        batch_size=5000,
    )
    SituationACOR.objects.bulk_create(
        [
            SituationACOR(
                usager=u,
                date_orientation=JOUR - timedelta(days=40 + i % 60),  # a third waiting over 60 days
                difficultes=["sociale"],
                cree_par=createur,
            )
            for i, u in enumerate(usagers[: max(1, nombre // 10)])
        ],
        batch_size=2000,
    )
    analyser()


def mesurer(nombre: int) -> None:
    from comptes.roles import Role
    from comptes.services import agent_enregistrer, communes_depuis_codes
    from logement.models import MesureASLL, PointEtape, SituationACOR
    from notifications.echeances import REGLES
    from notifications.models import Notification
    from notifications.services import rappels_creer
    from usagers.models import Usager

    Notification.objects.all().delete()
    SituationACOR.objects.all().delete()
    PointEtape.objects.all().delete()
    MesureASLL.objects.all().delete()
    Usager.objects.all().delete()
    communes = communes_depuis_codes("21231,21166")
    referents = [agent_enregistrer(username=f"ts{i}", role=Role.ASLL, communes=communes) for i in range(30)]
    for i in range(3):
        agent_enregistrer(username=f"encadrant{i}", role=Role.ENCADRANT, communes=communes)

    debut = time.perf_counter()
    remplir(nombre, referents, referents[0])
    print(
        f"\n{nombre} mesures, {PointEtape.objects.count()} points d'étape créés en "
        f"{time.perf_counter() - debut:.1f} s ({connection.vendor})"
    )

    def reference():
        with connection.cursor() as curseur:
            curseur.execute(SQL_DE_REFERENCE, [JOUR + timedelta(days=7)])
            return curseur.fetchall()

    def regles():
        return [r for regle in REGLES for r in regle(JOUR)]

    with CaptureQueriesContext(connection) as requetes:
        debut = time.perf_counter()
        dus = rappels_creer(jour=JOUR)
        premier = time.perf_counter() - debut
    with CaptureQueriesContext(connection) as requetes_relance:
        relance = mediane(lambda: rappels_creer(jour=JOUR), REPETITIONS)
    t_reference = mediane(reference, REPETITIONS)
    if os.environ.get("BENCH_SQL"):  # BENCH_SQL=1: the statements of the scan
        for requete in requetes.captured_queries:
            print("   ", " ".join(requete["sql"].split())[:100])
    t_regles = mediane(regles, REPETITIONS)

    print(
        f"{dus} rappels dus, {Notification.objects.count()} en base ; "
        f"points d'étape dus ou proches (SQL brut) : {len(reference())}"
    )
    print(
        f"requêtes SQL du passage : {len(requetes)} (relance : {len(requetes_relance) // (REPETITIONS + 1)})"
    )
    print(f"{'mesure':<52}{'médiane':>12}{'ratio':>10}")
    for libelle, valeur in [
        ("SQL brut : points d'étape dus (référence)", t_reference),
        ("règles du passage (lectures seules)", t_regles),
        ("premier passage (tout est inséré)", premier),
        ("relance (rien à insérer, ON CONFLICT DO NOTHING)", relance),
    ]:
        print(f"{libelle:<52}{valeur * 1000:>9.1f} ms{valeur / t_reference:>9.1f}x")


def main() -> None:
    with base_jetable():
        for nombre in (max(1, N // 10), N):
            mesurer(nombre)


if __name__ == "__main__":
    main()
