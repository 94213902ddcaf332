from config.commandes import CommandeEnFrancais
from notifications.planning import planning


class Command(CommandeEnFrancais):
    help = "Affiche les tâches périodiques de Celery beat et leur prochaine exécution (heure de Paris)."

    def handle(self, *args, **options):
        for execution in planning():
            self.stdout.write(
                f"{execution.nom} : {execution.tache} — {execution.planification} — "
                f"prochaine exécution le {execution.prochaine:%d/%m/%Y à %H:%M (%Z)}"
            )
