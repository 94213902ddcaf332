from django.db import migrations

# The catalogue of rights loaded at installation (code, libellé), frozen here. Codes are stable: the
# API and the exports rely on them. An administrator adds more in the admin.
TYPES_DROITS = [
    ("rsa", "Revenu de solidarité active (RSA)"),
    ("prime_activite", "Prime d'activité"),
    ("aah", "Allocation aux adultes handicapés (AAH)"),
    ("apl", "Aide personnalisée au logement (APL)"),
    ("als", "Allocation de logement sociale (ALS)"),
    ("alf", "Allocation de logement familiale (ALF)"),
    ("css", "Complémentaire santé solidaire (C2S)"),
    ("puma", "Protection universelle maladie (PUMa)"),
    ("aspa", "Allocation de solidarité aux personnes âgées (ASPA)"),
    ("allocations_familiales", "Allocations familiales"),
    ("ars", "Allocation de rentrée scolaire (ARS)"),
    ("cheque_energie", "Chèque énergie"),
    ("fsl", "Fonds de solidarité pour le logement (FSL)"),
    ("faj", "Fonds d'aide aux jeunes (FAJ)"),
    ("tarification_solidaire_transports", "Tarification solidaire des transports"),
    ("asf", "Allocation de soutien familial (ASF)"),
    ("complement_familial", "Complément familial (CF)"),  # estimated by OpenFisca (estimations app)
    ("paje", "Prestation d'accueil du jeune enfant (PAJE)"),
    ("aeeh", "Allocation d'éducation de l'enfant handicapé (AEEH)"),
    ("pch", "Prestation de compensation du handicap (PCH)"),
    ("apa", "Allocation personnalisée d'autonomie (APA)"),
    ("ass", "Allocation de solidarité spécifique (ASS)"),
    ("retraite", "Pension de retraite"),
]


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
