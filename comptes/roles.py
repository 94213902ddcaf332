"""Roles are Django groups (created by migration). Each role works for one or more dispositifs.

A role says *what* a user does; the communes where they may do it come from their grants
(`communes.habilitations`). Each app declares, in its AppConfig, the model permissions each
role needs in the admin (`permissions_par_role`); they are synchronised after every migrate.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import models

from communes.models import Dispositif


class Role(models.TextChoices):
    ACCES_DROITS = "acces_droits", "Agent d'accompagnement administratif (action 1.1)"
    ASLL = "asll", "Travailleur social ASLL (action 2.1)"
    ACOR = "acor", "Intervenant ACOR (action 2.2)"
    EMAS = "emas", "Équipe mobile EMAS (action 2.3)"
    ENCADRANT = "encadrant", "Encadrant"
    # Reads the access journal (API and admin), never the files themselves.
    DPO = "dpo", "Délégué à la protection des données"


ADMINISTRATEUR = "administrateur"

# The dispositifs whose records a role works on. Supervisors see the records of the
# dispositifs they supervise, never the EMAS health records (anonymised counts only).
DISPOSITIFS_PAR_ROLE: dict[str, tuple[Dispositif, ...]] = {
    Role.ACCES_DROITS: (Dispositif.ACCES_DROITS,),
    Role.ASLL: (Dispositif.ASLL,),
    Role.ACOR: (Dispositif.ACOR,),
    Role.EMAS: (Dispositif.EMAS,),
    Role.ENCADRANT: (Dispositif.ACCES_DROITS, Dispositif.ASLL, Dispositif.ACOR),
    Role.DPO: (),
}


def role_de(user) -> str | None:
    """The role of `user`: `administrateur` for superusers, else their role group (if any)."""
    if user.is_superuser:
        return ADMINISTRATEUR
    noms = {g.name for g in user.groups.all()}
    return next((r.value for r in Role if r.value in noms), None)


def synchroniser_permissions_des_roles(sender=None, **kwargs) -> None:
    """Give each role group the model permissions declared by the apps (idempotent)."""
    using = kwargs.get("using", "default")
    for role in Role:
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        voulues: set[str] = set()
        for config in global_apps.get_app_configs():
            voulues.update(getattr(config, "permissions_par_role", {}).get(role.value, ()))
        if not voulues:
            continue
        couples = [p.split(".", 1) for p in voulues]
        permissions = Permission.objects.using(using).filter(
            models.Q(
                *[models.Q(content_type__app_label=a, codename=c) for a, c in couples], _connector=models.Q.OR
            )
        )
        group.permissions.set(permissions)  # exactly what the apps declare: a permission withdrawn is removed
