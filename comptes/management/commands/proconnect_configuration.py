import requests
from django.core.management.base import CommandError

from comptes.proconnect import variables_depuis_decouverte
from config.commandes import CommandeEnFrancais


class Command(CommandeEnFrancais):
    help = (
        "Lit le document de découverte OpenID Connect de ProConnect "
        "(https://PROCONNECT_DOMAIN/api/v2/.well-known/openid-configuration) et affiche les variables "
        "d'environnement PROCONNECT_* de ses points d'accès, à ajouter à celles du client."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="URL du document de découverte")

    def handle(self, *args, url, **options):
        try:
            reponse = requests.get(url, timeout=10)
            reponse.raise_for_status()
            document = reponse.json()
        except (requests.RequestException, ValueError) as exc:
            raise CommandError(f"Document de découverte illisible à {url} : {exc}") from exc
        for variable, valeur in variables_depuis_decouverte(document).items():
            self.stdout.write(f"{variable}={valeur}")
        self.stdout.write(f"# acr_values_supported : {' '.join(document.get('acr_values_supported', []))}")
