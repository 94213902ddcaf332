"""Every list of the estimation of rights costs the same number of SQL queries for 1 row and for many."""

import pytest

from estimations.services import _estimation_creer, estimation_enregistrer_resultats
from tests.comptes.factories import agent
from tests.estimations.factories import FoyerFactory
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db

REQUETES_LISTE = 3  # token lookup, count, page
JOURNAL = 2  # the access journal: the author's team (EMAS or not), one INSERT for the page


def _remplir(nombre: int) -> None:
    for _ in range(nombre):
        foyer = FoyerFactory(accompagnement__usager__code_commune=DIJON)
        estimation = _estimation_creer(foyer=foyer, periode="2026-10", par=None)
        estimation_enregistrer_resultats(
            estimation_id=estimation.pk, resultats={"rsa": 500.0, "als": 300.0}, versions={}
        )


@pytest.mark.parametrize(
    ("url", "requetes"),
    [
        ("/api/v1/foyers/", REQUETES_LISTE + 1 + JOURNAL),  # + the members of the page's households
        # + the journal, and one query for the persons of the page (read through the households)
        (
            "/api/v1/estimations/",
            REQUETES_LISTE + 1 + JOURNAL + 1,
        ),  # + the rights detected by the page's estimations
        ("/api/v1/droits-detectes/", REQUETES_LISTE + JOURNAL + 1),
    ],
)
@pytest.mark.parametrize("nombre", [1, 12])
def test_listes_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, url, requetes, nombre):
    client = client_de(agent("acces_droits", DIJON))
    _remplir(nombre)

    with django_assert_num_queries(requetes):
        reponse = client.get(url)

    assert reponse.status_code == 200
    assert reponse.json()["count"] == (2 * nombre if "droits" in url else nombre)
