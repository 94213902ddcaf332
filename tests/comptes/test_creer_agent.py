import pytest
from django.core.management import CommandError, call_command

from accompagnements.perms import ACCES_DROITS
from communes.habilitations import communes_autorisees
from comptes.models import User
from comptes.roles import role_de
from logement.perms import ASLL

pytestmark = pytest.mark.django_db


def test_cree_un_agent_avec_son_role_et_ses_communes():
    call_command(
        "creer_agent",
        "alice",
        "--password",
        "Motdepasse-123",
        "--role",
        "acces_droits",
        "--communes",
        "21166,21231",
    )

    alice = User.objects.get(username="alice")
    assert alice.check_password("Motdepasse-123")
    assert role_de(alice) == "acces_droits"
    assert sorted(communes_autorisees(alice, [ACCES_DROITS]).values_list("pk", flat=True)) == [
        "21166",
        "21231",
    ]
    assert not communes_autorisees(alice, [ASLL]).exists()


def test_mise_a_jour_remplace_role_et_communes():
    call_command(
        "creer_agent", "bob", "--password", "Motdepasse-123", "--role", "acces_droits", "--communes", "all"
    )
    call_command("creer_agent", "bob", "--role", "asll", "--communes", "21355")

    bob = User.objects.get(username="bob")
    assert role_de(bob) == "asll"
    assert list(communes_autorisees(bob).values_list("pk", flat=True)) == ["21355"]
    assert bob.check_password("Motdepasse-123")


def test_toutes_les_communes():
    call_command(
        "creer_agent", "carole", "--password", "Motdepasse-123", "--role", "asll", "--communes", "all"
    )

    assert communes_autorisees(User.objects.get(username="carole")).count() == 23


def test_commune_inconnue_refusee_sans_rien_creer():
    with pytest.raises(CommandError, match="99999"):
        call_command("creer_agent", "dave", "--role", "asll", "--communes", "21231,99999")

    assert not User.objects.filter(username="dave").exists()
