"""Small helpers shared by the tests."""

ENTETE_ERREUR = {"detail", "code"}


def champs_en_erreur(corps: dict) -> set[str]:
    """The fields named by an error body (every error has `detail` and `code`, plus one key per field)."""
    assert set(corps) >= ENTETE_ERREUR, corps
    return set(corps) - ENTETE_ERREUR


def requetes_de_liste(*, nominative: bool = True, personnes_relues: bool = False) -> int:
    """The statements of one request for a list's page, before its prefetches. PostgreSQL: the
    token with the account's grants (`comptes.jetons`), then the count, the page and the access
    journal's INSERT in one statement (`config.sql.lire_page`). Elsewhere (SQLite): the token, the
    grants (a nominative list), the count, the page, the journal's INSERT, and, when the page's rows
    do not carry their person (`personnes_relues`), one query for the persons the journal names."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return 2
    if not nominative:
        return 3
    return 5 + personnes_relues


def requetes_du_jeton() -> int:
    """Authenticating a request by token: one statement on PostgreSQL (the account's grants read
    with it), two elsewhere once the grants are needed."""
    from django.db import connection

    return 1 if connection.vendor == "postgresql" else 2


def requetes_de_page() -> int:
    """A page and its count: one statement on PostgreSQL (`config.sql.lire_page`), two elsewhere."""
    from django.db import connection

    return 1 if connection.vendor == "postgresql" else 2
