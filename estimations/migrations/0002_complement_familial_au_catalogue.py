from django.db import migrations

# OpenFisca-France estimates the complément familial (`cf`); the catalogue lacked it.
TYPES = [("complement_familial", "Complément familial (CF)")]


def ajouter(apps, schema_editor):
    TypeDroit = apps.get_model("accompagnements", "TypeDroit")
    for code, libelle in TYPES:
        TypeDroit.objects.get_or_create(code=code, defaults={"libelle": libelle})


class Migration(migrations.Migration):
    dependencies = [
        ("estimations", "0001_foyers_estimations_droits_detectes"),
        ("accompagnements", "0002_charger_le_catalogue_des_droits"),
    ]

    operations = [migrations.RunPython(ajouter, migrations.RunPython.noop)]
