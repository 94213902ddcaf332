"""The persons followed (usagers), shared by the four dispositifs of the pacte.

A usager's commune of residence decides who may see them (`communes.habilitations`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from communes.habilitations import TOUS_DISPOSITIFS, filtre_communes
from communes.models import Commune
from usagers.validators import normaliser_telephone, valider_date_naissance


class UsagerQuerySet(models.QuerySet):
    def visibles_par(self, user, dispositifs=TOUS_DISPOSITIFS) -> "UsagerQuerySet":
        """Les usagers d'une commune où l'agent détient au moins une habilitation de dispositif."""
        return self.filter(filtre_communes(user, dispositifs))


class Usager(models.Model):
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    date_naissance = models.DateField("date de naissance", validators=[valider_date_naissance])
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,  # a commune of the métropole is never deleted while people live there
        related_name="usagers",
        verbose_name="commune de résidence",
    )
    adresse = models.CharField("adresse", max_length=255, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)

    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted: authorship stays traceable
        related_name="+",
        null=True,
        blank=True,
        verbose_name="créé par",
    )
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="modifié par",
    )

    objects = UsagerQuerySet.as_manager()

    class Meta:
        verbose_name = "usager"
        verbose_name_plural = "usagers"
        ordering = ["nom", "prenom", "id"]
        indexes = [
            models.Index(fields=["commune", "nom", "prenom"], name="usager_commune_nom_idx"),
            models.Index(fields=["nom", "prenom"], name="usager_nom_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nom.upper()} {self.prenom}"

    def clean(self) -> None:
        # One rule for every path (API, admin, services): a French number, stored as `06 12 34 56 78`.
        if self.telephone:
            try:
                self.telephone = normaliser_telephone(self.telephone)
            except ValidationError as exc:
                raise ValidationError({"telephone": exc.messages}) from exc
