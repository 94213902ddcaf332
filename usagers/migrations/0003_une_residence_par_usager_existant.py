"""Start the residence history of every usager recorded before it existed: one row, their current
commune, from the day they were recorded (events dated earlier fall back on this first residence)."""

from django.db import migrations
from django.utils import timezone


def creer_residences(apps, schema_editor):
    Usager = apps.get_model("usagers", "Usager")
    Residence = apps.get_model("usagers", "Residence")
    sans_historique = Usager.objects.filter(residences__isnull=True).only("id", "commune_id", "cree_le")
    lot = []
    for usager in sans_historique.iterator(chunk_size=2000):
        lot.append(
            Residence(usager_id=usager.id, commune_id=usager.commune_id, du=timezone.localdate(usager.cree_le))
        )
        if len(lot) >= 2000:
            Residence.objects.bulk_create(lot)
            lot = []
    Residence.objects.bulk_create(lot)


class Migration(migrations.Migration):
    dependencies = [("usagers", "0002_historique_des_residences")]

    operations = [migrations.RunPython(creer_residences, migrations.RunPython.noop)]
