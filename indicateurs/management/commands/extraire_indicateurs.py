import re

from django.core.management.base import CommandError

from config.commandes import CommandeEnFrancais
from config.errors import RegleMetierError
from indicateurs.services import annee_verrouiller, extraire_mois


class Command(CommandeEnFrancais):
    help = (
        "Extrait les indicateurs du pacte d'un mois terminé (remplace l'extraction existante), "
        "ou verrouille une année transmise."
    )

    def add_arguments(self, parser):
        groupe = parser.add_mutually_exclusive_group(required=True)
        groupe.add_argument("--mois", help="mois à extraire, AAAA-MM")
        groupe.add_argument("--verrouiller", type=int, metavar="AAAA", help="année à verrouiller")

    def handle(self, *args, mois=None, verrouiller=None, **options):
        try:
            if verrouiller is not None:
                annee_verrouiller(annee=verrouiller, par=None)
                self.stdout.write(self.style.SUCCESS(f"Année {verrouiller} verrouillée."))
                return
            trouve = re.fullmatch(r"(\d{4})-(\d{2})", mois or "")
            if not trouve:
                raise CommandError("--mois attend AAAA-MM (par exemple 2020-06).")
            extraction = extraire_mois(annee=int(trouve[1]), mois=int(trouve[2]))
        except RegleMetierError as exc:
            raise CommandError(exc.message) from exc
        nombre = extraction.valeurs.count()
        self.stdout.write(self.style.SUCCESS(f"{mois} extrait : {nombre} valeurs non nulles."))
