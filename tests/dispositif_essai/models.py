"""The records of the test-only dispositif: visits to a person, dated, by an agent."""

from django.conf import settings
from django.db import models

from communes.models import Commune
from config.models import Trace, Versioned
from config.validators import valider_date_pas_future, valider_date_plausible
from tests.dispositif_essai.perms import filtre_essai
from usagers.models import Usager


class VisiteQuerySet(models.QuerySet):
    def visibles_par(self, user) -> "VisiteQuerySet":
        """Les visites des usagers d'une commune où l'agent détient l'habilitation d'essai."""
        return self.filter(filtre_essai(user))


class Visite(Versioned, Trace):
    usager = models.ForeignKey(
        Usager, on_delete=models.PROTECT, related_name="visites_essai", verbose_name="usager"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="référent"
    )
    date = models.DateField("date", validators=[valider_date_pas_future, valider_date_plausible])
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune à la date de la visite"
    )
    note = models.TextField("note", blank=True)

    objects = VisiteQuerySet.as_manager()

    class Meta:
        verbose_name = "visite"
        verbose_name_plural = "visites"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"Visite du {self.date:%d/%m/%Y}"
