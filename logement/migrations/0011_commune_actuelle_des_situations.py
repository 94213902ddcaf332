"""ACOR situations carry their person's current commune (`config.models.SuitLaCommune`): a
commune's list is one index range, with no join to the persons (docs/PERFORMANCE.md, figure 1).
On PostgreSQL a composite foreign key to `usagers_usager (id, commune_id)` ON UPDATE CASCADE keeps
it in step whatever the path."""

import django.db.models.deletion
from django.db import migrations, models

from config.suit_la_commune import contraindre_a_la_commune, remplir_commune_actuelle

MODELES = {"situationacor": "logement_situationacor"}


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0002_charger_les_23_communes"),
        ("usagers", "0008_usager_id_commune_unique"),
        ("logement", "0010_historique_sans_commune_actuelle"),
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
        migrations.RunPython(remplir_commune_actuelle("logement", MODELES), migrations.RunPython.noop),
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
            model_name="situationacor",
            index=models.Index(
                fields=["commune_actuelle", "date_orientation", "id"],
                include=["usager"],
                name="situation_commune_actuelle_idx",
            ),
        ),
        *contraindre_a_la_commune(MODELES),
    ]
