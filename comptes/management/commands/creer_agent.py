from django.core.management.base import CommandError

from communes.habilitations import communes_autorisees
from comptes.models import Profession
from comptes.roles import codes_des_roles, dispositifs_du_role
from comptes.second_facteur import totp_enroler
from comptes.services import agent_enregistrer, communes_depuis_codes
from config.commandes import CommandeEnFrancais
from config.errors import RegleMetierError


class Command(CommandeEnFrancais):
    help = "Crée ou met à jour un compte d'agent avec son rôle et ses habilitations par commune."

    def add_arguments(self, parser):
        parser.add_argument("username", help="identifiant du compte")
        parser.add_argument(
            "--password", help="mot de passe (inchangé s'il est omis pour un compte existant)"
        )
        parser.add_argument("--role", required=True, choices=codes_des_roles(), help="rôle du compte")
        parser.add_argument(
            "--communes",
            default=None,
            help="codes INSEE séparés par des virgules, ou « all » pour les 23 (sauf pour le rôle dpo, "
            "qui ne travaille sur aucune commune)",
        )
        parser.add_argument(
            "--profession", default="", choices=[""] + [p.value for p in Profession], help="profession"
        )
        parser.add_argument("--email", default="", help="adresse électronique (celle que ProConnect donnera)")
        parser.add_argument(
            "--totp-secret",
            default="",
            help="secret TOTP en base32 à enrôler comme second facteur (installations scriptées, tests)",
        )

    def handle(self, *args, username, password, role, communes, profession, email, totp_secret, **options):
        sans_communes = not dispositifs_du_role(role)
        if communes is None and not sans_communes:
            raise CommandError(f"L'option --communes est obligatoire pour le rôle « {role} ».")
        if communes is not None and sans_communes:
            raise CommandError(
                f"Le rôle « {role} » ne travaille sur aucune commune : retirez l'option --communes."
            )
        try:
            user = agent_enregistrer(
                username=username,
                password=password,
                role=role,
                communes=communes_depuis_codes(communes) if communes is not None else [],
                profession=profession,
                email=email,
            )
            if totp_secret:
                totp_enroler(user=user, secret=totp_secret)
        except RegleMetierError as exc:
            raise CommandError(exc.message) from exc
        codes = ", ".join(communes_autorisees(user).values_list("code_insee", flat=True))
        communes_du_compte = f"communes {codes}" if codes else "aucune commune"
        message = f"Compte « {user.username} » : rôle {role}, {communes_du_compte}."
        self.stdout.write(self.style.SUCCESS(message))
        if totp_secret:
            self.stdout.write(self.style.SUCCESS("Second facteur (application TOTP) enrôlé."))
