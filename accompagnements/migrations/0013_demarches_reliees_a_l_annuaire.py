"""Démarches that named their body in free text point to the partners' directory when the text names
one partner (`trouver`); the text is kept as typed, matched or not: nothing is lost."""

import re
import unicodedata

from django.db import migrations


def normaliser(texte: str) -> str:
    """Frozen copy of `usagers.recherche.normaliser` (the directory's search key)."""
    decompose = unicodedata.normalize("NFKD", texte or "")
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    sans_accents = sans_accents.replace("ß", "ss").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return re.sub(r"[^0-9a-z]+", " ", sans_accents.casefold()).strip()


# What agents typed for a partner named otherwise in the directory (normalised).
ALIAS = {
    "ameli": "caisse primaire d assurance maladie de la cote d or cpam",
    "pole emploi": "france travail",
    "dgfip": "centre des finances publiques de dijon impots",
    "impot": "centre des finances publiques de dijon impots",
}


def trouver(texte: str, par_cle: dict[str, int]) -> int | None:
    """The directory's partner a free text names: its name, an alias, or words found in one partner's
    name only (« CAF » → the CAF; « CCAS » alone names 23: no match). None: the text stays text."""
    cle = normaliser(texte)
    if not cle:
        return None
    cle = ALIAS.get(cle, cle)
    if cle in par_cle:
        return par_cle[cle]
    candidats = [pk for nom, pk in par_cle.items() if f" {cle} " in f" {nom} "]
    return candidats[0] if len(candidats) == 1 else None


def relier(apps, schema_editor):
    Partenaire = apps.get_model("partenaires", "Partenaire")
    Demarche = apps.get_model("accompagnements", "Demarche")
    par_cle = dict(Partenaire.objects.values_list("recherche", "pk"))
    textes = (
        Demarche.objects.filter(partenaire__isnull=True)
        .exclude(organisme="")
        .values_list("organisme", flat=True)
    )
    for texte in set(textes):
        pk = trouver(texte, par_cle)
        if pk is not None:
            Demarche.objects.filter(organisme=texte, partenaire__isnull=True).update(partenaire_id=pk)


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnements", "0012_demarche_vers_l_annuaire"),
        ("partenaires", "0002_charger_l_annuaire"),
    ]

    operations = [migrations.RunPython(relier, migrations.RunPython.noop)]
