"""The métropole's peak hour as traffic (`make bench`, bench/metropole.py `charger`): agents of action
1.1 search a person, open her file, page through their lists and record a change; ASLL workers read
their caseload; supervisors read the lists; one supervisor asks for the year's report once per run.

Run by the bench with locust (its own virtualenv, .venv-charge) against gunicorn, with PostgreSQL
behind PgBouncer. Each simulated agent sends about `CHARGE_DEBIT_PAR_AGENT` requests a second, at
random moments (`attente_exponentielle`): the number of agents sets the offered load.
Tokens and the persons each agent may edit come from the JSON file `CHARGE_COMPTES`.
"""

import json
import os
import random

import gevent
from locust import HttpUser, constant, task

COMPTES = json.loads(open(os.environ["CHARGE_COMPTES"], encoding="utf-8").read())  # noqa: SIM115
DEBIT = float(os.environ.get("CHARGE_DEBIT_PAR_AGENT", "0.1"))
ENTETES = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
NOMS = ["mar", "ber", "dur", "lef", "mor", "pet", "gar", "fou"]


def attente_exponentielle(user) -> float:
    """Waits drawn from an exponential law of mean 1/DEBIT: each agent's requests, and so all of
    them, arrive as a Poisson process, as independent people's do. A constant throughput kept the
    agents spawned in the same second in step: waves every 1/DEBIT seconds, idle in between."""
    return random.expovariate(DEBIT)


class Compte(HttpUser):
    abstract = True
    wait_time = attente_exponentielle
    role = ""

    def on_start(self):
        compte = self.compte()
        self.client.headers.update({**ENTETES, "Authorization": f"Token {compte['jeton']}"})
        self.usagers = compte.get("usagers", [])
        self.premiere_attente()

    def compte(self) -> dict:
        return random.choice(COMPTES[self.role])

    def premiere_attente(self) -> None:
        """The first request waits as the next ones do: sent at its spawn, every agent's first request
        fell within the 5 s of spawning, a burst the size of the population (218 requests at twice the
        peak) that queued up to 40 connections on the listen socket and set both runs' p95."""
        gevent.sleep(attente_exponentielle(self))


class Agent(Compte):
    """An agent of action 1.1 (the bulk of the traffic)."""

    weight = 6
    role = "agents"

    @task(4)
    def listes(self):
        url = random.choice(["/api/v1/usagers/", "/api/v1/accompagnements/", "/api/v1/droits/"])
        self.client.get(url, params={"page_size": 50}, name=url)

    @task(2)
    def recherche(self):
        self.client.get("/api/v1/usagers/", params={"search": random.choice(NOMS)}, name="recherche")

    @task(2)
    def dossier(self):
        if self.usagers:
            pk = random.choice(self.usagers)
            self.client.get(f"/api/v1/usagers/{pk}/", name="/api/v1/usagers/{id}/")

    @task(1)
    def ecriture(self):
        """Read the person's file, then change her address with the version read (If-Match)."""
        if not self.usagers:
            return
        pk = random.choice(self.usagers)
        lu = self.client.get(f"/api/v1/usagers/{pk}/", name="/api/v1/usagers/{id}/")
        if lu.status_code != 200:
            return
        self.client.patch(
            f"/api/v1/usagers/{pk}/",
            json={"adresse": f"{random.randint(1, 99)} rue de la Charge"},
            headers={"If-Match": lu.headers.get("ETag", '"1"')},
            name="PATCH /api/v1/usagers/{id}/",
        )


class TravailleurASLL(Compte):
    weight = 2
    role = "asll"

    @task(4)
    def portefeuille(self):
        self.client.get(
            "/api/v1/asll/mesures/", params={"referent": "me", "page_size": 50}, name="portefeuille ASLL"
        )

    @task(1)
    def listes(self):
        self.client.get("/api/v1/asll/mesures/", params={"page_size": 50}, name="/api/v1/asll/mesures/")


class Encadrant(Compte):
    weight = 1
    role = "encadrants"

    @task(6)
    def listes(self):
        url = random.choice(["/api/v1/accompagnements/", "/api/v1/asll/mesures/", "/api/v1/droits/"])
        self.client.get(url, params={"page_size": 50}, name=url)


class Rapport(Compte):
    """The year's report (a few a day across the métropole): exactly one per run, by the same supervisor,
    ten seconds in, so that the peak hour and twice it carry the same report — a random draw made
    the comparison depend on how many reports fell in each run (0 or 4 of them, 5 to 18 s each)."""

    fixed_count = 1
    role = "encadrants"
    wait_time = constant(3600)  # once, then idle until the run ends

    def premiere_attente(self) -> None:
        pass  # its own fixed wait, ten seconds in

    def compte(self) -> dict:
        # The same supervisor in both runs (the first by name: bench.direct, of Chenôve): drawn at
        # random, the report took 2.3 s in one run (Chenôve) and 14 s in the next (all 23 communes).
        return COMPTES[self.role][0]

    @task
    def rapport(self):
        gevent.sleep(10)
        self.client.get("/api/v1/indicateurs/rapport/", params={"annee": 2025}, name="rapport annuel")
