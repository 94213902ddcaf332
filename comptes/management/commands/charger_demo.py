from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accompagnements.models import Accompagnement, ModeContact, StatutDroit, TypeDroit
from accompagnements.services import accompagnement_ouvrir, contact_enregistrer, droit_enregistrer
from communes.models import Commune
from comptes.models import Profession, User
from comptes.roles import Role
from comptes.services import agent_enregistrer, communes_depuis_codes
from logement.models import MesureASLL, SituationACOR
from logement.services import mesure_creer, situation_acor_orienter
from usagers.models import Usager

MOT_DE_PASSE_DEMO = "demo-pacte-2020"

COMPTES_DEMO = [
    ("agent.droits", Role.ACCES_DROITS, "21166,21231", Profession.AGENT_ADMINISTRATIF),
    ("ts.asll", Role.ASLL, "all", Profession.TRAVAILLEUR_SOCIAL),
    ("intervenant.acor", Role.ACOR, "all", Profession.TRAVAILLEUR_SOCIAL),
    ("infirmier.emas", Role.EMAS, "21166,21231,21355,21515,21617", Profession.INFIRMIER),
    ("encadrant", Role.ENCADRANT, "all", Profession.ENCADRANT),
]

USAGERS_DEMO = [
    ("MARTIN", "Sophie", date(1978, 3, 14), "21231", "12 rue de la Liberté", "06 12 34 56 78"),
    ("BERNARD", "Karim", date(1990, 11, 2), "21166", "4 allée du Mail", "07 98 76 54 32"),
    ("PETIT", "Jeanne", date(1946, 6, 30), "21231", "28 boulevard Carnot", ""),
    ("DUBOIS", "Luc", date(1985, 1, 19), "21355", "7 rue Jean Jaurès", "03 80 12 34 56"),
    ("GARNIER", "Aïcha", date(2001, 9, 8), "21515", "15 avenue du Château", ""),
    ("ROUSSEAU", "Marc", date(1969, 12, 24), "21617", "3 rue Notre-Dame", ""),
]


class Command(BaseCommand):
    help = "Charge un petit jeu de démonstration : un compte par rôle et quelques usagers (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.org", MOT_DE_PASSE_DEMO)
        for username, role, codes, profession in COMPTES_DEMO:
            agent_enregistrer(
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
        self._dossiers_demo()
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {MOT_DE_PASSE_DEMO}) :")
        self.stdout.write("  admin (administrateur)")
        for username, role, codes, _ in COMPTES_DEMO:
            self.stdout.write(f"  {username} (rôle {role.value}, communes {codes})")

    def _dossiers_demo(self) -> None:
        """One record per dispositif, through the services, only where none exists yet."""
        aujourd_hui = timezone.localdate()
        martin = Usager.objects.get(nom="MARTIN", prenom="Sophie")
        if not Accompagnement.objects.filter(usager=martin).exists():
            agent = User.objects.get(username="agent.droits")
            suivi = accompagnement_ouvrir(
                usager=martin, par=agent, date_debut=aujourd_hui - timedelta(days=20)
            )
            contact_enregistrer(
                accompagnement=suivi,
                par=agent,
                date=timezone.now() - timedelta(days=20),
                mode=ModeContact.RENDEZ_VOUS,
                duree_minutes=45,
                lieu="CCAS de Dijon",
            )
            droit_enregistrer(
                usager=martin,
                type=TypeDroit.objects.get(code="rsa"),
                par=agent,
                accompagnement=suivi,
                date_identification=aujourd_hui - timedelta(days=20),
            )
            droit_enregistrer(
                usager=martin,
                type=TypeDroit.objects.get(code="prime_activite"),
                par=agent,
                accompagnement=suivi,
                statut=StatutDroit.OUVERT,
                date_identification=aujourd_hui - timedelta(days=20),
                date_demande=aujourd_hui - timedelta(days=19),
                date_ouverture=aujourd_hui - timedelta(days=3),
            )
        bernard = Usager.objects.get(nom="BERNARD", prenom="Karim")
        if not MesureASLL.objects.filter(usager=bernard).exists():
            mesure_creer(
                par=User.objects.get(username="ts.asll"),
                usager=bernard,
                type="maintien",
                date_debut=aujourd_hui - timedelta(days=150),
                duree_mois=12,
                objectifs=["budget", "relation_bailleur"],
            )
        dubois = Usager.objects.get(nom="DUBOIS", prenom="Luc")
        if not SituationACOR.objects.filter(usager=dubois).exists():
            situation_acor_orienter(
                par=User.objects.get(username="intervenant.acor"),
                usager=dubois,
                date_orientation=aujourd_hui - timedelta(days=10),
                difficultes=["isolement", "impayes_loyer"],
            )
