"""Commune access comes from object permissions alone, directly or through a group."""

import pytest
from django.contrib.auth.models import Group, Permission
from guardian.shortcuts import get_objects_for_user

from accompagnements.perms import ACCES_DROITS
from communes.habilitations import (
    communes_autorisees,
    communes_habilitees,
    habilitation_accorder_groupe,
    habilitations_remplacer,
)
from communes.models import Commune
from config import dispositifs as registre
from config.dispositifs import codename
from emas.validators import EMAS
from logement.perms import ASLL
from tests.comptes.factories import UserFactory, agent
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC, UsagerFactory
from usagers.compartiment import filtre_compartiment
from usagers.models import Usager

pytestmark = pytest.mark.django_db


def _permission(dispositif: str) -> Permission:
    return Permission.objects.get(content_type__app_label="communes", codename=codename(dispositif))


def test_les_23_communes_et_les_5_du_contrat_local_de_sante():
    assert Commune.objects.count() == 23
    assert set(Commune.objects.filter(cls=True).values_list("nom", flat=True)) == {
        "Chenôve",
        "Dijon",
        "Longvic",
        "Quetigny",
        "Talant",
    }


def test_piege_permission_globale_d_un_groupe_n_ouvre_aucune_commune(client_de):
    """A group holding the model-level permission must not see every commune."""
    groupe = Group.objects.create(name="equipe-globale")
    groupe.permissions.add(*[_permission(d) for d in registre.codes()])
    user = UserFactory()
    user.groups.add(groupe)
    UsagerFactory(code_commune=DIJON)

    # guardian's default would accept the global permission: this is the trap we avoid.
    piege = get_objects_for_user(user, "communes.dispositif_asll", Commune)
    assert piege.count() == 23

    assert not communes_autorisees(user).exists()
    assert not Usager.objects.visibles_par(user).exists()
    assert client_de(user).get("/api/v1/usagers/").json()["count"] == 0


def test_piege_permission_globale_directe_sur_le_compte():
    user = agent("acces_droits", DIJON)
    user.user_permissions.add(_permission(ACCES_DROITS))

    assert list(communes_autorisees(user).values_list("pk", flat=True)) == [DIJON]


def test_habilitation_par_groupe_sur_une_commune():
    groupe = Group.objects.create(name="ccas-chenove")
    habilitation_accorder_groupe(
        group=groupe, dispositif=ACCES_DROITS, communes=[Commune.objects.get(pk=CHENOVE)]
    )
    user = UserFactory()
    user.groups.add(groupe)
    a_chenove = UsagerFactory(code_commune=CHENOVE)
    UsagerFactory(code_commune=DIJON)

    assert list(Usager.objects.visibles_par(user)) == [a_chenove]


def test_habilitation_limitee_au_dispositif_demande():
    user = agent("asll", DIJON)

    assert list(communes_autorisees(user, [ASLL]).values_list("pk", flat=True)) == [DIJON]
    assert not communes_autorisees(user, [ACCES_DROITS]).exists()
    assert not communes_autorisees(user, [EMAS]).exists()


def test_compte_desactive_ne_voit_plus_rien():
    user = agent("acces_droits", DIJON, LONGVIC)
    user.is_active = False
    user.save()

    assert not communes_autorisees(user).exists()


def test_un_administrateur_n_est_pas_un_travailleur_social_sans_habilitation_rien():
    """Issue 12: the administrator manages accounts and grants; reading files takes a grant."""
    admin = UserFactory(administrateur=True)

    assert not communes_autorisees(admin).exists()
    assert not Usager.objects.visibles_par(admin).exists()


def test_un_administrateur_habilite_voit_ses_communes_jamais_l_emas():
    admin = UserFactory(administrateur=True)
    habilitations_remplacer(
        user=admin,
        dispositifs=[ASLL, EMAS],
        communes=list(Commune.objects.filter(pk=DIJON)),
    )

    assert list(communes_autorisees(admin, [ASLL]).values_list("pk", flat=True)) == [DIJON]
    assert not Commune.objects.filter(
        filtre_compartiment(admin, EMAS, "pk")
    ).exists()  # a grant given by mistake


def test_les_habilitations_sont_lues_une_fois_puis_filtrent_par_une_liste_de_codes(
    django_assert_num_queries,
):
    """One query reads the grants (direct and by group) for every dispositif; the filters of the
    same request reuse it and name the communes literally, so the planner can use their index."""
    user = agent("acces_droits", DIJON)
    equipe = Group.objects.create(name="equipe-asll-chenove")
    habilitation_accorder_groupe(group=equipe, dispositif=ASLL, communes=[Commune.objects.get(pk=CHENOVE)])
    user.groups.add(equipe)

    with django_assert_num_queries(1):
        usagers = str(Usager.objects.visibles_par(user).query)
        droits = str(Usager.objects.visibles_par(user, [ACCES_DROITS]).query)
        assert communes_habilitees(user, [ASLL]) == [CHENOVE]

    assert f"IN ({CHENOVE}, {DIJON})" in usagers
    assert f"IN ({DIJON})" in droits
    assert "objectpermission" not in usagers
