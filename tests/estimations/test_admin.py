"""The admin of the estimations: read-only, scoped by commune, each household field saying why it
is asked, the limits of an estimate stated on its page."""

import pytest

from estimations.models import AVERTISSEMENT
from estimations.services import _estimation_creer
from tests.comptes.factories import agent
from tests.estimations.factories import FoyerFactory
from tests.usagers.factories import CHENOVE, DIJON

pytestmark = pytest.mark.django_db


def test_l_admin_montre_les_limites_et_reste_dans_ses_communes(client):
    client.force_login(agent("acces_droits", DIJON))
    ici = FoyerFactory(accompagnement__usager__code_commune=DIJON)
    ailleurs = FoyerFactory(accompagnement__usager__code_commune=CHENOVE)
    estimation = _estimation_creer(foyer=ici, periode="2026-10", par=None)
    autre = _estimation_creer(foyer=ailleurs, periode="2026-10", par=None)

    page = client.get(f"/admin/estimations/estimation/{estimation.pk}/change/")
    foyer = client.get(f"/admin/estimations/foyer/{ici.pk}/change/")

    assert page.status_code == 200
    assert AVERTISSEMENT[:60].encode() in page.content
    assert foyer.status_code == 200
    assert "Les aides au logement dépendent du statut".encode() in foyer.content
    assert client.get(f"/admin/estimations/estimation/{autre.pk}/change/").status_code == 302  # not found
    assert client.get("/admin/estimations/foyer/add/").status_code == 403
