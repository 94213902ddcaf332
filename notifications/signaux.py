"""After a record that a dispositif names in `rappels_apres_enregistrement` is saved, refresh the
reminders in the background (`config.dispositifs`).

The dispositifs do not know about reminders; they only save. The enqueue happens after the commit
and a broker failure is logged, never raised: the user's write always succeeds, and the daily scan,
which derives everything from the database, catches up.
"""

from django.apps import apps
from django.db.models.signals import post_save

from config import dispositifs as registre
from config.taches import enqueue_on_commit
from notifications.tasks import creer_rappels


def rafraichir_rappels(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures
        return
    enqueue_on_commit(creer_rappels)


def connecter() -> None:
    for dispositif in registre.dispositifs():
        for label in dispositif.rappels_apres_enregistrement:
            post_save.connect(
                rafraichir_rappels,
                sender=apps.get_model(label),
                dispatch_uid=f"notifications.rappels.{label}",
            )
