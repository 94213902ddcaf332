"""`manage.py generer_donnees --usagers 100000 --seed 42`: synthetic data at métropole scale.

Deterministic for a seed (same rows, same order, same dates), no real person's data (names are
drawn from a syllable table), written in bulk: PostgreSQL's COPY when available, batched INSERTs
otherwise. What it builds, for N usagers:
  - N usagers spread over the 23 communes by population (Dijon ≈ 62 %), one current residence
    each (from 1900-01-01);
  - 1.1 follow-ups per usager on average (one in ten also had an earlier, closed one), with
    `--contacts-par-suivi` contacts (9 by default:
    about 1 million contacts at 100 000 usagers), 2 démarches and 1 right each;
  - N/5 ASLL measures with their checkpoints every two months (a third late; one in ten of the
    others' past checkpoints recorded as not held), carried by the directory's operator, one in four an
    ordinary (non-pacte) measure, with meetings between checkpoints (monthly under the pacte, every
    other month otherwise, 12 at most), N/20 ACOR situations;
  - N/60 EMAS referrals in the 5 CLS communes, two thirds accepted, with interventions;
  - accounts: per commune one agent granted directly and one team group granted for its members,
    ASLL workers (one with 30 running measures, one with 300), EMAS teams, supervisors.
Dates run from 2019 to `REFERENCE` (2025-12-31), fixed so that the data do not depend on today.
"""

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pgtrigger
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Max

from accompagnements.models import (
    Accompagnement,
    Contact,
    Demarche,
    Droit,
    ModeContact,
    StatutDemarche,
    StatutDroit,
    TypeDemarche,
    TypeDroit,
)
from accompagnements.perms import ACCES_DROITS
from communes.habilitations import habilitation_accorder_groupe, habilitations_remplacer
from communes.models import Commune
from comptes.models import User
from comptes.roles import Role, dispositifs_du_role
from comptes.services import agent_enregistrer, communes_depuis_codes
from emas.models import Intervention, Signalement, SuiviEMAS
from emas.validators import Origine
from historique.models import modeles_historises
from logement.calendrier import calendrier_points_etape, date_fin_prevue
from logement.models import (
    FinancementMesure,
    MesureASLL,
    MotifAnnulation,
    PointEtape,
    RencontreASLL,
    SituationACOR,
    TypeRencontre,
)
from partenaires.models import Partenaire
from partenaires.validators import Domaine, TypePartenaire
from usagers.models import Residence
from usagers.recherche import cle_recherche

REFERENCE = date(2025, 12, 31)
DEBUT = date(2019, 1, 1)
HORODATAGE = datetime(2026, 1, 1, 8, tzinfo=UTC)
# The origins of generated referrals: the partners of fiche 2.3 (not the former « commune ou CCAS »).
ORIGINES = [o for o in Origine.values if o not in {Origine.COMMUNE_CCAS, Origine.DISPOSITIF}]

# Populations légales (INSEE, arrondies) : la répartition des usagers suit celle des habitants.
POPULATIONS = {
    "21231": 159_000, "21166": 14_000, "21171": 11_500, "21617": 11_000, "21515": 9_600,
    "21355": 9_000, "21278": 9_000, "21540": 7_500, "21390": 5_300, "21485": 2_700,
    "21605": 2_300, "21452": 2_200, "21481": 1_700, "21223": 1_500, "21263": 1_500,
    "21473": 1_400, "21003": 1_300, "21315": 1_200, "21105": 1_000, "21106": 900,
    "21370": 900, "21192": 700, "21270": 200,
}  # fmt: skip
SYLLABES = ["ba", "ro", "li", "mar", "du", "vel", "cha", "ne", "tin", "pel", "go", "ran", "sé", "lou"]
PRENOMS = ["Alix", "Camille", "Dominique", "Claude", "Sacha", "Lou", "Noa", "Eden", "Maxime", "Charlie"]
LOT = 10_000


def _nom(r: random.Random) -> str:
    return "".join(r.choice(SYLLABES) for _ in range(r.randint(2, 4))).upper()


def _jour(r: random.Random, du: date = DEBUT, au: date = REFERENCE) -> date:
    return du + timedelta(days=r.randrange((au - du).days + 1))


def inserer(modele, colonnes: list[str], lignes) -> list[int]:
    """Insert `lignes` (tuples in the order of `colonnes`) into `modele`'s table; return the new
    primary keys in insertion order. COPY on PostgreSQL, batched INSERTs elsewhere."""
    table = modele._meta.db_table
    if "version" in {f.name for f in modele._meta.fields} and "version" not in colonnes:
        # Every record people edit carries a version (config.models.Versioned): 1 when created.
        colonnes = [*colonnes, "version"]
        lignes = ((*ligne, 1) for ligne in lignes)
    avant = modele.objects.aggregate(m=Max("pk"))["m"] or 0
    noms = ", ".join(connection.ops.quote_name(c) for c in colonnes)
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            with curseur.cursor.copy(f"COPY {table} ({noms}) FROM STDIN") as copie:
                for ligne in lignes:
                    copie.write_row(ligne)
        else:
            sql = f"INSERT INTO {table} ({noms}) VALUES ({', '.join(['%s'] * len(colonnes))})"
            lot = []
            for ligne in lignes:
                lot.append(ligne)
                if len(lot) >= LOT:
                    curseur.executemany(sql, lot)
                    lot = []
            if lot:
                curseur.executemany(sql, lot)
    return list(modele.objects.filter(pk__gt=avant).order_by("pk").values_list("pk", flat=True))


@contextmanager
def _chargement_en_masse() -> Iterator[None]:
    """On PostgreSQL, inside the command's transaction: no statement timeout (a COPY of a million
    contacts runs past the web's 30 s), and no change history (`historique`): synthetic rows have
    no past, and their history would double the load. pgtrigger sets its ignore flag per
    transaction on the first ORM query, and `inserer` runs one before each COPY."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL statement_timeout = 0")
    uris = [f"{label}:{nom}" for label in modeles_historises() for nom in ("insert_insert", "update_update")]
    with pgtrigger.ignore(*uris):
        yield


def _json(valeur) -> str:
    return json.dumps(valeur)


class Command(BaseCommand):
    help = "Génère un jeu de données synthétique à l'échelle de la métropole (déterministe pour une graine)."

    def add_arguments(self, parser):
        parser.add_argument("--usagers", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--contacts-par-suivi",
            type=int,
            default=9,
            help="Contacts par accompagnement (9 : environ 1 million de contacts à 100 000 usagers).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        with _chargement_en_masse():
            self._generer(**options)

    def _generer(self, *, usagers: int, seed: int, contacts_par_suivi: int, **options):
        r = random.Random(seed)
        n = usagers
        self.comptes = self._comptes(r, n)
        createur = self.comptes["admin"]
        communes = sorted(POPULATIONS)
        poids = [POPULATIONS[c] for c in communes]
        tirage = r.choices(communes, weights=poids, k=n)
        self.stdout.write(f"usagers : {n}")
        ids_usagers = inserer(
            __import__("usagers.models", fromlist=["Usager"]).Usager,
            ["nom", "prenom", "recherche", "date_naissance", "commune_id", "adresse", "telephone",
             "email", "compartiment", "cree_le", "modifie_le", "cree_par_id", "modifie_par_id"],
            (
                (nom, prenom, cle_recherche(nom, prenom), _jour(r, date(1935, 1, 1), date(2006, 12, 31)),
                 tirage[i], "", "", "", "", HORODATAGE, HORODATAGE, createur.pk, createur.pk)
                for i, (nom, prenom) in enumerate((_nom(r), r.choice(PRENOMS)) for _ in range(n))
            ),
        )  # fmt: skip
        commune_de = dict(zip(ids_usagers, tirage, strict=True))
        self._residences(ids_usagers, tirage)
        self._acces_droits(r, ids_usagers, commune_de, contacts_par_suivi, createur)
        self._logement(r, ids_usagers, commune_de, n, createur)
        self._emas(r, ids_usagers, commune_de, n, createur)
        if connection.vendor == "postgresql":
            with connection.cursor() as curseur:
                curseur.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Données générées."))

    # --- comptes -----------------------------------------------------------------------------
    def _comptes(self, r: random.Random, n: int) -> dict:
        admin = User.objects.filter(username="admin").first() or User.objects.create_superuser(
            "admin", "admin@example.org", None
        )
        # Administrators read files through grants like anyone (issue 12): the bench's « superuser »
        # holds the supervisor's grants on the 23 communes, so its lists measure what they did.
        habilitations_remplacer(
            user=admin, dispositifs=dispositifs_du_role(Role.ENCADRANT), communes=list(Commune.objects.all())
        )
        comptes: dict = {"admin": admin, "agents": {}, "asll": [], "emas": [], "acor": []}
        for code in sorted(POPULATIONS):
            commune = communes_depuis_codes(code)
            # Granted directly…
            comptes["agents"][code] = agent_enregistrer(
                username=f"agent.{code}", role="acces_droits", communes=commune
            )
            # …and through a team group (no direct grant).
            equipe, _ = Group.objects.get_or_create(name=f"equipe.{code}")
            habilitation_accorder_groupe(group=equipe, dispositif=ACCES_DROITS, communes=commune)
            membre = agent_enregistrer(username=f"equipe.{code}", role="acces_droits", communes=[])
            membre.groups.add(equipe)
        toutes = communes_depuis_codes("all")
        for i in range(max(4, n // 1500)):
            comptes["asll"].append(
                agent_enregistrer(username=f"ts.asll.{i:03d}", role="asll", communes=toutes)
            )
        for i in range(max(2, n // 10000)):
            comptes["acor"].append(agent_enregistrer(username=f"acor.{i:02d}", role="acor", communes=toutes))
        cls = [c for c in toutes if c.cls]
        for i in range(6):
            comptes["emas"].append(agent_enregistrer(username=f"emas.{i}", role="emas", communes=cls))
        agent_enregistrer(username="encadrant", role=Role.ENCADRANT, communes=toutes)
        return comptes

    def _residences(self, ids: list[int], communes: list[str]) -> None:
        inserer(
            Residence,
            ["usager_id", "commune_id", "du", "au", "enregistree_le"],
            ((pk, code, date(1900, 1, 1), None, HORODATAGE) for pk, code in zip(ids, communes, strict=True)),
        )

    # --- action 1.1 --------------------------------------------------------------------------
    def _acces_droits(self, r, ids, commune_de, contacts_par_suivi, createur) -> None:
        suivis = []  # (usager, debut, fin)
        for pk in ids:
            debut = _jour(r, DEBUT, REFERENCE - timedelta(days=60))
            if r.random() < 0.12 and debut > DEBUT + timedelta(days=400):  # an earlier, closed follow-up
                fin_ancien = debut - timedelta(days=1)
                suivis.append((pk, fin_ancien - timedelta(days=r.randint(30, 300)), fin_ancien))
            suivis.append((pk, debut, None))
        self.stdout.write(f"accompagnements : {len(suivis)}")
        agents = self.comptes["agents"]
        ids_suivis = inserer(
            Accompagnement,
            ["usager_id", "commune_actuelle_id", "referent_id", "date_debut", "date_fin", "statut",
             "motif_cloture", "cree_le", "modifie_le", "cree_par_id"],
            (
                (u, commune_de[u], agents[commune_de[u]].pk, d, f, "clos" if f else "ouvert",
                 "autre" if f else "", HORODATAGE, HORODATAGE, createur.pk)
                for u, d, f in suivis
            ),
        )  # fmt: skip
        modes = list(ModeContact.values)
        self.stdout.write(f"contacts : {len(suivis) * contacts_par_suivi}")
        # Where each person is received (fiches 1.1, 1.5): her commune's CCAS, an antenna of the
        # métropole's social service, or not said (contacts recorded before the place was asked).
        ccas = dict(
            Partenaire.objects.actifs()
            .filter(type=TypePartenaire.CCAS)
            .values_list("communes", "pk")
            .exclude(communes=None)
        )
        antennes = list(
            Partenaire.objects.actifs()
            .filter(type=TypePartenaire.SERVICE_SOCIAL, toute_la_metropole=True)
            .du_domaine(Domaine.DROITS)  # the social service's antennas, not the FSL's office
            .values_list("pk", flat=True)
        )

        def lieu(commune: str) -> int | None:
            tirage = r.random()
            if tirage < 0.5 and commune in ccas:
                return ccas[commune]
            if tirage < 0.9 and antennes:
                return r.choice(antennes)
            return None

        def contacts():
            for (u, d, f), s in zip(suivis, ids_suivis, strict=True):
                fin = f or REFERENCE
                for _ in range(contacts_par_suivi):
                    jour = _jour(r, d, fin)
                    moment = datetime(jour.year, jour.month, jour.day, 8 + r.randrange(10), tzinfo=UTC)
                    yield (s, commune_de[u], moment, r.choice(modes), "", lieu(commune_de[u]),
                           r.choice((15, 30, 45, 60)), "", HORODATAGE, agents[commune_de[u]].pk)  # fmt: skip

        inserer(
            Contact,
            ["accompagnement_id", "commune_id", "date", "mode", "lieu", "lieu_accueil_id", "duree_minutes",
             "note", "cree_le", "cree_par_id"],
            contacts(),
        )  # fmt: skip
        types_demarche = list(TypeDemarche.values)
        inserer(
            Demarche,
            ["accompagnement_id", "type", "date", "en_ligne", "statut", "organisme", "note",
             "cree_le", "modifie_le", "cree_par_id"],
            (
                (s, r.choice(types_demarche), _jour(r, d, f or REFERENCE), r.random() < 0.7,
                 r.choice((StatutDemarche.FAITE, StatutDemarche.EN_COURS, StatutDemarche.FAITE)), "", "",
                 HORODATAGE, HORODATAGE, createur.pk)
                for (u, d, f), s in zip(suivis, ids_suivis, strict=True)
                for _ in range(2)
            ),
        )  # fmt: skip
        types = list(TypeDroit.objects.order_by("pk").values_list("pk", flat=True))

        def droits():
            for (u, d, f), s in zip(suivis, ids_suivis, strict=True):
                identification = _jour(r, d, f or REFERENCE)
                demande = min(identification + timedelta(days=r.randint(0, 30)), REFERENCE)
                ouvert = r.random() < 0.6
                ouverture = min(demande + timedelta(days=r.randint(10, 90)), REFERENCE) if ouvert else None
                yield (u, s, r.choice(types), StatutDroit.OUVERT if ouvert else StatutDroit.DEMANDE,
                       commune_de[u], commune_de[u], identification, demande, ouverture, None, None,
                       HORODATAGE, HORODATAGE, createur.pk)  # fmt: skip

        inserer(
            Droit,
            ["usager_id", "accompagnement_id", "type_id", "statut", "commune_id", "commune_actuelle_id",
             "date_identification",
             "date_demande", "date_ouverture", "date_refus", "date_abandon", "cree_le", "modifie_le",
             "cree_par_id"],
            droits(),
        )  # fmt: skip

    # --- actions 2.1 and 2.2 -----------------------------------------------------------------
    def _logement(self, r, ids, commune_de, n, createur) -> None:
        travailleurs = self.comptes["asll"]
        # Drawn apart, so that the rest of the data stays what it was for a seed.
        rr = random.Random(hash(r.getstate()))
        operateur = Partenaire.objects.filter(type=TypePartenaire.OPERATEUR).order_by("pk").first()
        nombre = max(1, n // 5)
        self.stdout.write(f"mesures ASLL : {nombre}")
        porteurs = r.sample(ids, nombre)
        mesures = []
        # Counted from the database, so that a second run (growing the data) keeps 30 and 300.
        en_cours_par_ts = {
            rang: MesureASLL.objects.filter(referent=travailleurs[rang], statut="en_cours").count()
            for rang in (0, 1)
        }
        for i, u in enumerate(porteurs):
            duree = r.choice((6, 12, 12, 18, 24))
            debut = _jour(r, DEBUT, REFERENCE - timedelta(days=30))
            fin_prevue = date_fin_prevue(debut, duree)
            en_cours = fin_prevue >= REFERENCE - timedelta(days=90)
            # ts.asll.000 carries 30 running measures, ts.asll.001 carries 300: the caseload figure.
            if en_cours and en_cours_par_ts.get(0, 0) < 30:
                ts = 0
            elif en_cours and en_cours_par_ts.get(1, 0) < 300:
                ts = 1
            else:
                ts = 2 + i % (len(travailleurs) - 2)
            if en_cours:
                en_cours_par_ts[ts] = en_cours_par_ts.get(ts, 0) + 1
            mesures.append((u, debut, duree, fin_prevue, en_cours, travailleurs[ts].pk))
        financements = [
            FinancementMesure.DROIT_COMMUN if rr.random() < 1 / 4 else FinancementMesure.PACTE
            for _ in mesures
        ]
        ids_mesures = inserer(
            MesureASLL,
            ["usager_id", "commune_id", "commune_actuelle_id", "nb_adultes", "nb_enfants", "type",
             "prescripteur", "referent_id",
             "date_debut", "duree_mois", "date_fin_prevue", "objectifs", "statut", "date_suspension",
             "date_fin", "issue", "orientation", "cree_le", "modifie_le", "cree_par_id", "operateur_id",
             "financement"],
            (
                (u, commune_de[u], commune_de[u], 1, r.randint(0, 3), r.choice(("acces", "maintien")), "ccas",
                 ts, d, duree, fp, _json(["budget"]), "en_cours" if ec else "terminee", None,
                 None if ec else fp, "" if ec else "objectifs_atteints", "", HORODATAGE, HORODATAGE,
                 createur.pk, operateur.pk if operateur else None, financement)
                for (u, d, duree, fp, ec, ts), financement in zip(mesures, financements, strict=True)
            ),
        )  # fmt: skip

        def points():
            for (_u, d, duree, _fp, ec, _ts), m in zip(mesures, ids_mesures, strict=True):
                en_retard = r.random() < 1 / 3
                for rang, jour in calendrier_points_etape(d, duree):
                    tenu = jour < REFERENCE and not (ec and en_retard)
                    if tenu and ec and rr.random() < 1 / 10:  # the meeting did not take place
                        constat = min(jour + timedelta(days=7), REFERENCE)
                        yield (
                            m,
                            rang,
                            jour,
                            None,
                            "",
                            True,
                            MotifAnnulation.NON_TENU,
                            constat,
                            "",
                            HORODATAGE,
                        )
                    else:
                        yield (m, rang, jour, jour if tenu else None, "", False, "", None, "", HORODATAGE)

        inserer(
            PointEtape,
            ["mesure_id", "rang", "date_prevue", "date_realisee", "compte_rendu", "annule",
             "motif_annulation", "date_non_tenu", "raison_non_tenu", "modifie_le"],
            points(),
        )  # fmt: skip

        def rencontres():
            types = TypeRencontre.values
            for (_u, d, _duree, fp, _ec, ts), financement, m in zip(
                mesures, financements, ids_mesures, strict=True
            ):
                pas = 1 if financement == FinancementMesure.PACTE else 2
                fin = min(fp, REFERENCE)
                for k in range(1, 13):
                    jour = d + timedelta(days=30 * pas * k - 15)
                    if jour > fin:
                        break
                    yield (m, jour, rr.choice(types), "", HORODATAGE, HORODATAGE, ts)

        inserer(
            RencontreASLL,
            ["mesure_id", "date", "type", "note", "cree_le", "modifie_le", "cree_par_id"],
            rencontres(),
        )  # fmt: skip
        intervenants = self.comptes["acor"]
        inserer(
            SituationACOR,
            ["usager_id", "commune_id", "commune_actuelle_id", "prescripteur", "date_orientation",
             "date_entree", "difficultes",
             "statut", "date_sortie", "motif_sortie", "capacite_depassee", "referent_id", "cree_le",
             "modifie_le", "cree_par_id"],
            (
                (u, commune_de[u], commune_de[u], "autre", d, None, _json(["sociale"]), "en_attente", None,
                 "", False, intervenants[i % len(intervenants)].pk, HORODATAGE, HORODATAGE, createur.pk)
                for i, (u, d) in enumerate(
                    (u, _jour(r, REFERENCE - timedelta(days=400))) for u in r.sample(ids, max(1, n // 20))
                )
            ),
        )  # fmt: skip

    # --- action 2.3 --------------------------------------------------------------------------
    def _emas(self, r, ids, commune_de, n, createur) -> None:
        cls = set(Commune.objects.filter(cls=True).values_list("pk", flat=True))
        candidats = [u for u in ids if commune_de[u] in cls]
        personnes = r.sample(candidats, min(len(candidats), max(1, n // 60)))
        equipe = self.comptes["emas"]
        signalements = []
        for u in personnes:
            jour = _jour(r, date(2023, 1, 1), REFERENCE - timedelta(days=30))
            accepte = r.random() < 2 / 3
            signalements.append((u, jour, accepte))
        ids_signalements = inserer(
            Signalement,
            ["usager_id", "commune_id", "date", "origine", "contact", "motifs", "description", "majeur",
             "logement_autonome", "non_suivi_psychiatrie", "incapacite_demande_soins", "decision",
             "motif_refus", "reoriente_vers", "date_decision", "decision_par_id", "cree_le", "modifie_le",
             "cree_par_id"],
            (
                (u, commune_de[u], j, r.choice(ORIGINES), "", _json(["isolement"]), "", True, True, True,
                 True, "accepte" if a else "en_attente", "", "", j + timedelta(days=7) if a else None,
                 equipe[0].pk if a else None, HORODATAGE, HORODATAGE, equipe[0].pk)
                for u, j, a in signalements
            ),
        )  # fmt: skip
        acceptes = [(s, u, j) for s, (u, j, a) in zip(ids_signalements, signalements, strict=True) if a]
        ids_suivis = inserer(
            SuiviEMAS,
            ["signalement_id", "usager_id", "commune_id", "referent_id", "date_debut", "date_fin", "statut",
             "motif_fin", "acces_soins_cmp", "acces_soins_psychiatre", "acces_soins_medecin_traitant",
             "acces_soins_hopital", "droit_commun", "maintien_domicile", "soins_sans_consentement",
             "rupture_parcours", "cree_le", "modifie_le"],
            (
                (s, u, commune_de[u], equipe[i % len(equipe)].pk, j + timedelta(days=7), None, "en_cours",
                 "", False, False, False, False, False, False, "aucun", False, HORODATAGE, HORODATAGE)
                for i, (s, u, j) in enumerate(acceptes)
            ),
        )  # fmt: skip
        interventions = [
            (suivi, j + timedelta(days=7 + 10 * k))
            for suivi, (_, _, j) in zip(ids_suivis, acceptes, strict=True)
            for k in range(r.randint(1, 8))
        ]
        ids_interventions = inserer(
            Intervention,
            ["suivi_id", "date", "type", "duree_minutes", "notes", "cree_le", "modifie_le", "cree_par_id"],
            (
                (s, min(j, REFERENCE), r.choice(("visite_domicile", "appel", "synthese_equipe")), 60, "",
                 HORODATAGE, HORODATAGE, equipe[0].pk)
                for s, j in interventions
            ),
        )  # fmt: skip
        a_travers = Intervention.intervenants.through
        inserer(
            a_travers,
            ["intervention_id", "user_id"],
            ((i, equipe[k % len(equipe)].pk) for k, i in enumerate(ids_interventions)),
        )
