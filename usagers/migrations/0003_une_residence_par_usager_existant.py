"""Start the residence history of every usager recorded before it existed: one row, their current
commune, covering the past (1 January 1900: where they lived before is not known)."""

import datetime

from django.db import migrations


def creer_residences(apps, schema_editor):
    Usager = apps.get_model("usagers", "Usager")
    Residence = apps.get_model("usagers", "Residence")
    debut_inconnu = datetime.date(1900, 1, 1)
    sans_historique = Usager.objects.filter(residences__isnull=True).only("id", "commune_id")
    lot = []
    for usager in sans_historique.iterator(chunk_size=2000):
        lot.append(Residence(usager_id=usager.id, commune_id=usager.commune_id, du=debut_inconnu))
        if len(lot) >= 2000:
            Residence.objects.bulk_create(lot)
            lot = []
    Residence.objects.bulk_create(lot)


class Migration(migrations.Migration):
    dependencies = [("usagers", "0002_historique_des_residences")]

    operations = [migrations.RunPython(creer_residences, migrations.RunPython.noop)]
