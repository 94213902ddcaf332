"""Raw SQL shared by the apps, where the ORM costs more than the statement (PostgreSQL only)."""

from collections.abc import Sequence


def inserer_par_tableaux(
    connexion, table: str, colonnes: dict[str, tuple[str, Sequence]], fin: str = ""
) -> int:
    """`INSERT INTO table (…) SELECT * FROM unnest(<one array per column>) <fin>`: one statement
    whatever the number of rows, where `bulk_create` builds a model instance and parameters per
    value and splits beyond 65 535 parameters. `colonnes`: column → (PostgreSQL type, values),
    the same length each. Returns how many rows were inserted (`fin` may be `ON CONFLICT …`)."""
    noms = ", ".join(connexion.ops.quote_name(nom) for nom in colonnes)
    tableaux = ", ".join(f"%s::{type_}[]" for type_, _ in colonnes.values())
    with connexion.cursor() as curseur:
        curseur.execute(
            f"INSERT INTO {connexion.ops.quote_name(table)} ({noms}) SELECT * FROM unnest({tableaux}) {fin}",
            [list(valeurs) for _, valeurs in colonnes.values()],
        )
        return curseur.rowcount
