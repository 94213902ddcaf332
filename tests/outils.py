"""Small helpers shared by the tests."""

import re

ENTETE_ERREUR = {"detail", "code"}

# A CSRF token is 64 random letters and digits: one may spell « emas » or any other word a test looks
# for in a page. Every place a page carries it (forms, htmx's headers, the browsable API's script).
_JETON_CSRF = re.compile(
    r'(csrfmiddlewaretoken" value="|x-csrftoken": "|"csrfToken": ")[A-Za-z0-9]+', re.IGNORECASE
)


def sans_jeton_csrf(page: str) -> str:
    """The page without its CSRF tokens, for tests that look for a word a page must not contain."""
    return _JETON_CSRF.sub(r"\1", page)


def champs_en_erreur(corps: dict) -> set[str]:
    """The fields named by an error body (every error has `detail` and `code`, plus one key per field)."""
    assert set(corps) >= ENTETE_ERREUR, corps
    return set(corps) - ENTETE_ERREUR


def _sur_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def requetes_du_jeton() -> int:
    """Authenticating a request by token: one statement on PostgreSQL (the account's grants read
    with it, `comptes.jetons`), two elsewhere once the grants are needed."""
    return 1 if _sur_postgresql() else 2


def requetes_de_page() -> int:
    """A page and its count: one statement on PostgreSQL (`config.sql.lire_page`, the access
    journal's INSERT included), two elsewhere."""
    return 1 if _sur_postgresql() else 2


def requetes_de_lignes_liees() -> int:
    """A prefetch of a reverse foreign key (a right's history): read in the page's statement on
    PostgreSQL (`config.sql._lignes_jointes`), by a statement of its own elsewhere."""
    return 0 if _sur_postgresql() else 1


def requetes_de_liste(*, nominative: bool = True, personnes_relues: bool = False) -> int:
    """The statements of one request for a list's page, before its prefetches: the token (with the
    grants a nominative list needs), the count and the page. Outside PostgreSQL the access journal's
    INSERT is a statement of its own, and when the page's rows do not carry their person
    (`personnes_relues`) the journal reads the persons in one more."""
    if not nominative:
        return 1 + requetes_de_page()
    if _sur_postgresql():
        return requetes_du_jeton() + requetes_de_page()
    return requetes_du_jeton() + requetes_de_page() + 1 + personnes_relues
