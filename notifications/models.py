"""Reminders of the pacte's follow-ups, made by the daily scan from the rules the dispositifs declare.

A `Notification` is one reminder for one person about one record. It exists **exactly once**
per (object, kind, recipient): the daily scan inserts with `INSERT … ON CONFLICT DO NOTHING`
against the unique constraint below, so a doubled, concurrent or re-delivered scan adds
nothing. The e-mail digest marks `envoyee_le` after sending, so a re-run does not resend.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from config import dispositifs as registre


def types_de_rappel() -> list[tuple[str, str]]:
    """The kinds of reminder the dispositifs declare (`config.dispositifs.TypeRappel`), as choices."""
    return [(t.code, t.libelle) for t in registre.types_de_rappel()]


def objets_rappeles() -> list[tuple[str, str]]:
    """What a reminder may be about; with `objet_id`, enough to build the link to the record."""
    return [(o.code, o.libelle) for o in registre.objets_rappeles()]


class NotificationQuerySet(models.QuerySet):
    def de(self, user) -> "NotificationQuerySet":
        """Les notifications dont `user` est le destinataire — et aucune autre, administrateurs compris."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(destinataire=user)

    def non_lues(self) -> "NotificationQuerySet":
        return self.filter(lue_le__isnull=True)

    def a_envoyer(self) -> "NotificationQuerySet":
        return self.filter(envoyee_le__isnull=True)


class Notification(models.Model):
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # a reminder is worth nothing without its reader
        related_name="notifications",
        verbose_name="destinataire",
    )
    type = models.CharField("type", max_length=30)  # a code of `types_de_rappel`
    # A type and an id rather than a generic foreign key: the reminder must not block the
    # deletion rules of the records (they have their own), and the link needs nothing more.
    objet_type = models.CharField("type d'objet", max_length=20)  # a code of `objets_rappeles`
    objet_id = models.PositiveBigIntegerField("identifiant de l'objet")
    titre = models.CharField("titre", max_length=200)
    message = models.CharField("message", max_length=500)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)
    envoyee_le = models.DateTimeField("envoyée par courriel le", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-cree_le", "-id"]
        constraints = [
            # The exactly-once guarantee of the reminders: the scan inserts ON CONFLICT DO NOTHING.
            models.UniqueConstraint(
                fields=["objet_type", "objet_id", "type", "destinataire"], name="notification_unique"
            )
        ]
        indexes = [
            models.Index(fields=["destinataire", "-cree_le"], name="notification_dest_cree_idx"),
            models.Index(
                fields=["destinataire"], condition=Q(lue_le__isnull=True), name="notification_non_lue_idx"
            ),
            models.Index(
                fields=["destinataire"],
                condition=Q(envoyee_le__isnull=True),
                name="notification_a_envoyer_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titre} ({self.destinataire})"

    @property
    def lue(self) -> bool:
        return self.lue_le is not None
