from django.db import migrations


def creer(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="dpo")


def supprimer(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="dpo").delete()


class Migration(migrations.Migration):
    dependencies = [("comptes", "0003_activite_des_jetons_d_api")]

    operations = [migrations.RunPython(creer, supprimer)]
