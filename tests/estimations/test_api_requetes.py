"""Every list of the estimation of rights costs the same number of SQL queries for 1 row and for many."""

import pytest

from estimations.services import _estimation_creer, estimation_enregistrer_resultats
from tests.comptes.factories import agent
from tests.estimations.factories import FoyerFactory
from tests.outils import requetes_de_liste
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db


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
        ("/api/v1/foyers/", 1),  # + the members of the page's households
        # + the rights detected by the page's estimations; the persons of the page read through the
        # households (the journal's, outside PostgreSQL)
        ("/api/v1/estimations/", 1),
        ("/api/v1/droits-detectes/", 0),
    ],
)
@pytest.mark.parametrize("nombre", [1, 12])
def test_listes_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, url, requetes, nombre):
    client = client_de(agent("acces_droits", DIJON))
    _remplir(nombre)

    personnes_relues = not url.endswith("foyers/")
    with django_assert_num_queries(requetes_de_liste(personnes_relues=personnes_relues) + requetes):
        reponse = client.get(url)

    assert reponse.status_code == 200
    assert reponse.json()["count"] == (2 * nombre if "droits" in url else nombre)
