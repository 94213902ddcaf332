"""`make bench`: the nine figures of issue 14 on a database this script builds itself.

Creates a throw-away test database (test_<name> of DATABASE_URL, PostgreSQL expected), fills it
with `generer_donnees` at BENCH_PETIT usagers (10 000), measures what is compared between 1× and
10× (indicators, exports, reminder scan, permission rows), grows it to BENCH_USAGERS (100 000)
with the same command, measures everything, then writes `bench/results.json` and
`docs/PERFORMANCE.md` (figures + the command of each). Every speed figure is a ratio measured
in the same run (medians), because the machine is shared.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt14 .venv/bin/python bench/metropole.py

BENCH_CONTACTS_PAR_SUIVI (9) scales the contacts; BENCH_CHARGE_SECONDES (15) bounds each load run.
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from outils import base_jetable, mediane  # noqa: E402

RACINE = Path(__file__).resolve().parent.parent
PETIT = int(os.environ.get("BENCH_PETIT", "10000"))
GRAND = int(os.environ.get("BENCH_USAGERS", "100000"))
CONTACTS_PAR_SUIVI = os.environ.get("BENCH_CONTACTS_PAR_SUIVI", "9")
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "11"))
CHARGE_SECONDES = int(os.environ.get("BENCH_CHARGE_SECONDES", "15"))
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
    with connection.cursor() as curseur:
        curseur.execute("VACUUM ANALYZE")
    return duree


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
    """The execution + planning time PostgreSQL reports for `requetes`, in seconds (EXPLAIN ANALYZE)."""
    total = 0.0
    with connection.cursor() as curseur:
        for requete in requetes:
            sql = requete["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            curseur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = curseur.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            total += (plan["Execution Time"] + plan["Planning Time"]) / 1000
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


def mesurer_rappels() -> dict:
    from notifications.services import rappels_creer

    sql = """
        SELECT p.id, p.date_prevue, m.referent_id
        FROM logement_pointetape p JOIN logement_mesureasll m ON m.id = p.mesure_id
        WHERE p.date_realisee IS NULL AND NOT p.annule AND m.statut = 'en_cours' AND p.date_prevue <= %s
    """

    def reference():
        with connection.cursor() as curseur:
            curseur.execute(sql, [JOUR_RAPPELS])
            return curseur.fetchall()

    rappels_creer(jour=JOUR_RAPPELS)  # first pass inserts; the figure is the daily re-run
    with CaptureQueriesContext(connection) as requetes:
        rappels_creer(jour=JOUR_RAPPELS)
    from notifications.echeances import regles

    def lire_les_rappels():
        return [r for regle in regles() for r in regle(JOUR_RAPPELS)]

    # The re-run's own statements (the seven rules' reads), replayed raw: what the scan costs
    # around its SQL, as figure 5 measures the indicators.
    lectures = ("SELECT", "WITH")
    sqls = [q["sql"] for q in requetes.captured_queries if q["sql"].lstrip().upper().startswith(lectures)]

    def rejoue():
        with connection.cursor() as curseur:
            for requete in sqls:
                curseur.execute(requete)
                curseur.fetchall()

    return {
        "sql_rejoue": mediane(rejoue, 5),
        "requetes": len(requetes),
        "par_regle_ms": {
            regle.__name__: round(mediane(lambda r=regle: r(JOUR_RAPPELS), 5) * 1000, 1) for regle in regles()
        },
        "regles": mediane(lire_les_rappels, 5),
        "rappels_dus": len(lire_les_rappels()),
        "scan": mediane(lambda: rappels_creer(jour=JOUR_RAPPELS), 5),
        "reference": mediane(reference, 5),
        "dus": len(reference()),
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


def mesurer_listes():
    clients = {u: client_de(u) for u in ("admin", "bench.direct", "bench.groupe")}
    pires_ratio, pire_requetes, pire_plancher = 0.0, 0, 0.0
    ligne(
        "| liste | page | superuser (ms) | direct (ms) | groupe (ms) | ratio max | requêtes | SQL (ms) "
        "| API/SQL |"
    )
    ligne("|---|---|---|---|---|---|---|---|---|")
    for nom, url in LISTES:
        nombre = appel(clients["bench.direct"], url, {"page_size": 50}).json()["count"]
        for page in sorted({1, max(1, min(40, -(-nombre // 50)))}):
            params = {"page_size": 50, "page": page}
            temps = {}
            for u, client in clients.items():
                temps[u] = mediane(
                    lambda c=client, url=url, params=params: appel(c, url, params), REPETITIONS
                )
            with CaptureQueriesContext(connection) as requetes:
                appel(clients["bench.direct"], url, params)
            sql = temps_sql(requetes.captured_queries)
            ratio = max(temps["bench.direct"], temps["bench.groupe"]) / temps["admin"]
            plancher = temps["bench.direct"] / sql if sql else 0
            pires_ratio = max(pires_ratio, ratio)
            pire_requetes = max(pire_requetes, len(requetes))
            pire_plancher = max(pire_plancher, plancher)
            ligne(
                f"| {nom} | {page} | {temps['admin'] * 1000:.1f} | {temps['bench.direct'] * 1000:.1f} | "
                f"{temps['bench.groupe'] * 1000:.1f} | {ratio:.2f} | {len(requetes)} | {sql * 1000:.1f} "
                f"| {plancher:.1f} |"
            )
    return pires_ratio, pire_requetes, pire_plancher


def decomposer_plancher() -> dict:
    """Figure 2, where an agent's first page of follow-ups spends its time beyond the SQL: the API;
    the API with the access journal's INSERT left out (patched, measured only here); and the least
    any Python path can do (the user, the grants, the count, a `values()` page of the serialised
    fields, `json.dumps`: no middleware, no DRF)."""
    import json as json_
    from unittest import mock

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
    with mock.patch("journal.mixins.journaliser"):
        sans_journal = mediane(lambda: appel(client, url, params), REPETITIONS)
    return {"api": api, "sans_journal": sans_journal, "minimal": mediane(minimal, REPETITIONS)}


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


# --- figure 8: load -------------------------------------------------------------------------------
# As behind the production proxy: TLS ended there (`X-Forwarded-Proto: https`, else every answer is
# the 301 to https). Every answer other than 200 is counted (wrk itself ignores 3xx) and printed.
SCRIPT_WRK = """
local chemins = {CHEMINS}
local n = 0
local fils = {}
setup = function(fil)
  table.insert(fils, fil)
end
init = function(args)
  autres = 0
end
request = function()
  n = n + 1
  local entetes = {["Authorization"] = "Token JETON", ["Host"] = "127.0.0.1", ["X-Forwarded-Proto"] = "https"}
  return wrk.format("GET", chemins[(n % #chemins) + 1], entetes)
end
response = function(statut, entetes, corps)
  if statut ~= 200 then autres = autres + 1 end
end
done = function(resume, latence, requetes)
  local total = 0
  for _, fil in ipairs(fils) do total = total + fil:get("autres") end
  io.write(string.format("Reponses autres que 200: %d\\n", total))
end
"""


def charger(jeton_direct: str) -> dict:
    wrk = shutil.which("wrk")
    if not wrk:
        return {}
    chemins = [
        "/api/v1/usagers/?page_size=50",
        "/api/v1/accompagnements/?page_size=50",
        "/api/v1/droits/?page_size=50",
        "/api/v1/asll/mesures/?page_size=50",
        "/api/v1/usagers/?page_size=50&page=2",
    ]
    script = Path("/tmp") / f"bench_wrk_{os.getpid()}.lua"
    script.write_text(
        SCRIPT_WRK.replace("{CHEMINS}", "{" + ", ".join(f'"{c}"' for c in chemins) + "}").replace(
            "JETON", jeton_direct
        )
    )
    reglages = connection.settings_dict
    url = f"postgres://{reglages['USER']}@{reglages['HOST']}:{reglages['PORT']}/{reglages['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
    }
    port = "8914"
    journal = open(Path("/tmp") / f"bench_gunicorn_{os.getpid()}.log", "w")  # noqa: SIM115
    serveur = subprocess.Popen(
        [str(RACINE / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "60"],
        cwd=RACINE, env=env, stdout=journal, stderr=journal,
    )  # fmt: skip
    try:
        time.sleep(4)
        subprocess.run(  # warm-up: each worker imports and connects once
            [wrk, "-t1", "-c2", "-d2s", "-s", str(script), f"http://127.0.0.1:{port}/"],
            capture_output=True,
            timeout=30,
        )
        sortie = {}
        for connexions in (4, 8):
            resultat = subprocess.run(
                ["taskset", "-c", "1", wrk, "-t1", f"-c{connexions}", f"-d{CHARGE_SECONDES}s", "--latency",
                 "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}/"],
                capture_output=True, text=True, timeout=CHARGE_SECONDES + 30,
            )  # fmt: skip
            texte = resultat.stdout + resultat.stderr
            ligne(f"\nwrk -c{connexions} -d{CHARGE_SECONDES}s :\n```\n{texte.strip()}\n```")
            sortie[connexions] = {
                "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", texte).group(1)),
                "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", texte).group(1)),
                "p95": _ms(re.search(r"90%\s+([\d.]+\w+)", texte).group(1)),
                "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", texte).group(1)),
                "erreurs": _erreurs(texte),
            }
        return sortie
    finally:
        serveur.send_signal(signal.SIGTERM)
        serveur.wait(timeout=30)
        journal.close()
        script.unlink(missing_ok=True)


def _ms(valeur: str) -> float:
    nombre, unite = re.match(r"([\d.]+)(\w+)", valeur).groups()
    return float(nombre) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unite]


def _erreurs(texte: str) -> int:
    n = 0
    m = re.search(r"Reponses autres que 200: (\d+)", texte)
    n += int(m.group(1)) if m else 1  # no count printed: the script did not run, count it as an error
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", texte)
    if m:
        n += sum(int(x) for x in m.groups())
    return n


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
        comptes_de_liste()
        ligne("\n### Listes (figures 1 et 2)\n")
        ratio, requetes_listes, plancher = mesurer_listes()
        d = decomposer_plancher()
        ligne(
            f"\nAccompagnements, page 1, agent (figure 2) : API {d['api'] * 1000:.1f} ms ; sans l'INSERT du "
            f"journal {d['sans_journal'] * 1000:.1f} ms ; chemin Python minimal (utilisateur, habilitations, "
            f"count, page en values(), json.dumps) {d['minimal'] * 1000:.1f} ms."
        )
        cherche, liste, plan, terme = mesurer_recherche()
        portefeuille = mesurer_portefeuille()
        jeton = jeton_de("bench.direct")
        charge = charger(jeton)
        total = time.perf_counter() - debut_total

    print("\nFigures")
    figure("1. listes : temps agent 1 commune / superuser (max)", ratio, "x", "<= 1.0", ratio <= 1.0)
    figure(
        "1. listes : requêtes SQL par page (max)", requetes_listes, "requêtes", "<= 6", requetes_listes <= 6
    )
    figure("2. listes : API / SQL nécessaire (max)", plancher, "x", "<= 3", plancher <= 3)
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
    gr = grand["rappels"]
    figure(
        "7. rappels : requêtes 100k - 10k",
        gr["requetes"] - petit["rappels"]["requetes"],
        "requêtes",
        "0",
        gr["requetes"] == petit["rappels"]["requetes"],
    )
    r_regles, r_scan = gr["regles"] / gr["reference"], gr["scan"] / gr["reference"]
    figure("7. rappels : règles (lectures) / SQL brut des points dus", r_regles, "x", "<= 2", r_regles <= 2)
    figure("7. rappels : passage complet (relance) / SQL brut", r_scan, "x", "<= 2", r_scan <= 2)
    r_rejoue = gr["scan"] / gr["sql_rejoue"]
    figure(
        "7. rappels : passage complet / ses propres requêtes rejouées", r_rejoue, "x", "<= 2", r_rejoue <= 2
    )
    if charge:
        n, d = charge[4], charge[8]
        figure("8. charge : débit à 4 connexions", n["rps"], "req/s", "mesuré", True)
        figure(
            "8. charge : p50 / p95 à 4 connexions (p95)",
            n["p95"],
            "ms",
            "mesuré",
            True,
            f"p50 {n['p50']:.0f} ms",
        )
        figure(
            "8. charge : p95 à 8 connexions / p95 à 4",
            d["p95"] / n["p95"],
            "x",
            "<= 2",
            d["p95"] / n["p95"] <= 2,
        )
        figure(
            "8. charge : erreurs",
            n["erreurs"] + d["erreurs"],
            "erreurs",
            "0",
            n["erreurs"] + d["erreurs"] == 0,
        )
    pp, pg = petit["permissions"], grand["permissions"]
    figure(
        "9. lignes de permission pour 1 000 usagers (100k)",
        pg["lignes"] / (GRAND / 1000),
        "lignes",
        "<= communes x comptes",
        pg["lignes"] <= pg["borne"] and pp["lignes"] <= pp["borne"],
        f"({pp['lignes']} à 10k, {pg['lignes']} à 100k ; bornes {pp['borne']}, {pg['borne']})",
    )
    print(f"\ndurée totale : {total:.0f} s")
    ecrire(petit, grand, portefeuille, gi, pi, cherche, liste, plan, terme, charge, volumes, total)


def ecrire(petit, grand, portefeuille, gi, pi, cherche, liste, plan, terme, charge, volumes, total) -> None:
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
        "{{RAPPELS}}": json.dumps({"10k": petit["rappels"], "100k": grand["rappels"]}),
        "{{CHARGE}}": json.dumps(charge),
    }
    for cle, valeur in remplacements.items():
        gabarit = gabarit.replace(cle, valeur)
    (RACINE / "docs/PERFORMANCE.md").write_text(gabarit)


if __name__ == "__main__":
    main()
