"""Writes on accounts: create or update an agent with one role and its commune grants; record a
sign-in event (comptes.models.EvenementDeConnexion)."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from communes.habilitations import dans_un_compartiment, habilitations_remplacer, oublier_habilitations
from communes.models import Commune
from comptes.connexion import adresse_du_client
from comptes.jetons import jetons_sans_second_facteur_revoquer
from comptes.models import Evenement, EvenementDeConnexion, Moyen, User
from comptes.roles import codes_des_roles, dispositifs_du_role
from config import dispositifs as registre
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
    email: str = "",
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
    if email:
        user.email = email
    user.is_staff = staff
    user.is_active = True
    user.save()
    autres_roles = Group.objects.filter(name__in=roles).exclude(name=role)
    user.groups.remove(*autres_roles)
    user.groups.add(Group.objects.get(name=role))
    habilitations_remplacer(user=user, dispositifs=dispositifs_du_role(role), communes=list(communes))
    if dans_un_compartiment(user):
        # Health data: the tokens issued without the second factor stop at once.
        jetons_sans_second_facteur_revoquer(user=user)
    oublier_habilitations(user)  # read fresh by whoever uses this object next, as before
    return user


def evenement_de_connexion_enregistrer(
    *,
    evenement: str,
    moyen: str,
    request=None,
    user: User | None = None,
    compte: str = "",
    motif: str = "",
    detail: str = "",
    par: User | None = None,
) -> EvenementDeConnexion:
    """Append one entry to the sign-in journal: who (`user`, or the identifier `compte` given for a
    failure), how, from where (the client's address, `adresse_du_client`). Callers pass reasons and
    details, never a password, a one-time code or a token."""
    return EvenementDeConnexion.objects.create(
        evenement=evenement,
        moyen=moyen,
        compte_id=user.pk if user is not None else None,
        compte=(user.get_username() if user is not None else str(compte or ""))[:254],
        adresse=adresse_du_client(request)[:45],
        motif=motif[:200],
        detail=detail[:200],
        par_id=par.pk if par is not None else None,
        par=par.get_username() if par is not None else "",
    )


@transaction.atomic
def proconnect_delier(*, user: User, par: User, request=None) -> int:
    """Forget the ProConnect identity of `user` (the agent changed organisation, so ProConnect gives them
    another `sub`): their next ProConnect sign-in links again by the verified e-mail. Journaled."""
    if not user.proconnect_sub:
        return 0
    User.objects.filter(pk=user.pk).update(proconnect_sub=None)
    user.proconnect_sub = None
    evenement_de_connexion_enregistrer(
        evenement=Evenement.DELIAISON, moyen=Moyen.ADMINISTRATION, request=request, user=user, par=par
    )
    return 1


def est_reference(user: User) -> bool:
    """Un compte est référencé dès qu'un dossier d'un dispositif le nomme (référent, auteur,
    intervenant…) : il ne se supprime plus, il se désactive — sinon le dossier perdrait qui l'a suivi et
    les comptes par profession changeraient."""
    for _dispositif, dossier in registre.dossiers():
        for champ in dossier.model._meta.get_fields():
            if (
                champ.is_relation
                and champ.concrete
                and champ.related_model is User
                and dossier.model._base_manager.filter(**{champ.name: user.pk}).exists()
            ):
                return True
    return False


@transaction.atomic
def compte_supprimer(*, user: User, par: User) -> bool:
    """Delete an account nobody's record names; deactivate it otherwise (its tokens revoked, its
    sessions refused). True when deleted."""
    if est_reference(user):
        user.is_active = False
        user.save(update_fields=["is_active"])
        return False
    user.delete()
    return True
