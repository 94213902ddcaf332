from datetime import date

from django.core.management.base import CommandError

from config.commandes import CommandeEnFrancais
from notifications.services import rappels_envoyer


class Command(CommandeEnFrancais):
    help = (
        "Passe quotidien des rappels : crée les rappels dus jusqu'à la date (aujourd'hui à Paris par "
        "défaut), une seule fois chacun, puis envoie un récapitulatif par destinataire."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="date du passage, AAAA-MM-JJ (par défaut : aujourd'hui)")

    def handle(self, *args, **options):
        jour = None
        if options["date"]:
            try:
                jour = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Date invalide « {options['date']} » : attendu AAAA-MM-JJ.") from exc
        resultat = rappels_envoyer(jour=jour)
        self.stdout.write(
            f"{resultat['crees']} rappel(s) créé(s), {resultat['courriels']} courriel(s) envoyé(s)."
        )
