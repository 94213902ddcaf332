"""After a measure or a checkpoint is saved, refresh the reminders in the background.

The `logement` app does not know about reminders; it only saves. The enqueue happens after the
commit and a broker failure is logged, never raised: the user's write always succeeds, and the
daily scan, which derives everything from the database, catches up.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from logement.models import MesureASLL, PointEtape
from notifications.services import mettre_en_file_apres_commit


@receiver(post_save, sender=MesureASLL, dispatch_uid="notifications.mesure_enregistree")
@receiver(post_save, sender=PointEtape, dispatch_uid="notifications.point_etape_enregistre")
def rafraichir_rappels(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures
        return
    from notifications.tasks import creer_rappels

    mettre_en_file_apres_commit(creer_rappels)
