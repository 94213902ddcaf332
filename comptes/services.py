"""Writes on accounts: create or update an agent with one role and its commune grants."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from communes.habilitations import habilitations_remplacer
from communes.models import Commune
from comptes.models import User
from comptes.roles import codes_des_roles, dispositifs_du_role
from config.errors import RegleMetierError


def communes_depuis_codes(codes: str | Iterable[str]) -> list[Commune]:
    """`"all"` for the 23 communes, else codes INSEE separated by commas; unknown codes are refused."""
    if isinstance(codes, str):
        if codes.strip().lower() in {"all", "toutes"}:
            return list(Commune.objects.all())
        codes = [c.strip() for c in codes.split(",") if c.strip()]
    codes = list(dict.fromkeys(codes))
    communes = list(Commune.objects.filter(code_insee__in=codes))
    inconnus = sorted(set(codes) - {c.code_insee for c in communes})
    if inconnus:
        raise RegleMetierError(
            f"Codes INSEE inconnus dans Dijon Métropole : {', '.join(inconnus)}.", champ="communes"
        )
    return communes


@transaction.atomic
def agent_enregistrer(
    *,
    username: str,
    role: str,
    communes: Iterable[Commune],
    password: str | None = None,
    profession: str = "",
    staff: bool = True,
) -> User:
    """Create or update `username` with exactly one role and that role's grants on `communes`."""
    roles = codes_des_roles()
    if role not in roles:
        raise RegleMetierError(
            f"Rôle inconnu « {role} » ; rôles possibles : {', '.join(roles)}.", champ="role"
        )
    user, _ = User.objects.get_or_create(username=username)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise RegleMetierError(" ".join(exc.messages), champ="password") from exc
        user.set_password(password)
    if profession:
        user.profession = profession
    user.is_staff = staff
    user.is_active = True
    user.save()
    autres_roles = Group.objects.filter(name__in=roles).exclude(name=role)
    user.groups.remove(*autres_roles)
    user.groups.add(Group.objects.get(name=role))
    habilitations_remplacer(user=user, dispositifs=dispositifs_du_role(role), communes=list(communes))
    return user
