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


def test_compte_dpo_sans_communes():
    call_command("creer_agent", "dpo.test", "--password", "Motdepasse-123", "--role", "dpo", stdout=None)

    dpo = User.objects.get(username="dpo.test")
    assert role_de(dpo) == "dpo"
    assert not communes_autorisees(dpo).exists()


def test_dpo_avec_communes_refuse_en_francais():
    with pytest.raises(CommandError, match="ne travaille sur aucune commune"):
        call_command("creer_agent", "dpo.test", "--role", "dpo", "--communes", "all")

    assert not User.objects.filter(username="dpo.test").exists()


def test_agent_sans_communes_refuse_en_francais():
    with pytest.raises(CommandError, match="L'option --communes est obligatoire pour le rôle « asll »"):
        call_command("creer_agent", "erin", "--role", "asll")

    assert not User.objects.filter(username="erin").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["frank"], "Erreur : arguments obligatoires manquants : --role"),
        (["frank", "--role", "pilote"], "Erreur : argument --role : valeur « pilote » refusée"),
        (["frank", "--role", "dpo", "--inconnu", "x"], "Erreur : arguments inconnus : --inconnu x"),
        (["frank", "--role"], "Erreur : argument --role : une valeur est attendue"),
    ],
)
def test_erreurs_d_arguments_en_francais(arguments, message):
    with pytest.raises(CommandError) as erreur:
        call_command("creer_agent", *arguments)

    assert str(erreur.value).startswith(message)
    assert not User.objects.filter(username="frank").exists()


def test_aide_en_francais(capsys):
    with pytest.raises(SystemExit):
        call_command("creer_agent", "--help")

    aide = capsys.readouterr().out
    assert aide.startswith("utilisation : ")
    assert "Affiche cette aide et s'arrête." in aide
    for anglais in ("usage:", "show this help", "positional arguments", "Verbosity level"):
        assert anglais not in aide
