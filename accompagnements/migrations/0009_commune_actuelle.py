"""Follow-ups and rights carry their person's current commune (`config.models.FollowsPersonCommune`): a
commune's list is one index range, with no join to the persons (docs/PERFORMANCE.md, figure 1).
On PostgreSQL a composite foreign key to `usagers_usager (id, commune_id)` ON UPDATE CASCADE keeps
it in step whatever the path."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# Frozen copy of the operations that fill the column and, on PostgreSQL, add the composite foreign key
# `(usager_id, commune_actuelle_id) → usagers_usager (id, commune_id) ON UPDATE CASCADE`.


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


MODELES = {"accompagnement": "accompagnements_accompagnement", "droit": "accompagnements_droit"}


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0002_charger_les_23_communes"),
        ("usagers", "0008_usager_id_commune_unique"),
        ("accompagnements", "0008_historique_des_modifications"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=nom,
                name="commune_actuelle",
                field=models.ForeignKey(
                    db_index=False,
                    editable=False,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="communes.commune",
                    verbose_name="commune actuelle de l'usager",
                ),
            )
            for nom in MODELES
        ),
        migrations.RunPython(remplir_commune_actuelle("accompagnements", MODELES), migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=nom,
                name="commune_actuelle",
                field=models.ForeignKey(
                    db_index=False,
                    editable=False,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="communes.commune",
                    verbose_name="commune actuelle de l'usager",
                ),
            )
            for nom in MODELES
        ),
        migrations.AddIndex(
            model_name="accompagnement",
            index=models.Index(
                fields=["commune_actuelle", "-date_debut", "-id"],
                name="accomp_commune_actuelle_idx",
                include=["usager"],
            ),
        ),
        migrations.AddIndex(
            model_name="droit",
            index=models.Index(
                fields=["commune_actuelle", "-date_identification", "-id"],
                name="droit_commune_actuelle_idx",
                include=["usager"],
            ),
        ),
        *contraindre_a_la_commune(MODELES),
    ]
