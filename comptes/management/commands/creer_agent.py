from django.core.management.base import BaseCommand, CommandError

from communes.habilitations import communes_autorisees
from comptes.models import Profession
from comptes.roles import codes_des_roles
from comptes.services import agent_enregistrer, communes_depuis_codes
from config.errors import RegleMetierError


class Command(BaseCommand):
    help = "Crée ou met à jour un compte d'agent avec son rôle et ses habilitations par commune."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--password", help="mot de passe (inchangé s'il est omis pour un compte existant)"
        )
        parser.add_argument("--role", required=True, choices=codes_des_roles())
        parser.add_argument(
            "--communes", required=True, help="codes INSEE séparés par des virgules, ou « all » pour les 23"
        )
        parser.add_argument("--profession", default="", choices=[""] + [p.value for p in Profession])

    def handle(self, *args, username, password, role, communes, profession, **options):
        try:
            user = agent_enregistrer(
                username=username,
                password=password,
                role=role,
                communes=communes_depuis_codes(communes),
                profession=profession,
            )
        except RegleMetierError as exc:
            raise CommandError(exc.message) from exc
        codes = ", ".join(communes_autorisees(user).values_list("code_insee", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Compte « {user.username} » : rôle {role}, communes {codes}."))
