"""Every list of action 1.1 costs the same number of SQL queries for 1 row and for many."""

import pytest

from tests.accompagnements.factories import (
    AccompagnementFactory,
    ContactFactory,
    DemarcheFactory,
    DroitFactory,
)
from tests.comptes.factories import agent
from tests.outils import requetes_de_lignes_liees, requetes_de_liste, requetes_du_jeton
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


def _remplir(nombre: int, usager) -> None:
    for _ in range(nombre):
        accompagnement = AccompagnementFactory(usager=usager)
        ContactFactory(accompagnement=accompagnement)
        DemarcheFactory(accompagnement=accompagnement)
        droit = DroitFactory(usager=usager, accompagnement=accompagnement, demande=True)
        droit.transitions.create(statut="identifie", date=droit.date_identification, par=droit.cree_par)
        droit.transitions.create(
            statut_avant="identifie", statut="demande", date=droit.date_demande, par=droit.cree_par
        )
    DroitFactory(usager=usager, ouvert=True, code_type="css")
    DroitFactory(usager=usager, code_type="aah")


@pytest.mark.parametrize(
    ("url", "requetes"),
    [
        ("/api/v1/accompagnements/", requetes_de_liste),
        ("/api/v1/contacts/", requetes_de_liste),
        ("/api/v1/demarches/", requetes_de_liste),
        # + the history of the page's rights (in the page's statement on PostgreSQL)
        ("/api/v1/droits/", lambda: requetes_de_liste() + requetes_de_lignes_liees()),
        # a catalogue: nothing nominative to journal
        ("/api/v1/types-droits/", lambda: requetes_de_liste(nominative=False)),
    ],
)
@pytest.mark.parametrize("nombre", [1, 25])
def test_listes_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, url, requetes, nombre):
    client = client_de(agent("acces_droits", DIJON))
    _remplir(nombre, UsagerFactory(code_commune=DIJON))

    with django_assert_num_queries(requetes()):
        reponse = client.get(url, {"page_size": 100})

    assert reponse.status_code == 200
    attendus = 15 if url.endswith("types-droits/") else nombre  # the catalogue holds its own rows
    assert len(reponse.json()["results"]) >= attendus


@pytest.mark.parametrize("nombre", [1, 25])
def test_droits_d_un_usager_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, nombre):
    client = client_de(agent("acces_droits", DIJON))
    usager = UsagerFactory(code_commune=DIJON)
    _remplir(nombre, usager)

    # token lookup (with the grants on PostgreSQL), the usager (visibility), their rights with their
    # types, the journal's INSERT
    with django_assert_num_queries(requetes_du_jeton() + 3):
        reponse = client.get(f"/api/v1/usagers/{usager.pk}/droits/")

    corps = reponse.json()
    assert (len(corps["en_cours"]), len(corps["ouverts"]), len(corps["non_recourus"])) == (nombre, 1, 1)
    assert corps["autres"] == []
