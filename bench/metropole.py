"""`make bench`: the nine figures of issue 14 on a database this script builds itself.

Creates a throw-away test database (test_<name> of DATABASE_URL, PostgreSQL expected), fills it
with `generer_donnees` at BENCH_PETIT usagers (10 000), measures what is compared between 1× and
10× (indicators, exports, reminder scan, permission rows), grows it to BENCH_USAGERS (100 000)
with the same command, measures everything, then writes `bench/results.json` and
`docs/PERFORMANCE.md` (figures + the command of each). Every speed figure is a ratio measured
in the same run (medians), because the machine is shared.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt14 .venv/bin/python bench/metropole.py

BENCH_CONTACTS_PAR_SUIVI (9) scales the contacts; BENCH_CHARGE_SECONDES (120) bounds each load run.
BENCH_SEULEMENT=rappels measures figure 7 alone (both volumes) and replaces only its rows;
BENCH_SEULEMENT=indicateurs prints figure 5 alone (both volumes).
BENCH_SEULEMENT=listes measures figures 1, 2 and 8 alone (100 000 persons) and replaces only theirs;
BENCH_SEULEMENT=journal measures figure 10 alone (the journal filled to BENCH_JOURNAL_PETIT then
BENCH_JOURNAL_GRAND rows over 10 000 persons) and replaces only its rows and details.
"""

import csv
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg  # noqa: E402
from dateutil.relativedelta import relativedelta  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from outils import base_jetable, mediane, medianes_alternees  # noqa: E402

RACINE = Path(__file__).resolve().parent.parent
PETIT = int(os.environ.get("BENCH_PETIT", "10000"))
GRAND = int(os.environ.get("BENCH_USAGERS", "100000"))
CONTACTS_PAR_SUIVI = os.environ.get("BENCH_CONTACTS_PAR_SUIVI", "9")
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "11"))
# Figures 1 and 2: a list's page takes a few milliseconds, its series are timed in turns with their
# floor's (`medianes_alternees`), more of them for a steadier median.
REPETITIONS_LISTES = int(os.environ.get("BENCH_REPETITIONS_LISTES", "31"))
CHARGE_SECONDES = int(os.environ.get("BENCH_CHARGE_SECONDES", "120"))
COMMUNE = "21166"  # Chenôve: about 5 % of the usagers, the "one commune" of figure 1
ANNEE = (date(2025, 1, 1), date(2025, 12, 31))
JOUR_RAPPELS = date(2025, 12, 31)
COMMANDE = "make bench  (DATABASE_URL=postgres://…; python bench/metropole.py)"

resultats: list[dict] = []
details: list[str] = []


def figure(nom, valeur, unite, cible, atteinte, commentaire=""):
    resultats.append(
        {"name": nom, "value": round(valeur, 3), "unit": unite, "target": cible, "met": bool(atteinte)}
    )
    marque = "oui" if atteinte else "NON"
    print(f"  {nom:<58}{valeur:>10.3f} {unite:<8} cible {cible:<14} {marque} {commentaire}")


def ligne(texte=""):
    print(texte)
    details.append(texte)


def generer(usagers: int, seed: int) -> float:
    debut = time.perf_counter()
    call_command(
        "generer_donnees", usagers=usagers, seed=seed, contacts_par_suivi=int(CONTACTS_PAR_SUIVI), verbosity=0
    )
    duree = time.perf_counter() - debut
    # What autovacuum does within minutes of a bulk load in production: the visibility map (index-only
    # scans) and fresh statistics. Not counted in the generation time.
    sans_delai("VACUUM ANALYZE")
    return duree


def sans_delai(*sqls, base: str | None = None) -> None:
    """`sqls` on a connection of its own (to `base`, the bench's database by default) without the
    web's statement timeout: VACUUM cannot run inside a transaction, where `SET LOCAL` would lift it
    (a shared machine can take more than 30 s)."""
    r = connection.settings_dict
    with psycopg.connect(
        host=r["HOST"], port=r["PORT"] or None, user=r["USER"], password=r["PASSWORD"] or None,
        dbname=base or r["NAME"], options="-c statement_timeout=0", autocommit=True,
    ) as connexion:  # fmt: skip
        for sql in sqls:
            connexion.execute(sql)


def jeton_de(username) -> str:
    """The token a real caller holds: from the token endpoint's service, with the second factor when
    the account needs one (the administrator, comptes.perms.exige_second_facteur)."""
    from comptes.jetons import jeton_emettre
    from comptes.models import User
    from comptes.perms import exige_second_facteur

    user = User.objects.get(username=username)
    return jeton_emettre(user=user, second_facteur=exige_second_facteur(User.objects.get(pk=user.pk))).key


def client_de(username):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton_de(username)}")
    return client


def appel(client, url, params=None):
    reponse = client.get(url, params or {})
    assert reponse.status_code == 200, (url, reponse.status_code, reponse.content[:300])
    return reponse


def temps_sql(requetes) -> float:
    """The execution + planning time PostgreSQL reports for the reads of `requetes` (a list's page
    read with its journal's INSERT included), in seconds (EXPLAIN ANALYZE, rolled back)."""
    total = 0.0
    with transaction.atomic(), connection.cursor() as curseur:
        for requete in requetes:
            sql = requete["sql"]
            if sql.startswith("SELECT set_config('pghistory."):
                sql = sql.split("; ", 1)[1]  # pghistory's context, set before the statement
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            curseur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = curseur.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            total += (plan["Execution Time"] + plan["Planning Time"]) / 1000
        transaction.set_rollback(True)  # what EXPLAIN ANALYZE of a page's statement wrote
    return total


def plan_texte(sql: str) -> str:
    with connection.cursor() as curseur:
        curseur.execute("EXPLAIN " + sql)
        return "\n".join(r[0] for r in curseur.fetchall())


# --- what is compared between 1× and 10× ---------------------------------------------------------
def mesurer_indicateurs() -> dict:
    """Every indicator of the pacte for a year by commune and month, vs the same SQL replayed raw."""
    from comptes.models import User
    from indicateurs.registre import indicateurs
    from indicateurs.resultats import publier

    user = User.objects.get(username="encadrant")
    admin = User.objects.get(username="admin")

    def tout():
        sortie = []
        for i in indicateurs():
            par = [p for p in ("commune", "mois") if p in i.par_possibles]
            sortie.append(
                publier(
                    user=admin if i.id.startswith("2.3") else user,
                    indicateur=i,
                    du=ANNEE[0],
                    au=ANNEE[1],
                    par=par,
                )
            )
        return sortie

    with CaptureQueriesContext(connection) as requetes:
        tout()
    sqls = [
        q["sql"]
        for q in requetes.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]

    def brut():
        with connection.cursor() as curseur:
            for sql in sqls:
                curseur.execute(sql)
                curseur.fetchall()

    return {
        "app": mediane(tout, max(3, REPETITIONS // 2)),
        "brut": mediane(brut, max(3, REPETITIONS // 2)),
        "requetes": len(requetes),
        "nombre": len(indicateurs()),
    }


def mesurer_exports() -> dict:
    """Peak Python memory (tracemalloc) of a year's CSV and XLSX export of an indicator."""
    client = client_de("encadrant")
    pics = {}
    for fmt in ("csv", "xlsx"):
        params = {
            "indicateur": "1.1.personnes_recues",
            "du": "2025-01-01",
            "au": "2025-12-31",
            "par": "commune,mois",
            "format": fmt,
        }
        appel(client, "/api/v1/indicateurs/valeurs/", params)  # warm-up: imports, caches
        tracemalloc.start()
        reponse = appel(client, "/api/v1/indicateurs/valeurs/", params)
        taille = sum(len(b) for b in reponse.streaming_content) if reponse.streaming else len(reponse.content)
        pics[fmt] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        pics[fmt + "_octets"] = taille
    return pics


# The bare SQL of what is due (figure 7's reference): for every kind of reminder the scan makes, the
# minimal hand-written statement returning the rows due on JOUR_RAPPELS and not yet reminded (the
# anti-join on the reminders' unique index), one statement per kind, sent raw through a cursor. Not the
# scan's own SQL (that is « ses propres requêtes rejouées »). Each returns (kind, object id).
_NON_REMIS = """NOT EXISTS (SELECT 1 FROM notifications_notification n
    WHERE n.objet_type = '{objet}' AND n.objet_id = {id} AND n.type = '{type}'{dest})"""


def _non_remis(objet, id, type, destinataire=None):
    dest = f" AND n.destinataire_id = {destinataire}" if destinataire else ""
    return _NON_REMIS.format(objet=objet, id=id, type=type, dest=dest)


_POINTS = """FROM logement_pointetape p JOIN logement_mesureasll m ON m.id = p.mesure_id
    {user} WHERE p.date_realisee IS NULL AND NOT p.annule AND m.statut = 'en_cours' AND """
_USER = "JOIN comptes_user u ON u.id = m.referent_id"
SQL_DU_JOUR = {
    "point_etape_proche": f"""SELECT 'point_etape_proche', p.id {_POINTS.format(user=_USER)}
        u.is_active AND p.date_prevue BETWEEN %(jour)s AND %(horizon)s
        AND {_non_remis("point_etape", "p.id", "point_etape_proche", "m.referent_id")}""",
    "point_etape_en_retard": f"""SELECT 'point_etape_en_retard', p.id {_POINTS.format(user=_USER)}
        u.is_active AND p.date_prevue < %(jour)s
        AND {_non_remis("point_etape", "p.id", "point_etape_en_retard", "m.referent_id")}""",
    "point_etape_escalade": f"""SELECT 'point_etape_escalade', p.id {_POINTS.format(user="")}
        p.date_prevue <= %(limite_point)s AND {_non_remis("point_etape", "p.id", "point_etape_escalade")}""",
    "mesure_echue": f"""SELECT 'mesure_echue', m.id FROM logement_mesureasll m {_USER}
        WHERE m.statut = 'en_cours' AND m.date_fin_prevue < %(jour)s AND u.is_active
        AND {_non_remis("mesure_asll", "m.id", "mesure_echue", "m.referent_id")}""",
    "mesure_echue_escalade": f"""SELECT 'mesure_echue_escalade', m.id FROM logement_mesureasll m
        WHERE m.statut = 'en_cours' AND m.date_fin_prevue <= %(limite_mesure)s
        AND {_non_remis("mesure_asll", "m.id", "mesure_echue_escalade")}""",
    "demande_asll_recue": f"""SELECT 'demande_asll_recue', d.id FROM logement_demandeasll d
        WHERE d.statut = 'en_attente' AND d.orientee_par_id IS NOT NULL AND d.date <= %(jour)s
        AND {_non_remis("demande_asll", "d.id", "demande_asll_recue")}""",
    "acor_attente_longue": f"""SELECT 'acor_attente_longue', s.id FROM logement_situationacor s
        WHERE s.statut = 'en_attente' AND s.date_orientation < %(limite_acor)s
        AND {_non_remis("situation_acor", "s.id", "acor_attente_longue")}""",
    "orientation_acor_recue": f"""SELECT 'orientation_acor_recue', s.id FROM logement_situationacor s
        WHERE s.statut = 'en_attente' AND s.orientee_par_id IS NOT NULL AND s.date_orientation <= %(jour)s
        AND {_non_remis("situation_acor", "s.id", "orientation_acor_recue")}""",
    "emas_sans_intervention": f"""SELECT 'emas_sans_intervention', s.id FROM emas_suiviemas s
        WHERE s.statut = 'en_cours' AND COALESCE((SELECT max(i.date) FROM emas_intervention i
            WHERE i.suivi_id = s.id), s.date_debut) < %(limite_emas)s
        AND {_non_remis("suivi_emas", "s.id", "emas_sans_intervention")}""",
    "orientation_emas_recue": f"""SELECT 'orientation_emas_recue', g.id FROM emas_signalement g
        WHERE g.decision = 'en_attente' AND g.orientee_par_id IS NOT NULL AND g.date <= %(jour)s
        AND {_non_remis("signalement_emas", "g.id", "orientation_emas_recue")}""",
    "essai_visite_a_relire": f"""SELECT 'essai_visite_a_relire', v.id FROM essai_visite v
        WHERE v.date < %(limite_visite)s
        AND {_non_remis("essai_visite", "v.id", "essai_visite_a_relire", "v.referent_id")}""",
    "rapport_a_rendre": f"""SELECT 'rapport_a_rendre', %(objet_rapport)s::bigint FROM comptes_user u
        WHERE %(objet_rapport)s::bigint IS NOT NULL AND u.is_active AND u.is_superuser
        AND NOT EXISTS (SELECT 1 FROM indicateurs_anneeverrouillee a WHERE a.annee = %(annee_rapport)s)
        AND {_non_remis("rapport_annuel", "%(objet_rapport)s::bigint", "rapport_a_rendre", "u.id")}""",
    "rapport_verrouille": f"""SELECT 'rapport_verrouille', a.id FROM indicateurs_anneeverrouillee a
        JOIN comptes_user u ON u.is_active AND u.is_superuser
        WHERE (a.verrouillee_le AT TIME ZONE 'Europe/Paris')::date BETWEEN %(verrou_depuis)s AND %(jour)s
        AND {_non_remis("annee_verrouillee", "a.id", "rapport_verrouille", "u.id")}""",
}


def parametres_du_jour(jour: date) -> dict:
    from datetime import timedelta

    from django.conf import settings

    from indicateurs.echeances import JOURS_APRES_VERROU, jour_du_rappel

    echeance = jour_du_rappel(jour)
    return {
        "jour": jour,
        "horizon": jour + timedelta(days=settings.RAPPEL_POINT_ETAPE_JOURS_AVANT),
        "limite_point": jour - timedelta(days=settings.ESCALADE_POINT_ETAPE_JOURS),
        "limite_mesure": jour - timedelta(days=settings.ESCALADE_MESURE_ECHUE_JOURS),
        "limite_acor": jour - timedelta(days=settings.ACOR_ATTENTE_JOURS),
        "limite_emas": jour - timedelta(days=settings.EMAS_SANS_INTERVENTION_JOURS),
        "limite_visite": jour - timedelta(days=30),
        "objet_rapport": int(f"{echeance:%Y%m%d}") if echeance else None,
        "annee_rapport": jour.year - 1,
        "verrou_depuis": jour - timedelta(days=JOURS_APRES_VERROU),
    }


def reference_du_jour(jour: date) -> set:
    """Figure 7's reference: every kind's bare SQL, one statement each, through one cursor."""
    parametres = parametres_du_jour(jour)
    dus = set()
    with connection.cursor() as curseur:
        for sql in SQL_DU_JOUR.values():
            curseur.execute(sql, parametres)
            dus.update(curseur.fetchall())
    return dus


def reference_en_une_requete(jour: date) -> set:
    """A stricter floor, for reading only: the same statements in one UNION ALL (one round trip)."""
    with connection.cursor() as curseur:
        union = " UNION ALL ".join(f"({sql})" for sql in SQL_DU_JOUR.values())
        curseur.execute(union, parametres_du_jour(jour))
        return set(curseur.fetchall())


def comparer_aux_regles(rappels, dus: set, moment: str) -> dict:
    """The rules and the reference must find the same (kind, object): else the reference is not theirs."""
    trouves = {(r.type, r.objet_id) for r in rappels}
    if trouves != dus:
        raise AssertionError(
            f"rappels ({moment}) : règles et SQL brut diffèrent — règles seules "
            f"{sorted(trouves - dus)[:10]}, SQL brut seul {sorted(dus - trouves)[:10]}"
        )
    par_type: dict[str, int] = {}
    for type_, _ in dus:
        par_type[type_] = par_type.get(type_, 0) + 1
    return par_type


def mesurer_rappels() -> dict:
    from notifications.echeances import regles
    from notifications.services import rappels_creer

    def lire_les_rappels():
        return [r for regle in regles() for r in regle(JOUR_RAPPELS)]

    # Before the first pass: what is due is large, and both sides must find the same rows.
    premiers = comparer_aux_regles(lire_les_rappels(), reference_du_jour(JOUR_RAPPELS), "premier passage")
    rappels_creer(jour=JOUR_RAPPELS)  # first pass inserts; the figure is the daily re-run
    with CaptureQueriesContext(connection) as requetes:
        rappels_creer(jour=JOUR_RAPPELS)
    relance = comparer_aux_regles(lire_les_rappels(), reference_du_jour(JOUR_RAPPELS), "relance")
    assert reference_en_une_requete(JOUR_RAPPELS) == reference_du_jour(JOUR_RAPPELS)

    # The re-run's own statements (the rules' reads), replayed raw: what the scan costs around its
    # SQL, as figure 5 measures the indicators.
    lectures = ("SELECT", "WITH", "(SELECT")  # a rule's UNION ALL starts with its first branch's "("
    sqls = [q["sql"] for q in requetes.captured_queries if q["sql"].lstrip().upper().startswith(lectures)]
    assert len(sqls) == len(regles()), sqls  # one read per rule on the re-run, nothing else read

    def rejoue():
        with connection.cursor() as curseur:
            for requete in sqls:
                curseur.execute(requete)
                curseur.fetchall()

    repetitions = max(5, REPETITIONS)
    return {
        "sql_rejoue": mediane(rejoue, repetitions),
        "requetes": len(requetes),
        "regles_declarees": len(regles()),
        "types": len(SQL_DU_JOUR),
        "par_regle_ms": {
            regle.__name__: round(mediane(lambda r=regle: r(JOUR_RAPPELS), repetitions) * 1000, 2)
            for regle in regles()
        },
        "regles": mediane(lire_les_rappels, repetitions),
        "scan": mediane(lambda: rappels_creer(jour=JOUR_RAPPELS), repetitions),
        "reference": mediane(lambda: reference_du_jour(JOUR_RAPPELS), repetitions),
        "reference_une_requete": mediane(lambda: reference_en_une_requete(JOUR_RAPPELS), repetitions),
        "dus_premier_passage": premiers,
        "dus_relance": relance,
    }


def lignes_permissions() -> dict:
    """Guardian rows, and their bound: communes × (accounts + groups) × dispositifs."""
    from django.contrib.auth.models import Group

    from communes.models import Commune, CommuneGroupObjectPermission, CommuneUserObjectPermission
    from comptes.models import User
    from config import dispositifs as registre

    lignes = CommuneUserObjectPermission.objects.count() + CommuneGroupObjectPermission.objects.count()
    borne = Commune.objects.count() * (User.objects.count() + Group.objects.count()) * len(registre.codes())
    return {"lignes": lignes, "borne": borne}


# --- figure 1, 2, 3: lists -------------------------------------------------------------------------
LISTES = [
    ("usagers", "/api/v1/usagers/"),
    ("accompagnements", "/api/v1/accompagnements/"),
    ("mesures ASLL", "/api/v1/asll/mesures/"),
    ("droits", "/api/v1/droits/"),
]


def comptes_de_liste():
    """An encadrant granted Chenôve directly, one granted it through a group only."""
    from django.contrib.auth.models import Group

    from accompagnements.perms import ACCES_DROITS
    from communes.habilitations import habilitation_accorder_groupe
    from comptes.roles import Role
    from comptes.services import agent_enregistrer, communes_depuis_codes
    from logement.perms import ACOR, ASLL

    commune = communes_depuis_codes(COMMUNE)
    agent_enregistrer(username="bench.direct", role=Role.ENCADRANT, communes=commune)
    groupe, _ = Group.objects.get_or_create(name="bench.groupe")
    for d in (ACCES_DROITS, ASLL, ACOR):
        habilitation_accorder_groupe(group=groupe, dispositif=d, communes=commune)
    membre = agent_enregistrer(username="bench.groupe", role=Role.ENCADRANT, communes=[])
    membre.groups.add(groupe)


def rejouer(sqls: list[str]) -> None:
    with connection.cursor() as curseur:
        for sql in sqls:
            curseur.execute(sql)
            if curseur.description:
                curseur.fetchall()


def en_trois_requetes():
    """The list path a plain implementation takes: the count, the page and the access journal's INSERT
    as three statements (DRF's pagination, then the journal told after the read) instead of one
    (`config.sql.lire_page`). Figure 2's floor is replayed from the SQL this path sends."""
    from unittest import mock

    return mock.patch("config.api.pagination.page_lisible_en_une_requete", return_value=False)


def plancher_de(client, url, params) -> list[str]:
    """Figure 2's floor: what any implementation of the list must send — the count, the page and the
    access journal's INSERT — as the SQL the three-statement path sends for this very request,
    replayed raw (same run, same data)."""
    with en_trois_requetes(), CaptureQueriesContext(connection) as requetes:
        appel(client, url, params)
    sqls = [q["sql"] for q in requetes.captured_queries]
    compte = next(i for i, sql in enumerate(sqls) if sql.lstrip().upper().startswith("SELECT COUNT(*)"))
    return [sqls[compte], *lecture_de_la_page(sqls[compte + 1 :]), insertion_de(requetes.captured_queries)]


def lecture_de_la_page(sqls: list[str]) -> list[str]:
    """The page's read on the three-statement path: its SELECT and the reads of what each row shows
    with it (a prefetch: the rights' history), up to the journal's INSERT."""
    fin = next(i for i, sql in enumerate(sqls) if 'INSERT INTO "journal_entreejournal"' in sql)
    return [sql for sql in sqls[:fin] if sql.lstrip().upper().startswith("SELECT")]


def insertion_de_liste() -> str:
    """The access journal's INSERT of an agent's first page of follow-ups (50 rows), as the
    three-statement path sends it apart."""
    client = client_de("bench.direct")
    with en_trois_requetes(), CaptureQueriesContext(connection) as requetes:
        appel(client, "/api/v1/accompagnements/", {"page_size": 50})
    return insertion_de(requetes.captured_queries)


def insertion_de(requetes) -> str:
    return next(q["sql"] for q in requetes if 'INSERT INTO "journal_entreejournal"' in q["sql"])


def mesurer_listes():
    clients = {u: client_de(u) for u in ("admin", "bench.direct", "bench.groupe")}
    pires_ratio, pire_requetes, pire_plancher, pire_sql, pire_curseur = 0.0, 0, 0.0, 0.0, 0.0
    ligne(
        "| liste | page | superuser (ms) | direct (ms) | groupe (ms) | ratio max | requêtes | SQL (ms) "
        "| API/SQL | plancher (ms) | API/plancher |"
    )
    ligne("|---|---|---|---|---|---|---|---|---|---|---|")
    for nom, url in LISTES:
        nombre = appel(clients["bench.direct"], url, {"page_size": 50}).json()["count"]
        for page in sorted({1, max(1, min(40, -(-nombre // 50)))}):
            params = {"page_size": 50, "page": page}
            with CaptureQueriesContext(connection) as capture:
                appel(clients["bench.direct"], url, params)
            # Read now: the next request empties the connection's log (`reset_queries`), and with it
            # what the context would read later.
            requetes = capture.captured_queries
            sql = temps_sql(requetes)
            plancher_sql = plancher_de(clients["bench.direct"], url, params)
            series = {u: partial(appel, client, url, params) for u, client in clients.items()}
            series["plancher"] = partial(rejouer, plancher_sql)
            temps = medianes_alternees(series, REPETITIONS_LISTES)
            plancher = temps["plancher"]
            ratio = max(temps["bench.direct"], temps["bench.groupe"]) / temps["admin"]
            sur_sql = temps["bench.direct"] / sql if sql else 0
            sur_plancher = temps["bench.direct"] / plancher
            pires_ratio = max(pires_ratio, ratio)
            pire_requetes = max(pire_requetes, len(requetes))
            pire_sql = max(pire_sql, sur_sql)
            pire_plancher = max(pire_plancher, sur_plancher)
            ligne(
                f"| {nom} | {page} | {temps['admin'] * 1000:.1f} | {temps['bench.direct'] * 1000:.1f} | "
                f"{temps['bench.groupe'] * 1000:.1f} | {ratio:.2f} | {len(requetes)} | {sql * 1000:.1f} "
                f"| {sur_sql:.1f} | {plancher * 1000:.1f} | {sur_plancher:.2f} |"
            )
        # The same depth by keyset (`?curseur=`): the `next` link followed to page 40, then timed.
        client = clients["bench.direct"]
        suivant, page = appel(client, url, {"page_size": 50, "curseur": ""}).json()["next"], 1
        while suivant and page < min(40, -(-nombre // 50)) - 1:
            suivant, page = appel(client, suivant).json()["next"], page + 1
        if suivant:
            with CaptureQueriesContext(connection) as capture:
                appel(client, suivant)
            requetes = capture.captured_queries
            with en_trois_requetes(), CaptureQueriesContext(connection) as separees:
                appel(client, suivant)
            sqls = [q["sql"] for q in separees.captured_queries]
            page_sql = next(i for i, q in enumerate(sqls) if "LIMIT 51" in q)
            plancher_sql = [*lecture_de_la_page(sqls[page_sql:]), insertion_de(separees.captured_queries)]
            series = {"direct": partial(appel, client, suivant), "plancher": partial(rejouer, plancher_sql)}
            temps = medianes_alternees(series, REPETITIONS_LISTES)
            direct, plancher = temps["direct"], temps["plancher"]
            pire_curseur = max(pire_curseur, direct / plancher)
            ligne(
                f"| {nom} | {page + 1} (curseur) | | {direct * 1000:.1f} | | | {len(requetes)} | | "
                f"| {plancher * 1000:.1f} | {direct / plancher:.2f} |"
            )
    return pires_ratio, pire_requetes, pire_plancher, pire_sql, pire_curseur


def mesurer_listes_et_plancher() -> tuple:
    """Figures 1 and 2 and their details."""
    comptes_de_liste()
    ligne("\n### Listes (figures 1 et 2)\n")
    ratio, requetes_listes, plancher, sur_sql, curseur = mesurer_listes()
    d = decomposer_plancher()
    ligne(
        f"\nAccompagnements, page 1, agent (figure 2) : API {d['api'] * 1000:.1f} ms ; la même en trois "
        f"requêtes (count, page, INSERT du journal à part) {d['en_trois'] * 1000:.1f} ms ; chemin Python "
        f"nu (utilisateur, habilitations, count, page en values(), json.dumps, sans journal) "
        f"{d['minimal'] * 1000:.1f} ms."
    )
    return ratio, requetes_listes, plancher, sur_sql, curseur


def figures_listes(
    ratio: float, requetes_listes: int, plancher: float, sur_sql: float, curseur: float
) -> None:
    figure("1. listes : temps agent 1 commune / superuser (max)", ratio, "x", "<= 1.0", ratio <= 1.0)
    figure(
        "1. listes : requêtes SQL par page (max)", requetes_listes, "requêtes", "<= 6", requetes_listes <= 6
    )
    figure(
        "2. listes : API / plancher (count + page + INSERT du journal, SQL brut), pages 1 et 40 (max)",
        plancher,
        "x",
        "<= 2",
        plancher <= 2,
        f"(API / SELECT seuls, EXPLAIN : {sur_sql:.1f})",
    )
    figure(
        "2. listes : API / plancher (page + INSERT du journal), curseur à la profondeur 40 (max)",
        curseur,
        "x",
        "<= 2",
        curseur <= 2,
    )


def figures_charge(charge: dict) -> None:
    if charge:
        n, d = charge["pointe"], charge["double"]
        figure("8. charge (locust) : débit à l'heure de pointe", n["rps"], "req/s", "mesuré", True,
               f"{n['agents']} agents, une requête toutes les {CHARGE_INTERVALLE:.0f} s")  # fmt: skip
        figure(
            "8. charge : p95 à l'heure de pointe", n["p95"], "ms", "mesuré", True,
            f"p50 {n['p50']:.0f} ms, p99 {n['p99']:.0f} ms",
        )  # fmt: skip
        figure(
            "8. charge : p95 à 2x la pointe / p95 à la pointe",
            d["p95"] / n["p95"],
            "x",
            "<= 2",
            d["p95"] / n["p95"] <= 2,
            f"p50 {d['p50']:.0f} ms, p95 {d['p95']:.0f} ms, p99 {d['p99']:.0f} ms",
        )
        figure(
            "8. charge : erreurs",
            n["erreurs"] + d["erreurs"],
            "erreurs",
            "0",
            n["erreurs"] + d["erreurs"] == 0,
        )


def decomposer_plancher() -> dict:
    """Figure 2, where an agent's first page of follow-ups spends its time beyond the SQL: the API;
    the API on the three-statement path (count, page, the journal's INSERT apart: `en_trois_requetes`);
    and a bare Python path (the user, the grants, the count, a `values()` page of the serialised
    fields, `json.dumps`: no middleware, no DRF, no journal)."""
    import json as json_

    from accompagnements.models import Accompagnement
    from comptes.models import User

    client = client_de("bench.direct")
    url, params = "/api/v1/accompagnements/", {"page_size": 50}
    champs = ["id", "version", "usager_id", "referent_id", "date_debut", "date_fin", "statut"]
    champs.append("motif_cloture")

    def minimal():
        user = User.objects.get(username="bench.direct")
        lignes = Accompagnement.objects.visibles_par(user)
        page = list(lignes.values(*champs)[:50])
        return json_.dumps({"count": lignes.count(), "results": page}, default=str)

    api = mediane(lambda: appel(client, url, params), REPETITIONS)
    with en_trois_requetes():
        en_trois = mediane(lambda: appel(client, url, params), REPETITIONS)
    return {"api": api, "en_trois": en_trois, "minimal": mediane(minimal, REPETITIONS)}


def mesurer_recherche():
    """Figure 3: `?search=` (accents and case ignored: `usagers.recherche`, trigram GIN index on
    PostgreSQL) over the 100 000 persons of the superuser's 23 communes, against the plain first page."""
    client = client_de("admin")
    from usagers.models import Usager

    nom = Usager.objects.order_by("pk").values_list("nom", flat=True)[Usager.objects.count() // 2][:6]
    liste = mediane(lambda: appel(client, "/api/v1/usagers/", {"page_size": 50}), REPETITIONS)
    cherche = mediane(
        lambda: appel(client, "/api/v1/usagers/", {"page_size": 50, "search": nom}), REPETITIONS
    )
    with CaptureQueriesContext(connection) as requetes:
        appel(client, "/api/v1/usagers/", {"page_size": 50, "search": nom})
    sql_page = [
        q["sql"] for q in requetes.captured_queries if "LIMIT" in q["sql"] and '"usagers_usager"' in q["sql"]
    ]
    plan = plan_texte(sql_page[-1]) if sql_page else ""
    return cherche, liste, plan, nom


def mesurer_portefeuille():
    from logement.models import MesureASLL

    resultats_ts = {}
    for username in ("ts.asll.000", "ts.asll.001"):
        client = client_de(username)
        params = {"referent": "me", "statut": "en_cours", "page_size": 200}
        with CaptureQueriesContext(connection) as requetes:
            appel(client, "/api/v1/asll/mesures/", params)
        taille = MesureASLL.objects.filter(referent__username=username, statut="en_cours").count()

        def tout(c=client, params=params):
            # the whole caseload, every page
            page, n = 1, 0
            while True:
                r = appel(c, "/api/v1/asll/mesures/", {**params, "page": page}).json()
                n += len(r["results"])
                if not r["next"]:
                    return n
                page += 1

        resultats_ts[username] = {
            "taille": taille,
            "requetes": len(requetes),
            "temps": mediane(tout, REPETITIONS),
        }
    return resultats_ts


# --- figure 10: the access journal partitioned by month ------------------------------------------
JOURNAL_PETIT = int(os.environ.get("BENCH_JOURNAL_PETIT", "1000000"))
JOURNAL_GRAND = int(os.environ.get("BENCH_JOURNAL_GRAND", "50000000"))
LOT_JOURNAL = 1_000_000


def remplir_journal(total: int) -> float:
    """Grow the access journal to `total` rows spread over the last 365 days (what retention keeps),
    each month in its partition (created first, as the beat task would have)."""
    from journal.partitions import preparer_partitions

    debut = time.perf_counter()
    preparer_partitions(maintenant=timezone.now() - relativedelta(months=13), mois_d_avance=16)
    with connection.cursor() as curseur:
        curseur.execute("SELECT count(*) FROM journal_entreejournal")
        manque = total - curseur.fetchone()[0]
    while manque > 0:
        lot = min(LOT_JOURNAL, manque)
        # A bulk load runs past the web's statement timeout: lifted for this transaction only.
        with transaction.atomic(), connection.cursor() as curseur:
            curseur.execute("SET LOCAL statement_timeout = 0")
            curseur.execute(
                "INSERT INTO journal_entreejournal (quand, auteur_id, auteur, action, origine, objet_type, "
                "objet_id, usager_id, compartiment, requete) "
                "SELECT now() - random() * interval '365 days', 1 + i %% 60, 'agent', 'liste', 'api', "
                "'accompagnements.accompagnement', i %% 1000003, i %% 100003, '', md5(i::text) "
                "FROM generate_series(1, %s) i",
                [lot],
            )
        manque -= lot
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("SET LOCAL statement_timeout = 0")
        curseur.execute("ANALYZE journal_entreejournal")
    # The fill's pages written out before anything is timed, as the checkpointer has within minutes of
    # a bulk load: one run measured the INSERT while a checkpoint wrote the 50 million rows out (27 s,
    # PostgreSQL's log), 1.47x instead of 1.04x and 1.20x in the runs before.
    sans_delai("CHECKPOINT")
    return time.perf_counter() - debut


# Months purged at each size, one after the other (the oldest first): the figures are their medians
# (one purge is a few milliseconds, within a shared machine's noise).
MOIS_PURGES = int(os.environ.get("BENCH_MOIS_PURGES", "3"))


def mesurer_journal(insertion: str) -> dict:
    """The list request's journal INSERT (50 rows, the API's own statement) and the purge of the
    MOIS_PURGES oldest months, one at a time, with `total` rows in the journal: medians, and each
    purge's own figures (`purges`)."""
    import statistics

    insert = mediane(lambda: rejouer([insertion]), REPETITIONS * 3)
    purges = [purger_le_mois_le_plus_ancien() for _ in range(MOIS_PURGES)]
    froides = [purger_le_mois_le_plus_ancien(hors_du_cache=True) for _ in range(MOIS_PURGES)]
    return {
        "insert": insert,
        **{cle: statistics.median(p[cle] for p in purges) for cle in ("purge", "verrou", "wal")},
        "lignes_du_mois": statistics.median(p["lignes_du_mois"] for p in purges),
        "purges": purges,
        "purge_hors_du_cache": statistics.median(p["purge"] for p in froides),
        "lignes_du_mois_hors_du_cache": statistics.median(p["lignes_du_mois"] for p in froides),
        "purges_hors_du_cache": froides,
    }


def fichiers_de(table: str) -> list[Path]:
    """The files of `table` on disk — its heap, indexes and TOAST, every fork and 1 GB segment —
    where this process can read them (PostgreSQL's data directory, a tablespace's link included)."""
    with connection.cursor() as curseur:
        curseur.execute("SHOW data_directory")
        dossier = Path(curseur.fetchone()[0])
        curseur.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.oid = %s::regclass "
            "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass) "
            "OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass) "
            "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = "
            "(SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass))",
            [table] * 4,
        )
        chemins = [dossier / ligne[0] for ligne in curseur.fetchall() if ligne[0]]
    return [f for chemin in chemins for f in chemin.parent.glob(chemin.name + "*") if f.is_file()]


def sortir_du_cache(table: str) -> int:
    """`table`'s files dropped from the kernel's page cache (`posix_fadvise(DONTNEED)`, after the
    checkpoint wrote them: clean pages), as a month a year old has left the cache of a server whose
    memory is smaller than its database. Returns the bytes concerned (0: files out of reach)."""
    total = 0
    for fichier in fichiers_de(table):
        try:
            descripteur = os.open(fichier, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(descripteur, 0, 0, os.POSIX_FADV_DONTNEED)
            total += os.fstat(descripteur).st_size
        finally:
            os.close(descripteur)
    return total


def purger_le_mois_le_plus_ancien(hors_du_cache: bool = False) -> dict:
    """`journal_purger` run the day the oldest month holding rows leaves the 12 months kept: it
    drops that month alone. Timed in its two steps — the DETACH, in the transaction that locks the
    journal (`verrou`), then the DROP that frees the month's files once that lock is released — with
    the WAL the whole purge wrote (`wal`, bytes: the database's own work). `hors_du_cache`: the
    month's files first dropped from the kernel's page cache (`sortir_du_cache`); else the month is
    purged minutes after the bench filled it, all of it still cached."""
    from unittest import mock

    from journal.partitions import mois_detaches, partitions, supprimer_mois_detaches
    from journal.services import journal_purger

    with connection.cursor() as curseur:
        for mois in partitions():
            curseur.execute(f"SELECT count(*) FROM {connection.ops.quote_name(mois)}")
            lignes_du_mois = curseur.fetchone()[0]
            if lignes_du_mois:
                break
        curseur.execute("CHECKPOINT")  # the month's pages written out, as a year-old month's are
    hors_cache = sortir_du_cache(mois) if hors_du_cache else 0
    if hors_du_cache and not hors_cache:
        raise RuntimeError(
            f"Les fichiers de {mois} sont hors d'atteinte : lancez le bench sur la machine de la base."
        )
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_current_wal_insert_lsn()")
        avant = curseur.fetchone()[0]
    annee, numero = int(mois[-6:-2]), int(mois[-2:])
    maintenant = timezone.make_aware(datetime(annee, numero, 1) + relativedelta(months=13), UTC)
    fichiers = []

    def chronometre(*args, **kwargs):
        debut = time.perf_counter()
        try:
            return supprimer_mois_detaches(*args, **kwargs)
        finally:
            fichiers.append(time.perf_counter() - debut)

    with mock.patch("journal.services.supprimer_mois_detaches", chronometre):
        debut = time.perf_counter()
        journal_purger(maintenant=maintenant)
        purge = time.perf_counter() - debut
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), %s)", [avant])
        wal = int(curseur.fetchone()[0])
    assert mois not in partitions() and mois not in mois_detaches("default")
    return {
        "purge": purge,
        "verrou": purge - sum(fichiers),
        "wal": wal,
        "mois": mois,
        "lignes_du_mois": lignes_du_mois,
        "octets_sortis_du_cache": hors_cache,
    }


# --- figure 8: load (locust) ---------------------------------------------------------------------
# The métropole's peak hour, estimated (docs/PERFORMANCE.md, « Volumes de la métropole »): every
# agent of the generated métropole at work at once, one request every CHARGE_INTERVALLE seconds —
# more than the interviews alone ask for (see the estimate), so a safe bound.
CHARGE_INTERVALLE = float(os.environ.get("BENCH_CHARGE_INTERVALLE", "10"))
LOCUST = RACINE / ".venv-charge/bin/locust"


def comptes_de_charge(chemin: Path) -> int:
    """Tokens of the generated agents by role, and for each 1.1 agent persons she may edit."""
    from comptes.models import User
    from usagers.models import Usager

    comptes = {"agents": [], "asll": [], "encadrants": []}
    for user in User.objects.filter(is_active=True).prefetch_related("groups").order_by("username"):
        groupes = {g.name for g in user.groups.all()}
        if "acces_droits" in groupes:
            usagers = list(
                Usager.objects.visibles_par(user).order_by("pk").values_list("pk", flat=True)[:200]
            )
            comptes["agents"].append({"jeton": jeton_de(user.username), "usagers": usagers})
        elif "asll" in groupes:
            comptes["asll"].append({"jeton": jeton_de(user.username)})
        elif "encadrant" in groupes:
            comptes["encadrants"].append({"jeton": jeton_de(user.username)})
    chemin.write_text(json.dumps(comptes))
    return sum(len(v) for v in comptes.values())


def _locust(port: str, utilisateurs: int, comptes: Path, sortie: Path, secondes: int = 0, noter=True) -> dict:
    """One locust run; the warm-up (`noter=False`) leaves the report out (locustfile's `Rapport`), which
    could still be running when the measured run starts."""
    secondes = secondes or CHARGE_SECONDES
    env = {**os.environ, "CHARGE_COMPTES": str(comptes), "CHARGE_DEBIT_PAR_AGENT": str(1 / CHARGE_INTERVALLE)}
    commande = [
        "taskset", "-c", "1", str(LOCUST), "-f", str(RACINE / "bench/charge/locustfile.py"), "--headless",
        "-u", str(utilisateurs), "-r", str(max(1, utilisateurs // 5)), "-t", f"{secondes}s",
        "-H", f"http://127.0.0.1:{port}", "--csv", str(sortie), "--only-summary", "--stop-timeout", "5",
    ]  # fmt: skip
    if not noter:
        commande += ["Agent", "TravailleurASLL", "Encadrant"]
    resultat = subprocess.run(
        commande, env=env, capture_output=True, text=True, timeout=CHARGE_SECONDES + 120
    )
    with open(f"{sortie}_stats.csv", encoding="utf-8") as fichier:
        lignes = list(csv.DictReader(fichier))
    total = next(r for r in lignes if r["Name"] == "Aggregated")
    if not noter:
        return {}
    ligne(f"\nlocust, {utilisateurs} agents simulés, {secondes} s :\n```")
    for r in lignes:
        ligne(
            f"{r['Type']:<6} {r['Name']:<34} {r['Request Count']:>6} req  {r['Failure Count']:>4} err  "
            f"p50 {r['50%']:>6}  p95 {r['95%']:>6}  p99 {r['99%']:>6} ms"
        )
    ligne("```")
    if resultat.returncode not in (0, 1):  # 1: some requests failed (counted below)
        ligne(f"locust a échoué ({resultat.returncode}) : {resultat.stderr[-2000:]}")
    return {
        "agents": utilisateurs,
        "requetes": int(total["Request Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "erreurs": int(total["Failure Count"]) + (0 if resultat.returncode in (0, 1) else 1),
    }


def charger() -> dict:
    """gunicorn (production settings, 2 × cores + 1 sync workers as docs/DEPLOIEMENT.md sizes it) →
    PgBouncer (transaction mode, .ci/pgbouncer.sh) → PostgreSQL; locust pinned on core 1 sends the
    peak hour, then twice it."""
    if not LOCUST.exists():
        ligne("locust absent (.venv-charge) : figure 8 non mesurée")
        return {}
    comptes = Path("/tmp") / f"bench_comptes_{os.getpid()}.json"
    agents = comptes_de_charge(comptes)
    port_pgbouncer = "6499"
    subprocess.run(
        [str(RACINE / ".ci/pgbouncer.sh"), "start", port_pgbouncer], check=True, capture_output=True
    )
    reglages = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"postgres://{reglages['USER']}@127.0.0.1:{port_pgbouncer}/{reglages['NAME']}",
        "DB_POOLER": "transaction",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
    }
    port = "8914"
    journal = open(Path("/tmp") / f"bench_gunicorn_{os.getpid()}.log", "w")  # noqa: SIM115
    serveur = subprocess.Popen(
        [str(RACINE / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(2 * (os.cpu_count() or 1) + 1), "--timeout", "60"],
        cwd=RACINE, env=env, stdout=journal, stderr=journal,
    )  # fmt: skip
    try:
        time.sleep(4)
        # Warm-up, not counted: each worker imports, connects and fills its caches.
        _locust(
            port, agents, comptes, Path("/tmp") / f"bench_locust_{os.getpid()}_0", secondes=10, noter=False
        )
        pointe = max(1, agents)
        sortie = {"pointe": _locust(port, pointe, comptes, Path("/tmp") / f"bench_locust_{os.getpid()}_1")}
        sortie["double"] = _locust(port, 2 * pointe, comptes, Path("/tmp") / f"bench_locust_{os.getpid()}_2")
        return sortie
    finally:
        serveur.send_signal(signal.SIGTERM)
        serveur.wait(timeout=30)
        journal.close()
        subprocess.run([str(RACINE / ".ci/pgbouncer.sh"), "stop", port_pgbouncer], capture_output=True)
        comptes.unlink(missing_ok=True)


def figures_rappels(pr: dict, gr: dict) -> None:
    """Figure 7: the scan's reads and its re-run against the bare SQL of what is due, every kind."""
    figure(
        "7. rappels : requêtes 100k - 10k",
        gr["requetes"] - pr["requetes"],
        "requêtes",
        "0",
        gr["requetes"] == pr["requetes"],
    )
    for volume, r in ((PETIT, pr), (GRAND, gr)):
        ratio = r["regles"] / r["reference"]
        figure(
            f"7. rappels : règles (lectures) / SQL brut du dû ({r['types']} types), {volume // 1000}k",
            ratio,
            "x",
            "<= 2",
            ratio <= 2,
            f"({r['regles'] * 1000:.1f} ms / {r['reference'] * 1000:.1f} ms)",
        )
    r_scan = gr["scan"] / gr["reference"]
    figure(
        f"7. rappels : passage complet (relance) / SQL brut de ce qui est dû, {GRAND // 1000}k",
        r_scan,
        "x",
        "<= 2",
        r_scan <= 2,
    )
    r_rejoue = gr["scan"] / gr["sql_rejoue"]
    figure(
        "7. rappels : passage complet / ses propres requêtes rejouées", r_rejoue, "x", "<= 2", r_rejoue <= 2
    )


def ligne_rappels(petit: dict, grand: dict) -> str:
    return json.dumps({f"{PETIT // 1000}k": petit, f"{GRAND // 1000}k": grand}, ensure_ascii=False)


def seulement_rappels() -> None:
    """`BENCH_SEULEMENT=rappels`: figure 7 alone (generation at both volumes, the scan measured at
    each), its rows replaced in `bench/results.json` and `docs/PERFORMANCE.md`, the others kept."""
    debut_total = time.perf_counter()
    with base_jetable():
        print(f"base : {connection.settings_dict['NAME']} ({connection.vendor})")
        t_petit = generer(PETIT, 42)
        print(f"Génération de {PETIT} usagers : {t_petit:.0f} s")
        petit = mesurer_rappels()
        print(json.dumps(petit, ensure_ascii=False))
        t_grand = generer(GRAND - PETIT, 43)
        print(f"Génération de {GRAND - PETIT} usagers de plus (total {GRAND}) : {t_grand:.0f} s")
        from usagers.models import Usager

        volumes = {"usagers": Usager.objects.count()}
        grand = mesurer_rappels()
        print(json.dumps(grand, ensure_ascii=False))
    print("\nFigures")
    figures_rappels(petit, grand)
    total = time.perf_counter() - debut_total
    print(f"\ndurée totale : {total:.0f} s")
    quand = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    remplacer_figures(
        "7. ",
        "- Reminder scan (figure 7)",
        " (`requetes`: statements of a daily re-run",
        f"- Reminder scan (figure 7), measured on {quand} by `BENCH_SEULEMENT=rappels` "
        f"({total / 60:.1f} min, volumes {volumes}): {ligne_rappels(petit, grand)}",
    )


def main() -> None:
    debut_total = time.perf_counter()
    with base_jetable():
        print(f"base : {connection.settings_dict['NAME']} ({connection.vendor})")
        t = generer(PETIT, 42)
        ligne(f"Génération de {PETIT} usagers : {t:.0f} s")
        petit = {
            "indicateurs": mesurer_indicateurs(),
            "exports": mesurer_exports(),
            "rappels": mesurer_rappels(),
            "permissions": lignes_permissions(),
        }
        t = generer(GRAND - PETIT, 43)
        ligne(f"Génération de {GRAND - PETIT} usagers de plus (total {GRAND}) : {t:.0f} s")
        from accompagnements.models import Contact
        from usagers.models import Usager

        volumes = {"usagers": Usager.objects.count(), "contacts": Contact.objects.count()}
        ligne(f"Volumes : {volumes}")
        grand = {
            "indicateurs": mesurer_indicateurs(),
            "exports": mesurer_exports(),
            "rappels": mesurer_rappels(),
            "permissions": lignes_permissions(),
        }
        listes = mesurer_listes_et_plancher()
        cherche, liste, plan, terme = mesurer_recherche()
        portefeuille = mesurer_portefeuille()
        journal = mesurer_journaux(insertion_de_liste())
        charge = charger()
        total = time.perf_counter() - debut_total

    print("\nFigures")
    figures_listes(*listes)
    r_recherche = cherche / liste
    index = "usager_recherche_trgm_idx" in plan and "Seq Scan on usagers_usager" not in plan
    figure(
        "3. recherche par nom / liste simple", r_recherche, "x", "<= 2 + index", r_recherche <= 2 and index
    )
    p30, p300 = portefeuille["ts.asll.000"], portefeuille["ts.asll.001"]
    figure(
        "4. portefeuille ASLL : requêtes 300 mesures - 30 mesures",
        p300["requetes"] - p30["requetes"],
        "requêtes",
        "0",
        p300["requetes"] <= p30["requetes"],
    )
    figure(
        "4. portefeuille ASLL : temps 300 / 30 mesures",
        p300["temps"] / p30["temps"],
        "x",
        "<= 10 (linéaire)",
        p300["temps"] / p30["temps"] <= 10,
    )
    gi, pi = grand["indicateurs"], petit["indicateurs"]
    figure(
        "5. indicateurs d'une année / SQL brut",
        gi["app"] / gi["brut"],
        "x",
        "<= 1.5",
        gi["app"] / gi["brut"] <= 1.5,
    )
    figure(
        "5. indicateurs : croissance 10k -> 100k usagers",
        gi["app"] / pi["app"],
        "x",
        "<= 10 (linéaire)",
        gi["app"] / pi["app"] <= 10,
    )
    for fmt in ("csv", "xlsx"):
        r = grand["exports"][fmt] / petit["exports"][fmt]
        figure(f"6. export {fmt.upper()} d'une année : mémoire 10x / 1x", r, "x", "<= 1.2", r <= 1.2)
    figures_rappels(petit["rappels"], grand["rappels"])
    figures_charge(charge)
    pp, pg = petit["permissions"], grand["permissions"]
    figure(
        "9. lignes de permission pour 1 000 usagers (100k)",
        pg["lignes"] / (GRAND / 1000),
        "lignes",
        "<= communes x comptes",
        pg["lignes"] <= pg["borne"] and pp["lignes"] <= pp["borne"],
        f"({pp['lignes']} à 10k, {pg['lignes']} à 100k ; bornes {pp['borne']}, {pg['borne']})",
    )
    figures_journal(journal)
    print(f"\ndurée totale : {total:.0f} s")
    ecrire(petit, grand, portefeuille, gi, pi, cherche, liste, plan, terme, charge, volumes, total, journal)


def ecrire(
    petit, grand, portefeuille, gi, pi, cherche, liste, plan, terme, charge, volumes, total, journal
) -> None:
    (RACINE / "bench/results.json").write_text(json.dumps(resultats, ensure_ascii=False, indent=2) + "\n")
    gabarit = (RACINE / "docs/PERFORMANCE.md.in").read_text()
    tableau = ["| figure | valeur | unité | cible | atteinte |", "|---|---|---|---|---|"]
    tableau += [
        f"| {r['name']} | {r['value']} | {r['unit']} | {r['target']} | {'oui' if r['met'] else '**non**'} |"
        for r in resultats
    ]
    remplacements = {
        "{{FIGURES}}": "\n".join(tableau),
        "{{DETAILS}}": "\n".join(details),
        "{{TOTAL}}": f"{total / 60:.1f} min",
        "{{DATE}}": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "{{VOLUMES}}": str(volumes),
        "{{PLAN_RECHERCHE}}": plan,
        "{{TERME}}": terme,
        "{{RECHERCHE}}": f"{cherche * 1000:.1f} ms contre {liste * 1000:.1f} ms",
        "{{PORTEFEUILLE}}": json.dumps(portefeuille),
        "{{INDICATEURS}}": (
            f"{gi['nombre']} indicateurs, {gi['requetes']} requêtes ; "
            f"100k : {gi['app'] * 1000:.0f} ms (SQL rejoué "
            f"{gi['brut'] * 1000:.0f} ms) ; 10k : {pi['app'] * 1000:.0f} ms (SQL {pi['brut'] * 1000:.0f} ms)"
        ),
        "{{EXPORTS}}": json.dumps({"10k": petit["exports"], "100k": grand["exports"]}),
        "{{RAPPELS}}": ligne_rappels(petit["rappels"], grand["rappels"]),
        "{{CHARGE}}": json.dumps(charge),
        "{{JOURNAL}}": json.dumps({str(k): v for k, v in journal.items()}),
        "{{JOURNAL_TAILLES}}": f"{JOURNAL_PETIT:_} et {JOURNAL_GRAND:_}".replace("_", " "),
    }
    for cle, valeur in remplacements.items():
        gabarit = gabarit.replace(cle, valeur)
    (RACINE / "docs/PERFORMANCE.md").write_text(gabarit)


def remplacer_figures(
    prefixe: str | tuple[str, ...], debut_detail: str, fin_detail: str, detail: str, apres_detail: str = ""
) -> None:
    """Replace the rows of the figures named `prefixe…` in `bench/results.json` and
    `docs/PERFORMANCE.md` by this run's (`resultats`), and the details from `debut_detail` up to
    `fin_detail` (the first after `apres_detail` when given) by `detail`; every other figure and
    detail is kept."""
    chemin = RACINE / "bench/results.json"
    anciens = json.loads(chemin.read_text())
    autres = [r for r in anciens if not r["name"].startswith(prefixe)]
    position = next((i for i, r in enumerate(anciens) if r["name"].startswith(prefixe)), len(autres))
    chemin.write_text(
        json.dumps(autres[:position] + resultats + autres[position:], ensure_ascii=False, indent=2) + "\n"
    )
    doc = RACINE / "docs/PERFORMANCE.md"
    lignes = doc.read_text().split("\n")
    prefixes = (prefixe,) if isinstance(prefixe, str) else prefixe
    rangs = [i for i, t in enumerate(lignes) if t.startswith(tuple(f"| {p}" for p in prefixes))]
    lignes[rangs[0] : rangs[-1] + 1] = [
        f"| {r['name']} | {r['value']} | {r['unit']} | {r['target']} | {'oui' if r['met'] else '**non**'} |"
        for r in resultats
    ]
    texte = "\n".join(lignes)
    debut = texte.index(debut_detail)
    fin = texte.index(fin_detail, texte.index(apres_detail, debut) if apres_detail else debut)
    doc.write_text(texte[:debut] + detail + texte[fin:])


def figures_journal(journal: dict) -> None:
    jp, jg = journal[JOURNAL_PETIT], journal[JOURNAL_GRAND]
    r_insert = jg["insert"] / jp["insert"]
    figure(
        f"10. journal : INSERT d'une page, {JOURNAL_GRAND // 10**6}M / {JOURNAL_PETIT // 10**6}M lignes",
        r_insert,
        "x",
        "<= 1.2",
        r_insert <= 1.2,
        f"({jp['insert'] * 1000:.2f} ms, {jg['insert'] * 1000:.2f} ms)",
    )
    if "verrou" in jg:
        r_verrou = jg["verrou"] / jp["verrou"]
        figure(
            "10. journal : purge d'un mois, journal verrouillé (DETACH), temps grand / petit mois",
            r_verrou,
            "x",
            "<= 2 (indépendant de la taille)",
            r_verrou <= 2,
            f"({jp['verrou'] * 1000:.1f} ms ; {jg['verrou'] * 1000:.1f} ms)",
        )
    r_purge = jg["purge"] / jp["purge"]
    figure(
        "10. journal : purge d'un mois en tout (DROP des fichiers compris), temps grand / petit mois",
        r_purge,
        "x",
        "<= 2 (indépendant de la taille)",
        r_purge <= 2,
        f"({jp['lignes_du_mois']:.0f} lignes en {jp['purge'] * 1000:.1f} ms ; "
        f"{jg['lignes_du_mois']:.0f} lignes en {jg['purge'] * 1000:.1f} ms ; "
        f"stockage {journal.get('stockage', 'non noté')})",
    )
    if "purge_hors_du_cache" in jg:
        r_froide = jg["purge_hors_du_cache"] / jp["purge_hors_du_cache"]
        figure(
            "10. journal : purge d'un mois en tout, ses fichiers hors du cache du noyau (un mois d'il y a "
            "un an), temps grand / petit mois",
            r_froide,
            "x",
            "<= 2 (indépendant de la taille)",
            r_froide <= 2,
            f"({jp['lignes_du_mois_hors_du_cache']:.0f} lignes en {jp['purge_hors_du_cache'] * 1e3:.1f} ms ; "
            f"{jg['lignes_du_mois_hors_du_cache']:.0f} lignes en {jg['purge_hors_du_cache'] * 1e3:.1f} ms)",
        )
    if "wal" in jg:
        r_wal = jg["wal"] / max(jp["wal"], 1)
        figure(
            "10. journal : purge d'un mois, WAL écrit, grand / petit mois",
            r_wal,
            "x",
            "<= 2 (indépendant de la taille)",
            r_wal <= 2,
            f"({jp['wal']:.0f} octets ; {jg['wal']:.0f} octets)",
        )


# Figure 10 on the storage docs/DEPLOIEMENT.md asks for: a directory on a filesystem mounted without
# online `discard` (`bench/stockage.sh` mounts one where it can), writable by PostgreSQL's server.
STOCKAGE = os.environ.get("BENCH_STOCKAGE", "")
ESPACE_DE_STOCKAGE = "bench_stockage"


def deplacer_la_base(dossier: str) -> str:
    """The throw-away database moved into a tablespace at `dossier` (`ALTER DATABASE … SET
    TABLESPACE`: every file, before the journal is filled); returns the mount options there."""
    import shutil

    from fichiers import options_de_montage
    from psycopg import sql as psql

    chemin = Path(dossier) / f"bench-{os.getpid()}"
    chemin.mkdir()
    if os.geteuid() == 0:
        shutil.chown(chemin, "postgres", "postgres")
    espace = psql.Identifier(ESPACE_DE_STOCKAGE)
    nom = psql.Identifier(connection.settings_dict["NAME"])
    connection.close()  # ALTER DATABASE … SET TABLESPACE wants no connection to it
    sans_delai(
        psql.SQL("CREATE TABLESPACE {} LOCATION {}").format(espace, psql.Literal(str(chemin))),
        psql.SQL("ALTER DATABASE {} SET TABLESPACE {}").format(nom, espace),
        base="postgres",
    )
    return options_de_montage(chemin)


def mesurer_journaux(insertion: str) -> dict:
    journal = {}
    if STOCKAGE:
        journal["stockage"] = f"{STOCKAGE} : {deplacer_la_base(STOCKAGE)}"
        ligne(f"Base déplacée sur {journal['stockage']} avant le journal")
    else:
        from fichiers import options_de_montage

        with connection.cursor() as curseur:
            curseur.execute("SHOW data_directory")
            dossier = curseur.fetchone()[0]
        journal["stockage"] = f"{dossier} : {options_de_montage(Path(dossier))}"
    for taille in (JOURNAL_PETIT, JOURNAL_GRAND):
        t = remplir_journal(taille)
        ligne(f"Journal des accès rempli à {taille} lignes en {t:.0f} s")
        journal[taille] = mesurer_journal(insertion)
        ligne(f"Journal à {taille} lignes : {json.dumps(journal[taille])}")
    return journal


def seulement_journal() -> None:
    """`BENCH_SEULEMENT=journal`: figure 10 alone (10 000 persons, then the journal filled to both
    sizes), its rows and details replaced in `bench/results.json` and `docs/PERFORMANCE.md`."""
    debut_total = time.perf_counter()
    with base_jetable():
        generer(PETIT, 42)
        comptes_de_liste()
        insertion = insertion_de_liste()
        journal = mesurer_journaux(insertion)
    print("\nFigures")
    figures_journal(journal)
    quand = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    total = time.perf_counter() - debut_total
    deja_remesure = "Figure 10 measured again on" in (RACINE / "docs/PERFORMANCE.md").read_text()
    remplacer_figures(
        "10. ",
        "Figure 10 measured again on" if deja_remesure else "Journal des accès rempli à",
        "\n\nlocust,",
        ("" if deja_remesure else "\n")
        + f"Figure 10 measured again on {quand} by `BENCH_SEULEMENT=journal` ({total / 60:.0f} min, "
        f"10 000 persons):\n" + "\n".join(d for d in details if d.startswith(("Base déplacée", "Journal"))),
    )
    doc = RACINE / "docs/PERFORMANCE.md"
    mesures = json.dumps({str(k): v for k, v in journal.items()})
    doc.write_text(
        re.sub(r"- Access journal \(figure 10\): \{.*?\}\}\. ", f"- Access journal (figure 10): {mesures}. ",
               doc.read_text(), count=1)
    )  # fmt: skip
    tailles = f"{JOURNAL_PETIT:_} et {JOURNAL_GRAND:_}".replace("_", " ")
    doc.write_text(
        re.sub(r"[0-9 ]+ et [0-9 ]+ rows \(`BENCH_JOURNAL_PETIT`", f"{tailles} rows (`BENCH_JOURNAL_PETIT`",
               doc.read_text(), count=1)
    )  # fmt: skip


def seulement_listes() -> None:
    """`BENCH_SEULEMENT=listes`: figures 1, 2 and 8 alone (10 000 then 100 000 persons, the lists and
    the load test at 100 000), their rows and details replaced in `bench/results.json` and
    `docs/PERFORMANCE.md`."""
    debut_total = time.perf_counter()
    with base_jetable():
        generer(PETIT, 42)
        generer(GRAND - PETIT, 43)
        listes = mesurer_listes_et_plancher()
        charge = charger()
    total = time.perf_counter() - debut_total
    quand = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print("\nFigures")
    figures_listes(*listes)
    tous = list(resultats)
    resultats[:] = [r for r in tous if r["name"].startswith(("1. ", "2. "))]
    fin_listes = details.index(next(d for d in details if d.startswith("\nAccompagnements, page 1")))
    remplacer_figures(
        ("1. ", "2. "),
        "### Listes (figures 1 et 2)",
        "\n",
        f"### Listes (figures 1 et 2)\n\nMeasured again on {quand} by `BENCH_SEULEMENT=listes` "
        f"({total / 60:.0f} min with the load test, {GRAND} persons).\n\n"
        + "\n".join(details[details.index("\n### Listes (figures 1 et 2)\n") + 1 : fin_listes + 1]),
        apres_detail="Accompagnements, page 1, agent (figure 2)",
    )
    if charge:
        resultats[:] = []
        figures_charge(charge)
        debut_charge = next(i for i, d in enumerate(details) if d.startswith("\nlocust,"))
        remplacer_figures(
            "8. ",
            "\nlocust, ",
            "\n\n- Lists:",
            "\n".join(details[debut_charge:]),
        )
        doc = RACINE / "docs/PERFORMANCE.md"
        doc.write_text(
            re.sub(r"(two significant digits \(its histogram\)\. )\{\"pointe\".*?\}\}[^\n]*",
                   lambda t: t.group(1) + f"{json.dumps(charge)} (the run of {quand} above)",
                   doc.read_text(), count=1, flags=re.S)
        )  # fmt: skip


def seulement_indicateurs() -> None:
    """`BENCH_SEULEMENT=indicateurs`: figure 5 alone (generation at both volumes, a year's indicators
    against their SQL replayed raw at each), printed; docs/PERFORMANCE.md is left to the full run."""
    with base_jetable():
        generer(PETIT, 42)
        petit = mesurer_indicateurs()
        generer(GRAND - PETIT, 43)
        grand = mesurer_indicateurs()
    for nom, m in ((f"{PETIT // 1000}k", petit), (f"{GRAND // 1000}k", grand)):
        print(f"{nom} : {m['nombre']} indicateurs, {m['requetes']} requêtes, {m['app'] * 1000:.0f} ms "
              f"(SQL rejoué {m['brut'] * 1000:.0f} ms), rapport {m['app'] / m['brut']:.3f}")  # fmt: skip
    print(f"croissance {PETIT // 1000}k -> {GRAND // 1000}k : {grand['app'] / petit['app']:.3f}")


if __name__ == "__main__":
    if os.environ.get("BENCH_SEULEMENT") == "rappels":
        seulement_rappels()
    elif os.environ.get("BENCH_SEULEMENT") == "indicateurs":
        seulement_indicateurs()
    elif os.environ.get("BENCH_SEULEMENT") == "journal":
        seulement_journal()
    elif os.environ.get("BENCH_SEULEMENT") == "listes":
        seulement_listes()
    else:
        main()
