import re
import unicodedata

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

_NON_ALPHANUMERIQUE = re.compile(r"[^0-9a-z]+")


def normaliser(texte: str) -> str:
    """« DUPRÉ-Lefèvre  Hélène » → « dupre lefevre helene » (frozen copy of `usagers.recherche`)."""
    decompose = unicodedata.normalize("NFKD", texte or "")
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    sans_accents = sans_accents.replace("ß", "ss").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return _NON_ALPHANUMERIQUE.sub(" ", sans_accents.casefold()).strip()


def cle_recherche(nom: str, prenom: str) -> str:
    return f"{normaliser(nom)} {normaliser(prenom)}".strip()


def remplir_recherche(apps, schema_editor):
    Usager = apps.get_model("usagers", "Usager")
    lot = []
    for usager in Usager.objects.only("id", "nom", "prenom").iterator(chunk_size=2000):
        usager.recherche = cle_recherche(usager.nom, usager.prenom)
        lot.append(usager)
        if len(lot) == 2000:
            Usager.objects.bulk_update(lot, ["recherche"])
            lot = []
    Usager.objects.bulk_update(lot, ["recherche"])


def index_trigrammes(apps, schema_editor):
    # PostgreSQL only: `LIKE '%dupre%'` on the normalised column is a bitmap index scan.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX usager_recherche_trgm_idx ON usagers_usager USING gin (recherche gin_trgm_ops)"
        )


def supprimer_index_trigrammes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS usager_recherche_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("usagers", "0004_usager_compartiment"),
    ]

    operations = [
        # Both are no-ops outside PostgreSQL. `unaccent` is enabled for ad-hoc SQL by the
        # administrators; the application normalises in Python so SQLite behaves the same.
        TrigramExtension(),
        UnaccentExtension(),
        migrations.AddField(
            model_name="usager",
            name="recherche",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=201,
                verbose_name="nom et prénom normalisés",
            ),
        ),
        migrations.RunPython(remplir_recherche, migrations.RunPython.noop),
        migrations.RunPython(index_trigrammes, supprimer_index_trigrammes),
    ]
