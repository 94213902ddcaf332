from django.core.management.base import BaseCommand, CommandError

from communes.habilitations import communes_autorisees
from comptes.models import Profession
from comptes.roles import codes_des_roles
from comptes.second_facteur import totp_enroler
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
        parser.add_argument("--email", default="", help="adresse électronique (celle que ProConnect donnera)")
        parser.add_argument(
            "--totp-secret",
            default="",
            help="secret TOTP en base32 à enrôler comme second facteur (installations scriptées, tests)",
        )

    def handle(self, *args, username, password, role, communes, profession, email, totp_secret, **options):
        try:
            user = agent_enregistrer(
                username=username,
                password=password,
                role=role,
                communes=communes_depuis_codes(communes),
                profession=profession,
                email=email,
            )
            if totp_secret:
                totp_enroler(user=user, secret=totp_secret)
        except RegleMetierError as exc:
            raise CommandError(exc.message) from exc
        codes = ", ".join(communes_autorisees(user).values_list("code_insee", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Compte « {user.username} » : rôle {role}, communes {codes}."))
        if totp_secret:
            self.stdout.write(self.style.SUCCESS("Second facteur (application TOTP) enrôlé."))
