"""Abstract model pieces shared by every dispositif (config is not an app: abstract models only)."""

from django.conf import settings
from django.db import models


class Trace(models.Model):
    """Who created a record of the pacte and when; when it was last changed."""

    cree_le = models.DateTimeField("enregistré le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted: authorship stays known
        related_name="+",
        verbose_name="enregistré par",
    )

    class Meta:
        abstract = True
