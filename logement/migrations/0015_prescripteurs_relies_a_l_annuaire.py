"""ACOR situations whose referrer was the métropole's social service or a CCAS point to that partner
of the directory (the CCAS of the person's commune); the code is kept as it was: nothing is lost."""

from django.db import migrations

SERVICE_SOCIAL = "Dijon Métropole — service social métropolitain"


def relier(apps, schema_editor):
    Partenaire = apps.get_model("partenaires", "Partenaire")
    SituationACOR = apps.get_model("logement", "SituationACOR")
    a_relier = SituationACOR.objects.filter(prescripteur_partenaire__isnull=True)
    service = Partenaire.objects.filter(nom=SERVICE_SOCIAL).first()
    if service is not None:
        a_relier.filter(prescripteur="service_social").update(prescripteur_partenaire=service)
    ccas = {
        commune: pk
        for pk, commune in Partenaire.objects.filter(type="ccas", toute_la_metropole=False).values_list(
            "pk", "communes"
        )
        if commune
    }
    for commune, pk in ccas.items():
        a_relier.filter(prescripteur="ccas", commune_actuelle_id=commune).update(
            prescripteur_partenaire_id=pk
        )


class Migration(migrations.Migration):
    dependencies = [
        ("logement", "0014_annuaire_et_demandes_asll"),
        ("partenaires", "0002_charger_l_annuaire"),
    ]

    operations = [migrations.RunPython(relier, migrations.RunPython.noop)]
