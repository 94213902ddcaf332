"""Supervisors read and decide, agents record (docs/SECURITY.md): every write operation of the API,
read from the URL configuration, is refused to a supervisor — but the decisions a view declares as
theirs (`actions_encadrant`) and the views that write no file (`encadrant_en_lecture = False`)."""

import pytest

from comptes.roles import Role
from tests.comptes.factories import agent
from tests.routes import operations_de_l_api
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

ECRITURES = operations_de_l_api()


def _ouverte_aux_encadrants(operation) -> bool:
    vue = operation.vue
    return not getattr(vue, "encadrant_en_lecture", True) or operation.action in getattr(
        vue, "actions_encadrant", ()
    )


# Pinned: a new exception to the rule is a decision, seen in review.
OUVERTES_AUX_ENCADRANTS = {
    "POST api/v1/auth/token/",  # signing in
    "POST api/v1/auth/logout/",  # signing out
    "POST api/v1/notifications/(?P<pk>[^/.]+)/lue/",  # their own reminder
    "POST api/v1/acor/situations/(?P<pk>[^/.]+)/prendre-en-charge/",  # forcing a place: their decision
    # The compartment's records: no supervisor holds the grant, so every write is a 404.
    *(
        f"{m} api/v1/emas/{r}"
        for m, r in (
            ("POST", "signalements/"),
            ("PATCH", "signalements/(?P<pk>[^/.]+)/"),
            ("POST", "signalements/(?P<pk>[^/.]+)/accepter/"),
            ("POST", "signalements/(?P<pk>[^/.]+)/refuser/"),
            ("POST", "signalements/(?P<pk>[^/.]+)/reorienter/"),
            ("PATCH", "suivis/(?P<pk>[^/.]+)/"),
            ("POST", "suivis/(?P<pk>[^/.]+)/cloturer/"),
            ("POST", "interventions/"),
            ("PATCH", "interventions/(?P<pk>[^/.]+)/"),
        )
    ),
}


def test_les_ecritures_sont_lues_dans_les_routes():
    routes = {str(o) for o in ECRITURES}
    assert "POST api/v1/accompagnements/<int:pk>/estimer-droits/" in routes
    assert "POST api/v1/essai/visites/" in routes  # the test-only dispositif, by its declaration
    assert {str(o) for o in ECRITURES if _ouverte_aux_encadrants(o)} == OUVERTES_AUX_ENCADRANTS


@pytest.mark.parametrize("operation", [o for o in ECRITURES if not _ouverte_aux_encadrants(o)], ids=str)
def test_chaque_ecriture_est_refusee_a_un_encadrant(client_de, operation):
    """Refused for being a supervisor (not for an unknown id nor an invalid body: the refusal comes
    first and says why), whatever the record."""
    encadrant = agent(Role.ENCADRANT, DIJON, CHENOVE)
    usager = UsagerFactory(code_commune=DIJON)

    reponse = getattr(client_de(encadrant), operation.methode)(
        operation.url(pk=usager.pk), {}, format="json", HTTP_IF_MATCH="*"
    )

    assert reponse.status_code == 403, (reponse.status_code, reponse.content[:300])
    # Refused by a permission of the view (EncadrantEnLecture, or one reserving it to administrators).
    refus = {getattr(permission, "message", None) for permission in operation.vue.permission_classes}
    assert reponse.json()["detail"] in refus
