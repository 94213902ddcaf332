"""The directory as fiches 1.1 to 2.3 of the pacte and the demo name its partners, frozen here: the
métropole's services, the CAF and the CPAM, the CCAS of each of the 23 communes, the towns of the
Contrat Local de Santé, the State's services of the EMAS convention (ARS, DDCS), the five social
landlords of fiche 2.3, care (CMP, hospitals), the operators of actions 2.1 and 2.2, and the bodies
of the démarches of action 1.1. Administrators complete it in the admin."""

import re
import unicodedata

from django.db import migrations

COMMUNES = [
    ("21003", "Ahuy"), ("21105", "Bressey-sur-Tille"), ("21106", "Bretenière"), ("21166", "Chenôve"),
    ("21171", "Chevigny-Saint-Sauveur"), ("21192", "Corcelles-les-Monts"), ("21223", "Daix"),
    ("21231", "Dijon"), ("21263", "Fénay"), ("21270", "Flavignerot"), ("21278", "Fontaine-lès-Dijon"),
    ("21315", "Hauteville-lès-Dijon"), ("21355", "Longvic"), ("21370", "Magny-sur-Tille"),
    ("21390", "Marsannay-la-Côte"), ("21452", "Neuilly-Crimolois"), ("21473", "Ouges"),
    ("21481", "Perrigny-lès-Dijon"), ("21485", "Plombières-lès-Dijon"), ("21515", "Quetigny"),
    ("21540", "Saint-Apollinaire"), ("21605", "Sennecey-lès-Dijon"), ("21617", "Talant"),
]  # fmt: skip
CLS = ("21166", "21231", "21355", "21515", "21617")

# (nom, type, domaines, communes: "all" or INSEE codes)
PARTENAIRES = [
    ("Dijon Métropole — service social métropolitain", "service_social", ["droits", "logement", "budget", "famille"], "all"),
    ("Caisse d'allocations familiales de la Côte-d'Or (CAF)", "caf", ["droits", "famille", "logement"], "all"),
    ("Caisse primaire d'assurance maladie de la Côte-d'Or (CPAM)", "assurance_maladie", ["droits", "sante"], "all"),
    ("Agence régionale de santé Bourgogne-Franche-Comté (ARS)", "etat", ["sante"], "all"),
    ("Direction départementale de la cohésion sociale de la Côte-d'Or (DDCS)", "etat", ["logement", "droits"], "all"),
    ("CDC Habitat", "bailleur", ["logement"], "all"),
    ("Grand Dijon Habitat", "bailleur", ["logement"], "all"),
    ("Habellis", "bailleur", ["logement"], "all"),
    ("ICF Sud-Est-Méditerranée", "bailleur", ["logement"], "all"),
    ("Orvitis", "bailleur", ["logement"], "all"),
    ("Centre hospitalier La Chartreuse — centres médico-psychologiques (CMP)", "sante", ["sante"], "all"),
    ("CHU Dijon Bourgogne", "sante", ["sante"], "all"),
    ("Opérateur ASLL de la métropole (appel à projets 2020)", "operateur", ["logement", "budget"], "all"),
    ("ACOR Grand Dijon", "operateur", ["logement", "sante"], "all"),
    ("France Travail", "emploi", ["emploi"], "all"),
    ("Mission locale de Dijon", "emploi", ["emploi"], "all"),
    ("Maison départementale des personnes handicapées de la Côte-d'Or (MDPH)", "autre", ["droits"], "all"),
    ("Carsat Bourgogne-Franche-Comté (retraite)", "autre", ["droits"], "all"),
    ("Centre des finances publiques de Dijon (impôts)", "etat", ["droits", "budget"], "all"),
    ("Agence nationale des titres sécurisés (ANTS)", "etat", ["droits", "numerique"], "all"),
    ("Fonds de solidarité pour le logement (FSL) — Dijon Métropole", "service_social", ["logement", "budget"], "all"),
    *((f"CCAS de {nom}", "ccas", ["droits", "budget", "alimentation"], [code]) for code, nom in COMMUNES),
    *((f"Ville de {nom}", "commune", ["droits"], [code]) for code, nom in COMMUNES if code in CLS),
]  # fmt: skip


def normaliser(texte: str) -> str:
    """Frozen copy of `usagers.recherche.normaliser` (the search key)."""
    decompose = unicodedata.normalize("NFKD", texte or "")
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    sans_accents = sans_accents.replace("ß", "ss").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return re.sub(r"[^0-9a-z]+", " ", sans_accents.casefold()).strip()


def charger(apps, schema_editor):
    Partenaire = apps.get_model("partenaires", "Partenaire")
    Commune = apps.get_model("communes", "Commune")
    existantes = set(Commune.objects.values_list("pk", flat=True))
    for nom, type_, domaines, communes in PARTENAIRES:
        partenaire, cree = Partenaire.objects.get_or_create(
            nom=nom,
            defaults={
                "type": type_,
                "domaines": domaines,
                "toute_la_metropole": communes == "all",
                "recherche": normaliser(nom),
            },
        )
        if cree and communes != "all":
            partenaire.communes.set([c for c in communes if c in existantes])


class Migration(migrations.Migration):
    dependencies = [
        ("partenaires", "0001_annuaire_des_partenaires"),
        ("communes", "0002_charger_les_23_communes"),
    ]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
