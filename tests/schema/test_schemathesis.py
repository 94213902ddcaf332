"""Hostile input generated from the OpenAPI schema (schemathesis), on every operation, as a
supervisor holding every grant: no 5xx, responses that conform to the schema. Run by
`make schemathesis` (part of `.ci/run`), not by `make test`; docs/SECURITY.md lists the checks."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from comptes.roles import Role
from tests.comptes.factories import agent

# Every default check runs but one: `positive_data_acceptance` expects any request valid for the
# JSON schema to succeed, while the pacte's rules go beyond what a schema can say (a person visible
# to the caller, dates not in the future and after 2000, a référent holding the grant, a follow-up
# still open…): those refusals are 400s with the field named, by design (docs/SECURITY.md).
CHECKS_ECARTES = [positive_data_acceptance]
# 15 cases per operation: about 5 000 in all, under 5 minutes on two shared cores.
CAS_PAR_OPERATION = int(os.environ.get("SCHEMATHESIS_CAS", "15"))
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
compteur = {"cas": 0, "operations": 0}


@pytest.fixture(autouse=True, scope="module")
def _connexion_gardee():
    """The WSGI application closes the database connection after each request when it is not in
    autocommit — it never is inside the test's transaction. Django's test client disconnects that
    handler for the same reason; the requests sent by schemathesis need it too (on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def jeton(db):
    user = agent(Role.ENCADRANT, "21231", "21166")
    return Token.objects.create(user=user).key


@pytest.mark.schemathesis
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=CAS_PAR_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api(case, jeton):
    compteur["cas"] += 1
    if case.method in ("PATCH", "PUT") and not (case.headers or {}).get("If-Match"):
        # Past the version check (its own tests: tests/config/test_versions.py) to the body's rules.
        case.headers = {**(case.headers or {}), "If-Match": "*"}
    case.call_and_validate(headers={"Authorization": f"Token {jeton}"}, excluded_checks=CHECKS_ECARTES)
