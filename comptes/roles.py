"""Roles are Django groups. Each declared dispositif has the role of its agents, named by its code
(`config.dispositifs`); two roles belong to the kernel: supervisors and the data-protection officer.
Superusers are administrators.

A role says *what* a user does; the communes where they may do it come from their grants
(`communes.habilitations`). Each app declares, in its AppConfig, the model permissions each
role needs in the admin (`permissions_par_role`; the key `agents` stands for the agents of every
dispositif, `*` for every role that works on files: the agents and the supervisors); they are
synchronised after every migrate.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import models

from config import dispositifs as registre


class Role(models.TextChoices):
    """The kernel's own roles (the agents' roles are the dispositifs' codes)."""

    ENCADRANT = "encadrant", "Encadrant"
    # Reads the access journal (API and admin), never the files themselves.
    DPO = "dpo", "Délégué à la protection des données"


ADMINISTRATEUR = "administrateur"


def roles() -> list[tuple[str, str]]:
    """Every role as (code, label): the agents of each dispositif, then the kernel's."""
    return [(d.code, d.role) for d in registre.avec_habilitation()] + list(Role.choices)


def codes_des_roles() -> list[str]:
    return [code for code, _ in roles()]


def dispositifs_du_role(role: str) -> tuple[str, ...]:
    """The grants a role works with: its own dispositif's; a supervisor's, every supervised
    dispositif (never a compartment: they read its counts, anonymised); the dpo's, none."""
    if role == Role.ENCADRANT:
        return registre.codes(supervise=True)
    if role == Role.DPO:
        return ()
    if role in registre.codes():
        return (role,)
    raise KeyError(role)


def role_de(user) -> str | None:
    """The role of `user`: `administrateur` for superusers, else their role group (if any)."""
    if user.is_superuser:
        return ADMINISTRATEUR
    noms = {g.name for g in user.groups.all()}
    return next((code for code in codes_des_roles() if code in noms), None)


def est_encadrant(user) -> bool:
    """Un encadrant est un membre actif du groupe « encadrant »."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.groups.filter(name=Role.ENCADRANT).exists()


def synchroniser_permissions_des_roles(sender=None, **kwargs) -> None:
    """Give each role group the model permissions declared by the apps (idempotent)."""
    using = kwargs.get("using", "default")
    for role in codes_des_roles():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        voulues: set[str] = set()
        for config in global_apps.get_app_configs():
            par_role = getattr(config, "permissions_par_role", {})
            voulues.update(par_role.get(role, ()))
            if role != Role.DPO:
                voulues.update(par_role.get("*", ()))
            if role in registre.codes():
                voulues.update(par_role.get("agents", ()))
        if not voulues:
            continue
        couples = [p.split(".", 1) for p in voulues]
        permissions = Permission.objects.using(using).filter(
            models.Q(
                *[models.Q(content_type__app_label=a, codename=c) for a, c in couples], _connector=models.Q.OR
            )
        )
        group.permissions.set(permissions)  # exactly what the apps declare: a permission withdrawn is removed


_VERBES = {"add": "ajouter", "change": "modifier", "delete": "supprimer", "view": "consulter"}


def nommer_les_permissions_en_francais(sender=None, **kwargs) -> None:
    """Django names the model permissions in English (« Can add usager »), once, when it creates them;
    an administrator reads them on every group and account: renamed « Peut ajouter : usager »
    (idempotent, after every migrate)."""
    using = kwargs.get("using", "default")
    for permission in (
        Permission.objects.using(using).filter(name__startswith="Can ").select_related("content_type")
    ):
        verbe, _, modele = permission.codename.partition("_")
        model = permission.content_type.model_class()
        if verbe not in _VERBES or model is None or modele != model._meta.model_name:
            continue
        permission.name = f"Peut {_VERBES[verbe]} : {model._meta.verbose_name}"[:255]
        permission.save(update_fields=["name"])
