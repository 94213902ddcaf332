from django.db import migrations

from accompagnements.catalogue import TYPES_DROITS


def charger(apps, schema_editor):
    TypeDroit = apps.get_model("accompagnements", "TypeDroit")
    for code, libelle in TYPES_DROITS:
        TypeDroit.objects.update_or_create(code=code, defaults={"libelle": libelle})


def decharger(apps, schema_editor):
    TypeDroit = apps.get_model("accompagnements", "TypeDroit")
    TypeDroit.objects.filter(code__in=[code for code, _ in TYPES_DROITS], droits__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("accompagnements", "0001_accompagnements_contacts_demarches_droits")]

    operations = [migrations.RunPython(charger, decharger)]
