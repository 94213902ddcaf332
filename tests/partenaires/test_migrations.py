"""Issue 23: the records that named a partner in free text or codes point to the directory, and
nothing is lost. Run on a copy of the demo data (`charger_demo`) plus the texts agents typed, taken
back to the state before the migrations (no link to the directory), then migrated: every text and
code is the same after as before; the ones that name one partner point to it."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F

from accompagnements.models import Demarche
from emas.models import Signalement
from logement.models import SituationACOR
from partenaires.models import Partenaire
from tests.accompagnements.factories import DemarcheFactory
from tests.logement.factories import SituationACORFactory
from usagers.models import Usager

pytestmark = pytest.mark.django_db

DEMARCHES = importlib.import_module("accompagnements.migrations.0013_demarches_reliees_a_l_annuaire")
SITUATIONS = importlib.import_module("logement.migrations.0015_prescripteurs_relies_a_l_annuaire")
SIGNALEMENTS = importlib.import_module("emas.migrations.0007_signalements_relies_a_l_annuaire")

TEXTES = {
    "CAF": "Caisse d'allocations familiales de la Côte-d'Or (CAF)",
    "ameli": "Caisse primaire d'assurance maladie de la Côte-d'Or (CPAM)",
    "Pôle emploi": "France Travail",
    "ccas de chenove": "CCAS de Chenôve",
    "CCAS": None,  # names 23 partners: stays text
    "Le voisin du dessus": None,
    "": None,
}


def _etat():
    """Every text and code the migrations read, as they are."""
    return (
        sorted(Demarche.objects.values_list("pk", "organisme", "type", "note")),
        sorted(SituationACOR.objects.values_list("pk", "prescripteur", "statut")),
        sorted(Signalement.objects.values_list("pk", "origine", "reoriente_vers", "contact", "description")),
    )


def test_les_textes_libres_sont_relies_sans_rien_perdre():
    call_command("charger_demo", verbosity=0)
    for texte in TEXTES:
        DemarcheFactory(organisme=texte)
    dijon = Usager.objects.get(nom="MARTIN")
    SituationACORFactory(usager=dijon, prescripteur="ccas")
    SituationACORFactory(prescripteur="service_social")
    SituationACORFactory(prescripteur="bailleur")
    # before the migrations: no record points to the directory
    Demarche.objects.update(partenaire=None)
    SituationACOR.objects.update(prescripteur_partenaire=None)
    Signalement.objects.update(origine_partenaire=None, reoriente_vers_partenaire=None)
    Signalement.objects.filter(origine="commune_ccas").update(
        decision="reoriente", reoriente_vers="CMP", date_decision=F("date")
    )
    avant = _etat()

    for migration in (DEMARCHES, SITUATIONS, SIGNALEMENTS):
        migration.relier(apps, None)
        migration.relier(apps, None)  # replayed: the same

    assert _etat() == avant  # nothing lost, nothing changed
    for texte, nom in TEXTES.items():
        relie = Demarche.objects.filter(organisme=texte).values_list("partenaire__nom", flat=True).first()
        assert relie == nom, texte
    prescripteurs = dict(SituationACOR.objects.values_list("prescripteur", "prescripteur_partenaire__nom"))
    assert prescripteurs == {
        "ccas": "CCAS de Dijon",
        "service_social": "Dijon Métropole — service social métropolitain",
        "bailleur": None,  # which one is unknown: the code stays
        "autre": None,  # the demo's
        "dispositif": None,  # the demo's orientation from the 1.1 agent
    }
    origines = dict(Signalement.objects.values_list("origine", "origine_partenaire__nom"))
    # Each origin code of the demo's referrals points to the partner it names.
    attendues = {
        "orvitis": "Orvitis",
        "grand_dijon_habitat": "Grand Dijon Habitat",
        "commune_ccas": f"CCAS de {Usager.objects.get(nom='PETIT').commune.nom}",
    }
    assert {"orvitis", "commune_ccas"} <= set(origines)
    assert origines == {code: attendues[code] for code in origines}
    assert Signalement.objects.get(origine="commune_ccas").reoriente_vers_partenaire.nom.endswith("(CMP)")
    assert Partenaire.objects.count() == 49
