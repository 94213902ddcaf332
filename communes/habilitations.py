"""Who may act on which commune, for which dispositif.

One rule, used by every list, detail, admin page and export: a user acts on a commune for a
dispositif only when they hold that dispositif's **object** permission on that commune,
directly or through one of their groups. Model-level (global) permissions are deliberately
ignored: django-guardian's `get_objects_for_user` would accept them by default and a group
holding the global permission would then see every commune.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q, QuerySet

from communes.models import Commune, CommuneGroupObjectPermission, CommuneUserObjectPermission, Dispositif

TOUS_DISPOSITIFS: tuple[Dispositif, ...] = tuple(Dispositif)


def _codenames(dispositifs: Iterable[Dispositif | str]) -> list[str]:
    return [Dispositif(d).codename for d in dispositifs]


def communes_habilitees(user, dispositifs: Iterable[Dispositif | str] = TOUS_DISPOSITIFS) -> list[str]:
    """The INSEE codes of the communes where `user` holds one of `dispositifs` (object permissions
    only: the user's own grants and their groups').

    Read in **one query per user object** for every dispositif (the UNION of guardian's two
    direct foreign-key tables), then kept on that object: a request's user (token, session) or a
    task's lives as long as the request or the task, so every list, detail and check of one request
    costs that one query. Granting through `habilitations_remplacer` forgets it on the object given.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    # Administrators (superusers) are not caseworkers: they manage accounts, grants and settings,
    # and read nominative files only through a grant, like anyone (each read journaled, `journal`).
    habilitations = getattr(user, "_communes_par_habilitation", None)
    if habilitations is None:
        dans_communes = {"permission__content_type__app_label": "communes"}
        directes = CommuneUserObjectPermission.objects.filter(user=user, **dans_communes).values_list(
            "permission__codename", "content_object_id"
        )
        par_groupe = CommuneGroupObjectPermission.objects.filter(
            group__user=user, **dans_communes
        ).values_list("permission__codename", "content_object_id")
        habilitations = {}
        for codename, commune in directes.union(par_groupe):
            habilitations.setdefault(codename, set()).add(commune)
        user._communes_par_habilitation = habilitations
    return sorted(set().union(*(habilitations.get(c, ()) for c in _codenames(dispositifs))))


def dans_un_compartiment(user) -> bool:
    """Un compte est dans un compartiment quand il est actif, n'est pas administrateur
    (superutilisateur) et détient l'habilitation d'un dispositif compartimenté — aujourd'hui
    `dispositif_emas`, données de santé — sur au moins une commune. Ses pages demandent une
    authentification forte (`comptes.perms.exige_second_facteur`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_superuser:
        return False
    return bool(communes_habilitees(user, [Dispositif.EMAS]))


def oublier_habilitations(user) -> None:
    """Forget the grants read on this user object (after changing them)."""
    user.__dict__.pop("_communes_par_habilitation", None)


def filtre_communes(
    user, dispositifs: Iterable[Dispositif | str] = TOUS_DISPOSITIFS, champ: str = "commune_id"
) -> Q:
    """A `Q` on the column `champ`: the communes where `user` holds one of `dispositifs`.

    The communes are a literal list (`communes_habilitees`, read once per request), so the planner
    knows them: a commune's list is one range of the records' (commune, list order) index, and a
    deep page walks it in order (docs/PERFORMANCE.md, figure 1). A user with no grant gets none.
    """
    return Q(**{f"{champ}__in": communes_habilitees(user, dispositifs)})


def communes_autorisees(
    user, dispositifs: Iterable[Dispositif | str] = TOUS_DISPOSITIFS
) -> QuerySet[Commune]:
    """The communes where `user` holds at least one of `dispositifs` (object permissions only)."""
    return Commune.objects.filter(filtre_communes(user, dispositifs, champ="pk"))


def peut_agir_sur_commune(user, commune: Commune | str, dispositifs=TOUS_DISPOSITIFS) -> bool:
    """Un agent agit sur une commune s'il y détient l'habilitation d'un des dispositifs demandés."""
    code = commune.pk if isinstance(commune, Commune) else commune
    return code in communes_habilitees(user, dispositifs)


def peut_etre_referent(user, commune: Commune | str, dispositif: Dispositif | str) -> bool:
    """Le référent d'un dossier (l'agent ou le travailleur social qui le suit) est un compte actif
    habilité pour ce dispositif sur la commune de l'usager."""
    return bool(user.is_active) and peut_agir_sur_commune(user, commune, [dispositif])


def comptes_habilites(dispositif: Dispositif | str, commune: Commune | str | None = None):
    """The active accounts that may be référent for `dispositif` (on `commune`, or on at least one
    commune): the same rule as `peut_etre_referent`, as a queryset for choices and lists."""
    from comptes.models import User

    codename = Dispositif(dispositif).codename
    code = commune.pk if isinstance(commune, Commune) else commune
    sur_commune = {"content_object_id": code} if code else {}
    directs = CommuneUserObjectPermission.objects.filter(
        permission__codename=codename, permission__content_type__app_label="communes", **sur_commune
    ).values("user_id")
    par_groupe = CommuneGroupObjectPermission.objects.filter(
        permission__codename=codename, permission__content_type__app_label="communes", **sur_commune
    ).values("group_id")
    membres = User.groups.through.objects.filter(group_id__in=par_groupe).values("user_id")
    condition = Q(pk__in=directs) | Q(pk__in=membres)
    return User.objects.filter(condition, is_active=True).order_by("last_name", "first_name", "pk")


def _permission(dispositif: Dispositif | str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="communes", codename=Dispositif(dispositif).codename
    )


@transaction.atomic
def habilitations_remplacer(
    *, user, dispositifs: Iterable[Dispositif | str], communes: Iterable[Commune]
) -> None:
    """Replace every direct grant of `user` by `dispositifs` on `communes`."""
    oublier_habilitations(user)
    CommuneUserObjectPermission.objects.filter(user=user).delete()
    permissions = [_permission(d) for d in dispositifs]
    CommuneUserObjectPermission.objects.bulk_create(
        [
            CommuneUserObjectPermission(user=user, permission=permission, content_object=commune)
            for permission in permissions
            for commune in communes
        ]
    )


@transaction.atomic
def habilitation_accorder_groupe(
    *, group: Group, dispositif: Dispositif | str, communes: Iterable[Commune]
) -> None:
    """Grant `dispositif` on `communes` to every member of `group` (idempotent)."""
    permission = _permission(dispositif)
    for commune in communes:
        CommuneGroupObjectPermission.objects.get_or_create(
            group=group, permission=permission, content_object=commune
        )
