from django.db import migrations

# OpenFisca-France estimates the complément familial (`cf`); the catalogue (accompagnements/migrations/0002)
# now lists it, and a database whose catalogue was loaded before gets it here.
TYPES = [("complement_familial", "Complément familial (CF)")]


def ajouter(apps, schema_editor):
    TypeDroit = apps.get_model("accompagnements", "TypeDroit")
    for code, libelle in TYPES:
        TypeDroit.objects.get_or_create(code=code, defaults={"libelle": libelle})


def retirer(apps, schema_editor):
    TypeDroit = apps.get_model("accompagnements", "TypeDroit")
    TypeDroit.objects.filter(code__in=[code for code, _ in TYPES], droits__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("estimations", "0001_foyers_estimations_droits_detectes"),
        ("accompagnements", "0002_charger_le_catalogue_des_droits"),
    ]

    operations = [migrations.RunPython(ajouter, retirer)]
