from django.db import migrations

from communes.referentiel import COMMUNES_METROPOLE


def charger(apps, schema_editor):
    Commune = apps.get_model("communes", "Commune")
    for code_insee, nom, cls in COMMUNES_METROPOLE:
        Commune.objects.update_or_create(code_insee=code_insee, defaults={"nom": nom, "cls": cls})


def decharger(apps, schema_editor):
    Commune = apps.get_model("communes", "Commune")
    Commune.objects.filter(code_insee__in=[c for c, _, _ in COMMUNES_METROPOLE]).delete()


class Migration(migrations.Migration):
    dependencies = [("communes", "0001_communes_et_habilitations")]

    operations = [migrations.RunPython(charger, decharger)]
