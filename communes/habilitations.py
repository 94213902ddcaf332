"""Who may act on which commune, for which dispositif.

One rule, used by every list, detail, admin page and export: a user acts on a commune for a
dispositif only when they hold that dispositif's **object** permission on that commune,
directly or through one of their groups. Model-level (global) permissions are deliberately
ignored: django-guardian's `get_objects_for_user` would accept them by default and a group
holding the global permission would then see every commune.

The dispositifs are the declared ones (`config.dispositifs`); a dispositif is named here by its
code only. A compartment's grant (health data, `Dispositif.compartiment`) never counts for an
administrator: this module is the one place that says who is inside a compartment.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import CharField, Expression, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat

from communes.models import Commune, CommuneGroupObjectPermission, CommuneUserObjectPermission
from config import dispositifs as registre
from config.dispositifs import codename


def _codes(dispositifs: Iterable[str] | None) -> tuple[str, ...]:
    """The grant codes asked for (every declared one by default)."""
    return registre.codes() if dispositifs is None else tuple(dispositifs)


def communes_habilitees(user, dispositifs: Iterable[str] | None = None) -> list[str]:
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
    # and read nominative files only through a grant, like anyone (each read journaled, `journal`);
    # a compartment's files, never, even through a grant given by mistake.
    codes = _codes(dispositifs)
    if user.is_superuser:
        codes = tuple(c for c in codes if c not in registre.codes(compartiment=True))
    if not codes:
        return []
    habilitations = getattr(user, "_communes_par_habilitation", None)
    if habilitations is None:
        directes, par_groupe = (
            lignes.values_list("permission__codename", "content_object_id")
            for lignes in _lignes_d_habilitation(user)
        )
        habilitations = {}
        for nom, commune in directes.union(par_groupe):
            habilitations.setdefault(nom, set()).add(commune)
        user._communes_par_habilitation = habilitations
    return sorted(set().union(*(habilitations.get(codename(c), ()) for c in codes)))


def _lignes_d_habilitation(compte) -> tuple[QuerySet, QuerySet]:
    """The grant rows of `compte` (an account, or an `OuterRef` to one): its own, and its groups'
    (guardian's two object tables, object permissions on communes only)."""
    dans_communes = {"permission__content_type__app_label": "communes"}
    return (
        CommuneUserObjectPermission.objects.filter(user=compte, **dans_communes),
        CommuneGroupObjectPermission.objects.filter(group__user=compte, **dans_communes),
    )


_SEPARATEUR = " "  # between a grant's codename and its commune (neither holds a space)


def habilitations_a_lire_avec(chemin_user: str) -> dict[str, Expression]:
    """Annotations that read the grants of the account at `chemin_user` in the statement that loads
    it (PostgreSQL: two arrays, its own grants and its groups'), for `retenir_habilitations`: the
    API's token lookup reads the account and its grants in one round trip instead of two. Empty
    elsewhere (the grants are then read on first use, as before)."""
    if connection.vendor != "postgresql":
        return {}

    def tableau(lignes: QuerySet) -> ArraySubquery:
        texte = Concat(
            "permission__codename", Value(_SEPARATEUR), "content_object_id", output_field=CharField()
        )
        return ArraySubquery(lignes.annotate(habilitation=texte).values("habilitation"))

    directes, par_groupe = _lignes_d_habilitation(OuterRef(chemin_user))
    return {"habilitations_directes": tableau(directes), "habilitations_de_groupe": tableau(par_groupe)}


def retenir_habilitations(user, objet) -> None:
    """Keep on `user` the grants read by `habilitations_a_lire_avec` on `objet` (the row that loaded
    it): `communes_habilitees` then reads no more for this user object."""
    if not hasattr(objet, "habilitations_directes"):
        return
    habilitations: dict[str, set[str]] = {}
    for texte in (*objet.habilitations_directes, *objet.habilitations_de_groupe):
        nom, commune = texte.split(_SEPARATEUR, 1)
        habilitations.setdefault(nom, set()).add(commune)
    user._communes_par_habilitation = habilitations


def oublier_habilitations(user) -> None:
    """Forget the grants read on this user object (after changing them)."""
    user.__dict__.pop("_communes_par_habilitation", None)


def filtre_communes(user, dispositifs: Iterable[str] | None = None, champ: str = "commune_id") -> Q:
    """A `Q` on the column `champ`: the communes where `user` holds one of `dispositifs`.

    The communes are a literal list (`communes_habilitees`, read once per request), so the planner
    knows them: a commune's list is one range of the records' (commune, list order) index, and a
    deep page walks it in order (docs/PERFORMANCE.md, figure 1). A user with no grant gets none.
    """
    return Q(**{f"{champ}__in": communes_habilitees(user, dispositifs)})


def communes_autorisees(user, dispositifs: Iterable[str] | None = None) -> QuerySet[Commune]:
    """The communes where `user` holds at least one of `dispositifs` (object permissions only)."""
    return Commune.objects.filter(filtre_communes(user, dispositifs, champ="pk"))


def peut_agir_sur_commune(user, commune: Commune | str, dispositifs: Iterable[str] | None = None) -> bool:
    """Un agent agit sur une commune s'il y détient l'habilitation d'un des dispositifs demandés."""
    code = commune.pk if isinstance(commune, Commune) else commune
    return code in communes_habilitees(user, dispositifs)


def peut_etre_referent(user, commune: Commune | str, dispositif: str) -> bool:
    """Le référent d'un dossier (l'agent ou le travailleur social qui le suit) est un compte actif
    habilité pour ce dispositif sur la commune de l'usager (jamais un administrateur pour un
    dispositif à compartiment)."""
    return bool(user.is_active) and peut_agir_sur_commune(user, commune, [dispositif])


def dans_le_compartiment(user, code: str) -> bool:
    """Un compte est dans le compartiment d'un dispositif (données de santé) s'il est actif, n'est
    pas administrateur et détient l'habilitation de ce dispositif sur au moins une commune."""
    return bool(communes_habilitees(user, [code]))


def dans_un_compartiment(user) -> bool:
    """Un compte est dans un compartiment s'il est dans celui d'au moins un dispositif."""
    return any(dans_le_compartiment(user, code) for code in registre.codes(compartiment=True))


def _titulaires(code: str, commune: Commune | str | None = None) -> tuple[QuerySet, QuerySet]:
    """The grant rows of `code` (on `commune` when given): directly, and through a group."""
    sur_commune = {"content_object_id": commune.pk if isinstance(commune, Commune) else commune}
    filtre = {
        "permission__codename": codename(code),
        "permission__content_type__app_label": "communes",
        **(sur_commune if commune else {}),
    }
    return CommuneUserObjectPermission.objects.filter(**filtre), CommuneGroupObjectPermission.objects.filter(
        **filtre
    )


def _comptes_actifs(code: str) -> QuerySet:
    comptes = get_user_model().objects.filter(is_active=True)
    return comptes.filter(is_superuser=False) if code in registre.codes(compartiment=True) else comptes


def comptes_habilites(dispositif: str, commune: Commune | str | None = None) -> QuerySet:
    """The active accounts that may be référent for `dispositif` (on `commune`, or on at least one
    commune): the same rule as `peut_etre_referent`, as a queryset for choices and lists."""
    directs, par_groupe = _titulaires(dispositif, commune)
    membres = (
        get_user_model()
        .groups.through.objects.filter(group_id__in=par_groupe.values("group_id"))
        .values("user_id")
    )
    condition = Q(pk__in=directs.values("user_id")) | Q(pk__in=membres)
    return _comptes_actifs(dispositif).filter(condition).order_by("last_name", "first_name", "pk")


def comptes_par_commune(dispositif: str, role: str | None = None) -> dict[str, set[int]]:
    """{code INSEE: ids of the active accounts (members of `role` when given) granted `dispositif`
    there}, by the rule of `comptes_habilites`. One SQL query (a UNION of the direct grants and the
    grants through a group), whatever the number of communes: a reminder rule joins it in Python."""
    comptes = _comptes_actifs(dispositif)
    if role is not None:
        comptes = comptes.filter(groups__name=role)
    directs, par_groupe = _titulaires(dispositif)
    lignes = directs.filter(user__in=comptes.values("pk")).values_list("content_object_id", "user_id")
    lignes_groupe = par_groupe.filter(group__user__in=comptes.values("pk")).values_list(
        "content_object_id", "group__user__id"
    )
    resultat: dict[str, set[int]] = defaultdict(set)
    for commune_id, user_id in lignes.union(lignes_groupe):
        resultat[commune_id].add(user_id)
    return resultat


def _permission(dispositif: str) -> Permission:
    return Permission.objects.get(content_type__app_label="communes", codename=codename(dispositif))


@transaction.atomic
def habilitations_remplacer(*, user, dispositifs: Iterable[str], communes: Iterable[Commune]) -> None:
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
def habilitation_accorder_groupe(*, group: Group, dispositif: str, communes: Iterable[Commune]) -> None:
    """Grant `dispositif` on `communes` to every member of `group` (idempotent)."""
    permission = _permission(dispositif)
    for commune in communes:
        CommuneGroupObjectPermission.objects.get_or_create(
            group=group, permission=permission, content_object=commune
        )


def creer_les_permissions(sender=None, using: str = "default", **kwargs) -> None:
    """After each migrate: the permission `dispositif_<code>` on `Commune` of every declared dispositif
    (idempotent; a permission is never removed here — grants given with it stay readable)."""
    type_commune = ContentType.objects.db_manager(using).get_for_model(Commune, for_concrete_model=True)
    for dispositif in registre.avec_habilitation():
        Permission.objects.using(using).update_or_create(
            content_type=type_commune,
            codename=dispositif.codename,
            defaults={"name": f"Dossiers du dispositif « {dispositif.libelle} »"},
        )
