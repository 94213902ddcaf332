from django.db import migrations

# The 23 communes of Dijon Métropole (code INSEE, nom, Contrat Local de Santé), frozen here.
COMMUNES_METROPOLE = [
    ("21003", "Ahuy", False),
    ("21105", "Bressey-sur-Tille", False),
    ("21106", "Bretenière", False),
    ("21166", "Chenôve", True),
    ("21171", "Chevigny-Saint-Sauveur", False),
    ("21192", "Corcelles-les-Monts", False),
    ("21223", "Daix", False),
    ("21231", "Dijon", True),
    ("21263", "Fénay", False),
    ("21270", "Flavignerot", False),
    ("21278", "Fontaine-lès-Dijon", False),
    ("21315", "Hauteville-lès-Dijon", False),
    ("21355", "Longvic", True),
    ("21370", "Magny-sur-Tille", False),
    ("21390", "Marsannay-la-Côte", False),
    ("21452", "Neuilly-Crimolois", False),
    ("21473", "Ouges", False),
    ("21481", "Perrigny-lès-Dijon", False),
    ("21485", "Plombières-lès-Dijon", False),
    ("21515", "Quetigny", True),
    ("21540", "Saint-Apollinaire", False),
    ("21605", "Sennecey-lès-Dijon", False),
    ("21617", "Talant", True),
]


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
