"""EMAS referrals point to the partner of the directory their origin code names (the five landlords of
fiche 2.3, the ARS, the DDCS; « commune ou CCAS »: the CCAS of the commune of the referral), and a
reorientation written as free text to the partner it names (`trouver`). Codes and texts are kept as
they were, matched or not: nothing is lost. Run inside the migration, no row leaves the database."""

import re
import unicodedata

from django.db import migrations

ORIGINES = {
    "cdc_habitat": "CDC Habitat",
    "grand_dijon_habitat": "Grand Dijon Habitat",
    "habellis": "Habellis",
    "icf_sud_est_mediterranee": "ICF Sud-Est-Méditerranée",
    "orvitis": "Orvitis",
    "ars": "Agence régionale de santé Bourgogne-Franche-Comté (ARS)",
    "ddcs": "Direction départementale de la cohésion sociale de la Côte-d'Or (DDCS)",
}


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
    Signalement = apps.get_model("emas", "Signalement")
    par_nom = dict(Partenaire.objects.values_list("nom", "pk"))
    sans_origine = Signalement.objects.filter(origine_partenaire__isnull=True)
    for code, nom in ORIGINES.items():
        if nom in par_nom:
            sans_origine.filter(origine=code).update(origine_partenaire_id=par_nom[nom])
    for pk, commune in Partenaire.objects.filter(type="ccas", toute_la_metropole=False).values_list(
        "pk", "communes"
    ):
        if commune:
            sans_origine.filter(origine="commune_ccas", commune_id=commune).update(origine_partenaire_id=pk)
    par_cle = dict(Partenaire.objects.values_list("recherche", "pk"))
    textes = (
        Signalement.objects.filter(reoriente_vers_partenaire__isnull=True)
        .exclude(reoriente_vers="")
        .values_list("reoriente_vers", flat=True)
    )
    for texte in set(textes):
        pk = trouver(texte, par_cle)
        if pk is not None:
            Signalement.objects.filter(reoriente_vers=texte, reoriente_vers_partenaire__isnull=True).update(
                reoriente_vers_partenaire_id=pk
            )


class Migration(migrations.Migration):
    dependencies = [
        ("emas", "0006_signalements_vers_l_annuaire"),
        ("partenaires", "0002_charger_l_annuaire"),
    ]

    operations = [migrations.RunPython(relier, migrations.RunPython.noop)]
