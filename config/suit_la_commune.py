"""Migration operations for the records that carry their person's current commune
(`config.models.SuitLaCommune`): fill the column, then, on PostgreSQL, the composite foreign key
`(usager_id, commune_actuelle_id) → usagers_usager (id, commune_id) ON UPDATE CASCADE` that keeps it
in step whatever the path (service, admin, `QuerySet.update`, raw SQL)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def remplir_commune_actuelle(app_label: str, modeles: dict[str, str]):
    def remplir(apps, schema_editor) -> None:
        Usager = apps.get_model("usagers", "Usager")
        commune = Subquery(Usager.objects.filter(pk=OuterRef("usager_id")).values("commune_id")[:1])
        for nom in modeles:
            apps.get_model(app_label, nom)._base_manager.update(commune_actuelle_id=commune)

    return remplir


def contraindre_a_la_commune(modeles: dict[str, str]) -> list[migrations.RunPython]:
    """One operation per table (`modeles`: model name → table), PostgreSQL only."""

    def operation(table: str) -> migrations.RunPython:
        contrainte = f"{table}_suit_la_commune_fk"

        def creer(apps, schema_editor) -> None:
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {contrainte} "
                    "FOREIGN KEY (usager_id, commune_actuelle_id) "
                    "REFERENCES usagers_usager (id, commune_id) ON UPDATE CASCADE"
                )

        def supprimer(apps, schema_editor) -> None:
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {contrainte}")

        return migrations.RunPython(creer, supprimer, elidable=False)

    return [operation(table) for table in modeles.values()]
