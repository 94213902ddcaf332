import json
from datetime import date

from django.utils import timezone

from config.commandes import CommandeEnFrancais
from conservation.services import conservation_appliquer, conservation_simuler
from journal.services import journal_purger


class Command(CommandeEnFrancais):
    help = (
        "Archive les personnes sans activité et anonymise celles dont l'archivage est échu ; "
        "--simulation affiche ce qui serait fait (par dispositif et commune) sans rien changer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--simulation", action="store_true", help="ne rien modifier, compter seulement")
        parser.add_argument("--date", type=date.fromisoformat, help="date du jour simulée (AAAA-MM-JJ)")

    def handle(self, *args, simulation=False, date=None, **options):
        aujourd_hui = date or timezone.localdate()
        if simulation:
            bilan = conservation_simuler(aujourd_hui=aujourd_hui)
        else:
            bilan = conservation_appliquer(aujourd_hui=aujourd_hui)
            journal_purger()
        sortie = {
            "date": aujourd_hui.isoformat(),
            "simulation": simulation,
            "a_archiver" if simulation else "archivees": {
                "total": bilan.total_archivees,
                "par_dispositif_et_commune": bilan.archivees,
            },
            "a_anonymiser" if simulation else "anonymisees": {
                "total": bilan.total_anonymisees,
                "par_dispositif_et_commune": bilan.anonymisees,
            },
        }
        self.stdout.write(json.dumps(sortie, ensure_ascii=False, indent=2))
