from django.core.management.base import CommandError

from comptes.models import User
from config.commandes import CommandeEnFrancais
from config.errors import AccesRefuse, RegleMetierError
from usagers.models import Usager
from usagers.services import usager_fusionner


class Command(CommandeEnFrancais):
    help = (
        "Fusionne deux fiches d'une même personne : les dossiers de la fiche en double sont rattachés "
        "à la fiche conservée, puis la fiche en double est supprimée (administrateurs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("conserve", type=int, help="identifiant de la fiche conservée")
        parser.add_argument("doublon", type=int, help="identifiant de la fiche en double")
        parser.add_argument("--par", required=True, help="identifiant de connexion de l'administrateur")

    def handle(self, *args, conserve, doublon, par, **options):
        try:
            administrateur = User.objects.get(username=par)
            fiches = {u.pk: u for u in Usager.objects.filter(pk__in=[conserve, doublon])}
            if len(fiches) != len({conserve, doublon}):
                raise CommandError("Fiche introuvable.")
            usager_fusionner(conserve=fiches[conserve], doublon=fiches[doublon], par=administrateur)
        except User.DoesNotExist as exc:
            raise CommandError("Compte introuvable.") from exc
        except (AccesRefuse, RegleMetierError) as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Fiche n°{doublon} fusionnée dans la fiche n°{conserve}."))
