"""A list costs the same number of SQL queries whatever the number of rows on the page."""

import pytest

from tests.comptes.factories import agent
from tests.outils import requetes_de_liste
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("nombre", [1, 50])
def test_liste_des_usagers_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, nombre):
    client = client_de(agent("acces_droits", DIJON))
    UsagerFactory.create_batch(nombre, code_commune=DIJON)

    with django_assert_num_queries(requetes_de_liste()):
        reponse = client.get("/api/v1/usagers/", {"page_size": 50})

    assert len(reponse.json()["results"]) == nombre


def test_liste_des_communes_en_nombre_constant_de_requetes(client_de, django_assert_num_queries):
    client = client_de(agent("asll", DIJON))

    with django_assert_num_queries(requetes_de_liste(nominative=False)):  # not journaled
        reponse = client.get("/api/v1/communes/")

    assert reponse.json()["count"] == 23
