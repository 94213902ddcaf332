"""The residence history: written with the move, one transaction; the commune at a date."""

import datetime

import pytest
from django.db.models import F

from communes.models import Commune
from config.errors import RegleMetierError
from tests.comptes.factories import administrateur_habilite, agent
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC, UsagerFactory
from usagers.models import DEBUT_INCONNU, Residence, commune_a_la_date
from usagers.services import usager_creer, usager_modifier

pytestmark = pytest.mark.django_db

J = datetime.date


@pytest.fixture
def admin():
    return administrateur_habilite()


def _creer(admin, commune=DIJON):
    return usager_creer(
        par=admin,
        nom="Nom",
        prenom="Prénom",
        date_naissance=J(1980, 1, 1),
        commune=Commune.objects.get(pk=commune),
    )


def test_une_personne_creee_a_une_residence_qui_couvre_le_passe(admin):
    usager = _creer(admin)
    assert list(usager.residences.values_list("commune_id", "du", "au")) == [(DIJON, DEBUT_INCONNU, None)]
    assert commune_a_la_date(usager, J(2001, 1, 1)) == DIJON


def test_deux_demenagements(admin):
    usager = _creer(admin)
    usager_modifier(
        usager=usager, par=admin, commune=Commune.objects.get(pk=CHENOVE), date_demenagement=J(2020, 3, 1)
    )
    usager_modifier(
        usager=usager, par=admin, commune=Commune.objects.get(pk=LONGVIC), date_demenagement=J(2020, 9, 15)
    )
    assert list(usager.residences.order_by("du").values_list("commune_id", "du", "au")) == [
        (DIJON, DEBUT_INCONNU, J(2020, 2, 29)),
        (CHENOVE, J(2020, 3, 1), J(2020, 9, 14)),
        (LONGVIC, J(2020, 9, 15), None),
    ]
    assert commune_a_la_date(usager, J(2020, 2, 29)) == DIJON
    assert commune_a_la_date(usager, J(2020, 3, 1)) == CHENOVE
    assert commune_a_la_date(usager, J(2020, 9, 14)) == CHENOVE
    assert commune_a_la_date(usager, J(2026, 1, 1)) == LONGVIC


def test_un_demenagement_avant_le_precedent_est_refuse_et_rien_ne_change(admin):
    usager = _creer(admin)
    usager_modifier(
        usager=usager, par=admin, commune=Commune.objects.get(pk=CHENOVE), date_demenagement=J(2020, 3, 1)
    )
    with pytest.raises(RegleMetierError, match="précéder") as erreur:
        usager_modifier(
            usager=usager, par=admin, commune=Commune.objects.get(pk=LONGVIC), date_demenagement=J(2020, 1, 1)
        )
    assert erreur.value.champ == "date_demenagement"
    usager.refresh_from_db()
    assert usager.commune_id == CHENOVE  # the transaction rolled the commune back too
    assert usager.residences.count() == 2


def test_une_personne_sans_historique_garde_son_ancienne_commune_avant_le_demenagement(admin):
    usager = UsagerFactory(code_commune=DIJON)  # written directly, no history
    assert commune_a_la_date(usager, J(2020, 1, 1)) == DIJON
    usager_modifier(
        usager=usager, par=admin, commune=Commune.objects.get(pk=CHENOVE), date_demenagement=J(2020, 6, 1)
    )
    assert commune_a_la_date(usager, J(2020, 5, 31)) == DIJON
    assert commune_a_la_date(usager, J(2020, 6, 1)) == CHENOVE


def test_modifier_sans_changer_de_commune_n_ecrit_pas_d_historique(admin):
    usager = _creer(admin)
    usager_modifier(usager=usager, par=admin, telephone="0102030405")
    assert usager.residences.count() == 1


def test_l_api_de_deplacement_ecrit_l_historique(client_de):
    acces = agent("acces_droits", DIJON, CHENOVE)
    usager = _creer(administrateur_habilite())
    reponse = client_de(acces).patch(f"/api/v1/usagers/{usager.pk}/", {"commune": CHENOVE}, format="json")
    assert reponse.status_code == 200, reponse.content
    assert usager.residences.filter(au__isnull=True).get().commune_id == CHENOVE
    assert Residence.objects.filter(usager=usager, au__gte=F("du")).count() in (0, 1)


def test_l_api_prend_la_date_du_demenagement(client_de):
    acces = agent("acces_droits", DIJON, CHENOVE)
    usager = _creer(administrateur_habilite())
    client = client_de(acces)
    reponse = client.patch(
        f"/api/v1/usagers/{usager.pk}/",
        {"commune": CHENOVE, "date_demenagement": "2024-03-01"},
        format="json",
    )
    assert reponse.status_code == 200, reponse.content
    assert "date_demenagement" not in reponse.json()
    assert commune_a_la_date(usager, J(2024, 2, 29)) == DIJON
    assert commune_a_la_date(usager, J(2024, 3, 1)) == CHENOVE
    futur = client.patch(f"/api/v1/usagers/{usager.pk}/", {"date_demenagement": "2999-01-01"}, format="json")
    assert futur.status_code == 400 and "date_demenagement" in futur.json()
