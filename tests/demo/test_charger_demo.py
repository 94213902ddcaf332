import io
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accompagnements.models import Contact, Droit
from comptes.models import User
from comptes.roles import codes_des_roles, role_de
from config import dispositifs as registre
from config.dispositifs import COMMUNE
from config.periodes import aujourdhui
from emas.models import SuiviEMAS
from indicateurs.models import Objectif
from indicateurs.resultats import publier
from indicateurs.secret import seuil_secret
from logement.models import (
    CapaciteACOR,
    FinancementMesure,
    IssueMesure,
    MesureASLL,
    MotifSortie,
    PointEtape,
    RencontreASLL,
    SituationACOR,
    StatutSituation,
)
from logement.models import Orientation as OrientationASLL
from orientations.models import Orientation
from tests.dispositif_essai.perms import ESSAI
from usagers.models import Usager

pytestmark = pytest.mark.django_db


def test_jeu_de_demonstration_idempotent_un_compte_par_role():
    call_command("charger_demo", stdout=None)
    call_command("charger_demo", stdout=None)

    roles = {role_de(u) for u in User.objects.all()}
    # Every role of the pacte (not the dpo's, nor a test-only dispositif's: tests/dispositif_essai).
    assert roles == {r for r in codes_des_roles() if r != ESSAI} | {"administrateur"}
    # Seven named persons, fourteen of Dijon so that the dashboard publishes (k = 11), fourteen of 2020,
    # twelve of four other communes.
    assert Usager.objects.count() == 47
    assert Droit.objects.count() == 28
    assert MesureASLL.objects.count() == 41
    # Every outcome of the « bilan des suites », orientations to each answer included.
    assert set(MesureASLL.objects.values_list("issue", "orientation")) >= {
        (issue, "") for issue in IssueMesure.values if issue != IssueMesure.ORIENTATION
    } | {(IssueMesure.ORIENTATION, orientation) for orientation in OrientationASLL.values}
    assert set(MesureASLL.objects.values_list("financement", flat=True)) == set(FinancementMesure.values)
    assert RencontreASLL.objects.filter(mesure__date_debut__year=2020).count() > 100
    assert PointEtape.objects.filter(date_non_tenu__isnull=False).count() >= 5
    # ACOR: the year's places and those of 2020, two in progress today, two waiting, exits of every kind.
    assert CapaciteACOR.objects.count() == 3
    assert SituationACOR.objects.filter(statut=StatutSituation.EN_COURS).count() == 2
    assert SituationACOR.objects.filter(statut=StatutSituation.EN_ATTENTE).count() == 2
    assert set(SituationACOR.objects.values_list("motif_sortie", flat=True)) >= set(MotifSortie.values) - {
        MotifSortie.DECES
    }
    # EMAS: follow-ups closed with every end reason but one.
    assert len(set(SuiviEMAS.objects.filter(statut="clos").values_list("motif_fin", flat=True))) >= 6
    assert Orientation.objects.count() == 2


def test_un_compte_de_demonstration_se_connecte(anonyme):
    call_command("charger_demo", stdout=None)

    reponse = anonyme.post(
        "/api/v1/auth/token/", {"username": "agent.droits", "password": "demo-pacte-2020"}, format="json"
    )

    assert reponse.status_code == 200


def test_les_comptes_ne_dependent_d_aucun_dispositif():
    """Accounts and grants are the foundation: they import no dispositif (the demo data does)."""
    import ast
    from pathlib import Path

    dispositifs = {"accompagnements", "logement", "emas", "notifications", "demo"}
    racine = Path(__file__).resolve().parents[2]
    for app in ("comptes", "communes", "config"):
        for fichier in (racine / app).rglob("*.py"):
            arbre = ast.parse(fichier.read_text())
            importes = {
                (n.module or "").split(".")[0] for n in ast.walk(arbre) if isinstance(n, ast.ImportFrom)
            } | {a.name.split(".")[0] for n in ast.walk(arbre) if isinstance(n, ast.Import) for a in n.names}
            assert not importes & dispositifs, (
                f"{fichier.relative_to(racine)} importe {importes & dispositifs}"
            )


def test_la_demo_porte_l_objectif_2020_de_la_fiche_1_1_jusqu_au_rapport(client_de):
    """Fiche 1.1: seven agents from 1 June 2020, the only number fiches 1.1 to 2.3 set to what an
    indicator measures; the 2020 report (XLSX) shows it beside its indicator. Contacts of the demo
    name where the person was received."""
    call_command("charger_demo", stdout=None)
    call_command("charger_demo", stdout=None)

    assert list(Objectif.objects.values_list("annee", "indicateur", "valeur")) == [
        (2020, "1.1.agents_en_activite", 7)
    ]
    assert Contact.objects.filter(lieu_accueil__type__in=["ccas", "service_social"]).count() >= 12
    reponse = client_de(User.objects.get(username="admin")).get(
        "/api/v1/indicateurs/rapport/", {"annee": 2020, "format": "xlsx"}
    )
    assert reponse.status_code == 200
    classeur = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)), read_only=True)
    lignes = [r for r in classeur["Synthèse"].iter_rows(values_only=True) if r and r[0]]
    agents = next(r for r in lignes if r[0] == "1.1.agents_en_activite")
    assert agents[3] == 7


@pytest.mark.parametrize(
    ("indicateur_id", "annee"),
    [
        ("1.1.droits_ouverts", 2020),
        ("2.1.mesures_exercees", 2020),
        # This year's measures run from a few weeks ago: counted this year whatever today's date.
        ("2.1.mesures_exercees", aujourdhui().year),
    ],
)
def test_le_tableau_de_bord_de_la_demonstration_publie_des_chiffres_a_dijon(indicateur_id, annee):
    """With the demo data, the supervisors' dashboard shows figures (issues 21 and 22): Dijon's cell of
    the year for 1.1 and 2.1 is at least the secrecy threshold and is not suppressed."""
    call_command("charger_demo", stdout=None)
    encadrant = User.objects.get(username="encadrant")
    indicateur = next(i for _, i in registre.indicateurs() if i.id == indicateur_id)

    publication = publier(
        user=encadrant, indicateur=indicateur, du=date(annee, 1, 1), au=date(annee, 12, 31), par=[COMMUNE]
    )

    dijon = next(ligne for ligne in publication.lignes() if ligne[COMMUNE] == "21231")
    assert not dijon["secret"]
    assert dijon["valeur"] >= seuil_secret()
