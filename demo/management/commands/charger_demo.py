"""`manage.py charger_demo`: one account per role, a few persons, then each dispositif's own demo
records (the `charger(par_role=…)` function of its `demo.py`, when it has one). Idempotent."""

from datetime import date
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from communes.models import Commune
from comptes.models import Profession, User
from comptes.roles import Role
from comptes.services import agent_enregistrer, communes_depuis_codes
from indicateurs.models import Objectif
from usagers.models import Usager

MOT_DE_PASSE_DEMO = "demo-pacte-2020"

COMPTES_DEMO = [
    ("agent.droits", "acces_droits", "21166,21231", Profession.AGENT_ADMINISTRATIF),
    ("ts.asll", "asll", "all", Profession.TRAVAILLEUR_SOCIAL),
    ("intervenant.acor", "acor", "all", Profession.TRAVAILLEUR_SOCIAL),
    ("infirmier.emas", "emas", "21166,21231,21355,21515,21617", Profession.INFIRMIER),
    ("encadrant", Role.ENCADRANT, "all", Profession.ENCADRANT),
    # The data-protection officer: no commune, no file; the journal, subject access, retention.
    ("dpo", Role.DPO, "", Profession.AUTRE),
]

USAGERS_DEMO = [
    ("MARTIN", "Sophie", date(1978, 3, 14), "21231", "12 rue de la Liberté", "06 12 34 56 78"),
    ("BERNARD", "Karim", date(1990, 11, 2), "21166", "4 allée du Mail", "07 98 76 54 32"),
    ("PETIT", "Jeanne", date(1946, 6, 30), "21231", "28 boulevard Carnot", ""),
    ("DUBOIS", "Luc", date(1985, 1, 19), "21355", "7 rue Jean Jaurès", "03 80 12 34 56"),
    ("GARNIER", "Aïcha", date(2001, 9, 8), "21515", "15 avenue du Château", ""),
    ("ROUSSEAU", "Marc", date(1969, 12, 24), "21617", "3 rue Notre-Dame", ""),
    # Typed with accents: found by « helene », « dupre » or « DUPRÉ » (usagers/recherche.py).
    ("Dupré", "Hélène", date(1980, 3, 12), "21231", "9 rue Musette", ""),
]

# Enough persons of Dijon for the dashboard to publish figures (k = 11): each dispositif's `demo.py`
# gives some of them a record (`PERSONNES_DE_DIJON`).
PERSONNES_DE_DIJON = [
    ("LEFEBVRE", "Paul"),
    ("MOREAU", "Claire"),
    ("LAURENT", "Hugo"),
    ("SIMON", "Inès"),
    ("MICHEL", "Louis"),
    ("LEROY", "Camille"),
    ("ROUX", "Nathan"),
    ("DAVID", "Emma"),
    ("BERTRAND", "Lucas"),
    ("MOREL", "Léa"),
    ("FOURNIER", "Jules"),
    ("GIRARD", "Chloé"),
    ("BONNET", "Adam"),
    ("GAUTHIER", "Manon"),
]

# The pacte's first year, on fixed dates (the report for 2020 and the dashboard of 2020 publish): persons
# of Dijon, all living « rue de la Solidarité » (`ADRESSE_2020`, how each `demo.py` finds them), received
# by the 1.1 agent, followed in ASLL, some in ACOR, some by EMAS — each path of the pacte exercised.
ADRESSE_2020 = "rue de la Solidarité, Dijon"
PERSONNES_DE_2020 = [
    ("ARNAUD", "Yasmine"),
    ("BLANC", "Théo"),
    ("CARON", "Lina"),
    ("DUMONT", "Rayan"),
    ("FABRE", "Zoé"),
    ("GUERIN", "Malik"),
    ("HUBERT", "Anaïs"),
    ("JOLY", "Bastien"),
    ("LEMAIRE", "Salomé"),
    ("MARCHAND", "Noah"),
    ("NOEL", "Julia"),
    ("PERRIN", "Elias"),
    ("RENARD", "Margaux"),
    ("VIDAL", "Samuel"),
]

# Households followed in ASLL this year outside Dijon (`ADRESSE_COMMUNES`): small cells whose sum
# reaches the threshold, so that the secondary suppression spares Dijon's figure.
ADRESSE_COMMUNES = "résidence Les Tilleuls"
PERSONNES_DES_COMMUNES = [
    ("AUBERT", "Kenza", "21166"),
    ("BARRE", "Hugo", "21166"),
    ("COLIN", "Sarah", "21166"),
    ("DENIS", "Yanis", "21355"),
    ("ETIENNE", "Louise", "21355"),
    ("FLEURY", "Aaron", "21355"),
    ("GILLET", "Nora", "21617"),
    ("HENRY", "Victor", "21617"),
    ("LACROIX", "Maëlys", "21617"),
    ("MEUNIER", "Ilyes", "21515"),
    ("OLIVIER", "Rose", "21515"),
    ("PICARD", "Sacha", "21515"),
]


# The yearly targets the fiches of annex 2 state in numbers, for 2020 (`indicateurs.models.Objectif`,
# shown with their attainment in the report). Only fiche 1.1 states one an indicator measures; the
# others state none (« quelques situations complémentaires », « points d'étape tous les deux mois »…).
OBJECTIFS_DES_FICHES = [
    (
        2020,
        "1.1.agents_en_activite",
        7,
        "agents d'accompagnement administratif installés au 1er juin 2020 (fiche 1.1)",
    ),
]


def contributions():
    """The `demo` modules of the installed apps, in the order of INSTALLED_APPS."""
    for config in apps.get_app_configs():
        if config.name != "demo" and find_spec(f"{config.name}.demo") is not None:
            yield import_module(f"{config.name}.demo")


class Command(BaseCommand):
    help = "Charge un petit jeu de démonstration : un compte par rôle et quelques usagers (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if settings.ENVIRONNEMENT == "production":
            raise CommandError(
                "charger_demo refuse de s'exécuter avec les réglages de production : il crée un "
                "administrateur dont le mot de passe est publié."
            )
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.org", MOT_DE_PASSE_DEMO)
        par_role = {}
        for username, role, codes, profession in COMPTES_DEMO:
            par_role[role] = agent_enregistrer(
                username=username,
                password=MOT_DE_PASSE_DEMO,
                role=role,
                communes=communes_depuis_codes(codes),
                profession=profession,
            )
        admin = User.objects.get(username="admin")
        for nom, prenom, naissance, code, adresse, telephone in USAGERS_DEMO:
            Usager.objects.get_or_create(
                nom=nom,
                prenom=prenom,
                date_naissance=naissance,
                defaults={
                    "commune": Commune.objects.get(pk=code),
                    "adresse": adresse,
                    "telephone": telephone,
                    "cree_par": admin,
                    "modifie_par": admin,
                },
            )
        dijon = Commune.objects.get(pk="21231")
        for i, (nom, prenom) in enumerate(PERSONNES_DE_DIJON):
            Usager.objects.get_or_create(
                nom=nom,
                prenom=prenom,
                date_naissance=date(1960 + i, 1 + i % 12, 1 + i),
                defaults={"commune": dijon, "cree_par": admin, "modifie_par": admin},
            )
        for i, (nom, prenom) in enumerate(PERSONNES_DE_2020):
            Usager.objects.get_or_create(
                nom=nom,
                prenom=prenom,
                date_naissance=date(1955 + 2 * i, 1 + (5 * i) % 12, 2 + i),
                defaults={
                    "commune": dijon,
                    "adresse": f"{i + 1} {ADRESSE_2020}",
                    "cree_par": admin,
                    "modifie_par": admin,
                },
            )
        for i, (nom, prenom, code) in enumerate(PERSONNES_DES_COMMUNES):
            Usager.objects.get_or_create(
                nom=nom,
                prenom=prenom,
                date_naissance=date(1962 + 3 * i, 1 + (7 * i) % 12, 3 + i),
                defaults={
                    "commune": Commune.objects.get(pk=code),
                    "adresse": f"{i + 1} {ADRESSE_COMMUNES}",
                    "cree_par": admin,
                    "modifie_par": admin,
                },
            )
        for module in contributions():
            module.charger(par_role=par_role)
        for annee, indicateur, valeur, precision in OBJECTIFS_DES_FICHES:
            # An administrator's own target for the year is kept.
            if not Objectif.objects.filter(indicateur=indicateur, annee=annee).exists():
                objectif = Objectif(indicateur=indicateur, annee=annee, valeur=valeur, precision=precision)
                objectif.full_clean()
                objectif.save()
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {MOT_DE_PASSE_DEMO}) :")
        self.stdout.write("  admin (administrateur)")
        for username, role, codes, _ in COMPTES_DEMO:
            self.stdout.write(f"  {username} (rôle {role}, communes {codes or 'aucune'})")
        self.stdout.write("L'espace des agents : http://127.0.0.1:8000/espace/ (connexion : /connexion/).")
