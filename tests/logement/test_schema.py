import pytest

from tests.comptes.factories import agent
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db


def test_les_points_d_entree_sont_decrits_dans_le_schema(client_de):
    reponse = client_de(agent("asll", DIJON)).get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )

    chemins = reponse.json()["paths"]
    for chemin in (
        "/api/v1/asll/mesures/",
        "/api/v1/asll/mesures/{id}/renouveler/",
        "/api/v1/asll/mesures/{id}/cloturer/",
        "/api/v1/asll/mesures/{id}/suspendre/",
        "/api/v1/asll/mesures/{id}/reprendre/",
        "/api/v1/asll/points-etape/{id}/",
        "/api/v1/acor/situations/",
        "/api/v1/acor/situations/{id}/prendre-en-charge/",
        "/api/v1/acor/situations/{id}/cloturer/",
        "/api/v1/indicateurs/valeurs/",
        "/api/v1/indicateurs/rapport/",
    ):
        assert chemin in chemins
