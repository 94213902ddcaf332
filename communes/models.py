"""The 23 communes of Dijon Métropole and the per-commune, per-dispositif grants.

Every record of the dispositifs of the pacte is scoped by the commune of residence of the person
followed; a grant is a django-guardian object permission `dispositif_<code>` on a `Commune`, one
per declared dispositif (`config.dispositifs`), created after each migrate
(`communes.habilitations.creer_les_permissions`).
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=100, unique=True)
    cls = models.BooleanField(
        "commune du Contrat Local de Santé",
        default=False,
        help_text="Territoire de l'équipe mobile EMAS (action 2.3).",
    )

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["nom"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.nom} ({self.code_insee})"

    def natural_key(self) -> tuple[str]:
        return (self.code_insee,)


class CommuneUserObjectPermission(UserObjectPermissionBase):
    """A dispositif grant given to one user on one commune (guardian, direct foreign key)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name="agent")
    content_object = models.ForeignKey(Commune, on_delete=models.CASCADE, verbose_name="commune")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "habilitation d'un agent"
        verbose_name_plural = "habilitations des agents"


class CommuneGroupObjectPermission(GroupObjectPermissionBase):
    """A dispositif grant given to a group (a role or a team) on one commune."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, verbose_name="groupe")
    content_object = models.ForeignKey(Commune, on_delete=models.CASCADE, verbose_name="commune")

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "habilitation d'un groupe"
        verbose_name_plural = "habilitations des groupes"
