"""Small helpers shared by the tests."""

ENTETE_ERREUR = {"detail", "code"}


def champs_en_erreur(corps: dict) -> set[str]:
    """The fields named by an error body (every error has `detail` and `code`, plus one key per field)."""
    assert set(corps) >= ENTETE_ERREUR, corps
    return set(corps) - ENTETE_ERREUR
