"""Issue 22, reproduction 4, and the two publication levels: « diffusion » (k = 11 everywhere) and
« rapport à l'État » (administrators: the métropole's yearly totals exact, every cell below them
still under the secret, with secondary suppression so that none is derived from the exact total)."""

import datetime

import pytest

from comptes.roles import Role
from indicateurs.models import ProductionEtat
from logement.models import CapaciteACOR
from logement.services import situation_acor_creer
from logement.validators import Difficulte
from tests.comptes.factories import administrateur_habilite, agent
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC, UsagerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicateurs/valeurs/"
ANNEE = {"indicateur": "2.2.situations_prises_en_charge", "du": "2020-01-01", "au": "2020-12-31"}


@pytest.fixture
def six_entrees_acor():
    acor = agent("acor", DIJON, CHENOVE, LONGVIC)
    CapaciteACOR.objects.create(
        date_debut=datetime.date(2020, 1, 1), date_fin=datetime.date(2020, 12, 31), places=20
    )
    for i, commune in enumerate([DIJON, DIJON, DIJON, DIJON, CHENOVE, LONGVIC]):
        situation_acor_creer(
            par=acor,
            usager=UsagerFactory(code_commune=commune, date_naissance=datetime.date(1970, 1, 1)),
            date_orientation=datetime.date(2020, 3, 1 + i),
            difficultes=[Difficulte.SOCIALE],
            date_entree=datetime.date(2020, 3, 10 + i),
        )


def test_le_total_de_la_metropole_est_exact_au_niveau_etat_et_seulement_la(six_entrees_acor, client_de):
    admin = administrateur_habilite()
    client = client_de(admin)

    diffusion = client.get(URL, {**ANNEE, "par": "commune"}).json()
    etat = client.get(URL, {**ANNEE, "par": "commune", "niveau": "etat"}).json()

    assert diffusion["total"] == {"valeur": None, "secret": True}
    assert etat["total"] == {"valeur": 6, "secret": False}
    assert etat["niveau"] == "etat"
    # Every commune stays under the secret, zeros included: with the exact total, a published zero
    # would narrow down where the six persons live.
    assert all(ligne["secret"] for ligne in etat["lignes"])
    # Below the total, months and quarters stay suppressed too.
    mars = client.get(
        URL, {**ANNEE, "du": "2020-03-01", "au": "2020-03-31", "par": "commune", "niveau": "etat"}
    ).json()
    assert mars["total"]["secret"]
    assert ProductionEtat.objects.filter(par=admin).count() == 2
    assert "2.2.situations_prises_en_charge" in ProductionEtat.objects.first().quoi


def test_le_niveau_etat_est_refuse_aux_encadrants(six_entrees_acor, client_de):
    encadrant = agent(Role.ENCADRANT, DIJON, CHENOVE, LONGVIC)
    reponse = client_de(encadrant).get(URL, {**ANNEE, "niveau": "etat"})
    assert reponse.status_code == 403
    assert "administrateurs" in str(reponse.json())
    rapport = client_de(encadrant).get("/api/v1/indicateurs/rapport/", {"annee": 2020, "niveau": "etat"})
    assert rapport.status_code == 403
    assert not ProductionEtat.objects.exists()


def test_un_niveau_inconnu_est_un_400(client_de):
    reponse = client_de(administrateur_habilite()).get(URL, {**ANNEE, "niveau": "public"})
    assert reponse.status_code == 400
    assert "niveau" in reponse.json()
