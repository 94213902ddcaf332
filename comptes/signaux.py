"""A deactivated account loses its API tokens at once, whatever path deactivated it (the admin's
form, a service, the shell): its sessions already stop, Django refusing inactive users."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from comptes.jetons import jetons_revoquer
from comptes.models import User


@receiver(post_save, sender=User, dispatch_uid="comptes.signaux.desactivation")
def revoquer_les_jetons_d_un_compte_desactive(sender, instance: User, **kwargs) -> None:
    if not instance.is_active:
        jetons_revoquer(user=instance)
