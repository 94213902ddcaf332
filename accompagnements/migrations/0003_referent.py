from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The worker in charge of a follow-up is its `referent`, as in every dispositif."""

    dependencies = [
        ("accompagnements", "0002_charger_le_catalogue_des_droits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="accompagnement", name="accomp_agent_idx"),
        migrations.RenameField(model_name="accompagnement", old_name="agent", new_name="referent"),
        migrations.AlterField(
            model_name="accompagnement",
            name="referent",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="accompagnements_suivis",
                to=settings.AUTH_USER_MODEL,
                verbose_name="référent (agent d'accompagnement)",
            ),
        ),
        migrations.AddIndex(
            model_name="accompagnement",
            index=models.Index(fields=["referent", "statut", "date_debut"], name="accomp_referent_idx"),
        ),
    ]
