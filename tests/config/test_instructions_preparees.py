"""The token's lookup, run at every request, is a statement PostgreSQL keeps prepared on the
connection (`config.sql.curseur_prepare`): planned once, then only bound and run. Never behind
PgBouncer's transaction mode (`DB_POOLER=transaction`: the settings leave `prepare_threshold` unset),
and never where queries are logged (a prepared run does not give its SQL back)."""

import pytest
from django.db import connection

from comptes.jetons import _lire_jeton
from config.sql import curseur_prepare
from tests.comptes.factories import agent
from tests.usagers.factories import DIJON

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _preparees() -> list[str]:
    with connection.cursor() as curseur:
        curseur.execute("SELECT statement FROM pg_prepared_statements")
        return [sql for (sql,) in curseur.fetchall()]


def test_la_lecture_du_jeton_est_preparee_une_fois_par_connexion(client_de, settings):
    client = client_de(agent("acces_droits", DIJON))

    for _ in range(3):
        assert client.get("/api/v1/usagers/").status_code == 200

    jetons = [sql for sql in _preparees() if '"authtoken_token"' in sql]
    if settings.DB_POOLER == "transaction":
        # Behind PgBouncer 1.18 a prepared statement would land on another client's connection.
        assert connection.connection.prepare_threshold is None and jetons == []
        return
    assert len(jetons) == 1  # prepared once, then reused by the next requests
    assert "$1" in jetons[0]  # the token's key is bound by the server, not written into the SQL


def test_une_requete_journalisee_passe_par_le_curseur_de_django(django_assert_num_queries):
    """Under the tests' query counts the statement is logged with its SQL, hence not prepared."""
    user = agent("acces_droits", DIJON)
    from rest_framework.authtoken.models import Token

    jeton = Token.objects.create(user=user)
    with django_assert_num_queries(1) as requetes:
        assert [j.pk for j in _lire_jeton(jeton.key)] == [jeton.pk]
    assert '"authtoken_token"' in requetes.captured_queries[0]["sql"]


def test_sans_seuil_de_preparation_le_curseur_est_celui_de_django():
    connection.ensure_connection()
    seuil = connection.connection.prepare_threshold
    try:
        connection.connection.prepare_threshold = None
        with curseur_prepare(connection) as curseur:
            assert type(curseur.cursor).__name__ == "Cursor"  # Django's client-side binding cursor
        connection.connection.prepare_threshold = 0
        with curseur_prepare(connection) as curseur:
            assert type(curseur.cursor).__name__ == "ServerBindingCursor"
    finally:
        connection.connection.prepare_threshold = seuil


def test_la_page_d_une_liste_est_preparee_sans_le_contexte_de_pghistory(client_de, settings):
    """A list's one statement (count, page, the journal's INSERT) is prepared too: a GET carries no
    pghistory context (`PGHISTORY_MIDDLEWARE_METHODS`: a GET writes no tracked record), so the
    statement goes alone, without the `set_config` prefix that would make it two."""
    from tests.accompagnements.factories import AccompagnementFactory

    AccompagnementFactory(usager__code_commune=DIJON)
    client = client_de(agent("acces_droits", DIJON))

    for _ in range(2):
        reponse = client.get("/api/v1/accompagnements/")
        assert reponse.status_code == 200 and reponse.json()["count"] == 1

    pages = [sql for sql in _preparees() if sql.startswith("WITH page AS MATERIALIZED")]
    if settings.DB_POOLER == "transaction":
        assert pages == []
        return
    assert len(pages) == 1
    assert "$1" in pages[0] and "set_config" not in pages[0]
    assert "INSERT INTO journal_entreejournal " in pages[0]  # the access journal, same statement
