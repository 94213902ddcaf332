"""On PostgreSQL, `(id, commune_id)` of a person is unique (trivially: `id` is), so that the records
carrying the person's current commune (`config.models.FollowsPersonCommune`) can reference the pair with a
composite foreign key ON UPDATE CASCADE. SQLite keeps the pair in step in `usagers.services`."""

from django.db import migrations


def creer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE usagers_usager ADD CONSTRAINT usagers_usager_id_commune_uniq UNIQUE (id, commune_id)"
        )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE usagers_usager DROP CONSTRAINT IF EXISTS usagers_usager_id_commune_uniq"
        )


class Migration(migrations.Migration):
    dependencies = [("usagers", "0007_conservation_et_historique")]

    operations = [migrations.RunPython(creer, supprimer, elidable=False)]
