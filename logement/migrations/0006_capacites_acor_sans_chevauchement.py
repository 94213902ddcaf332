"""ACOR capacity periods cannot overlap, in the database (PostgreSQL: an exclusion constraint on
the inclusive date range). SQLite, the embedded development database, keeps the model's `clean()`
check only: it has no exclusion constraints."""

from django.db import migrations

CONTRAINTE = "capacite_acor_sans_chevauchement"


def creer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE logement_capaciteacor ADD CONSTRAINT {CONTRAINTE} "
            "EXCLUDE USING gist (daterange(date_debut, date_fin, '[]') WITH &&)"
        )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE logement_capaciteacor DROP CONSTRAINT IF EXISTS {CONTRAINTE}")


class Migration(migrations.Migration):
    dependencies = [("logement", "0005_version_pour_les_modifications_concurrentes")]

    operations = [migrations.RunPython(creer, supprimer)]
