"""Requests to erase a person ahead of the schedule (RGPD art. 17), serving every dispositif.

An administrator's request is recorded, always with the same answer; the daily retention run
anonymises the person once none of her records is open in any dispositif (`Dossier.ouvert_tant_que_vide`).
Until then it waits: the team holding an open file closes it (or keeps it, under art. 17.3), told by
the data-protection officer, the only one who reads pending requests — an administrator outside the
EMAS team would otherwise learn, from a refusal or a wait, that the team follows the person
(docs/DONNEES_PERSONNELLES.md, « Effacement anticipé »)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class DemandeAnonymisation(models.Model):
    usager = models.ForeignKey(
        "usagers.Usager",
        on_delete=models.PROTECT,  # the request is the trace of the erasure asked for
        related_name="+",
        verbose_name="personne",
    )
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="demandée par"
    )
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    faite_le = models.DateField("anonymisation faite le", null=True, blank=True)

    class Meta:
        verbose_name = "demande d'anonymisation anticipée"
        verbose_name_plural = "demandes d'anonymisation anticipée"
        ordering = ["-demandee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["usager"],
                condition=Q(faite_le__isnull=True),
                name="une_demande_d_anonymisation_en_attente_par_personne",
                violation_error_message="Une demande d'anonymisation de cette personne est déjà en attente.",
            )
        ]

    def __str__(self) -> str:
        return f"Demande n°{self.pk} du {self.demandee_le:%d/%m/%Y}"
