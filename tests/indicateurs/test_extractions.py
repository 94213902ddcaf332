"""Monthly snapshots: extraction, replacement, the locked year, the Celery task and the command."""

import datetime
import io
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from comptes.roles import Role
from config.errors import RegleMetierError
from indicateurs.models import AnneeVerrouillee, Extraction, ValeurExtraite
from indicateurs.services import annee_verrouiller, extraire_mois, mois_precedent
from indicateurs.tasks import extraire_mois_precedent
from tests.comptes.factories import agent
from tests.indicateurs.conftest import ATTENDU

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicateurs/valeurs/"


def _extraire_2020(*mois):
    for m in mois:
        extraire_mois(annee=2020, mois=m)


def test_le_mois_precedent_a_paris():
    assert mois_precedent(datetime.date(2021, 1, 1)) == (2020, 12)
    assert mois_precedent(datetime.date(2020, 3, 31)) == (2020, 2)


def test_extraction_puis_lecture_egale_le_direct(monde, client_de, administrateur):
    """Read from the snapshots of the whole year, every period of the lattice gives the live figures
    and the same suppression (the year's table is the same table)."""
    _extraire_2020(*range(1, 13))
    client = client_de(administrateur)
    for identifiant in ATTENDU:
        for par in ("commune", "commune,mois", "mois", ""):
            for du, au in (
                ("2020-06-01", "2020-06-30"),
                ("2020-04-01", "2020-06-30"),
                ("2020-01-01", "2020-12-31"),
            ):
                params = {"indicateur": identifiant, "du": du, "au": au, "par": par}
                direct = client.get(URL, params).json()
                extrait = client.get(URL, {**params, "source": "snapshot"}).json()
                assert extrait["source"] == "snapshot"
                assert extrait["lignes"] == direct["lignes"], (identifiant, par, du)
                assert extrait["total"] == direct["total"]


def test_le_cumul_depuis_janvier_des_personnes_recues(monde, client_de, administrateur):
    # The whole year extracted: the snapshots hold the same year's table as the live data (a year
    # half extracted is a smaller table, whose secondary suppression may differ).
    _extraire_2020(*range(1, 13))
    client = client_de(administrateur)
    params = {"indicateur": "1.1.personnes_recues", "du": "2020-01-01", "au": "2020-03-31", "par": "commune"}
    assert client.get(URL, {**params, "source": "snapshot"}).json() == {
        **client.get(URL, params).json(),
        "source": "snapshot",
        "extrait_le": mock.ANY,
    }


def test_une_periode_hors_du_treillis_est_refusee_en_disant_pourquoi(monde, client_de, administrateur):
    client = client_de(administrateur)
    for du, au in (("2020-03-01", "2020-03-12"), ("2020-03-01", "2020-03-11"), ("2020-01-01", "2020-07-31")):
        reponse = client.get(URL, {"indicateur": "2.3.signalements", "du": du, "au": au})
        assert reponse.status_code == 400
        assert "un mois, un trimestre ou une année civile" in reponse.json()["du"][0]
        assert "différence" in reponse.json()["du"][0]


def test_reextraire_remplace_et_une_donnee_nouvelle_apparait(monde):
    premiere = extraire_mois(annee=2020, mois=6)
    avant = ValeurExtraite.objects.filter(extraction=premiere).count()
    seconde = extraire_mois(annee=2020, mois=6)
    assert Extraction.objects.filter(annee=2020, mois=6).count() == 1
    assert seconde.pk == premiere.pk
    assert ValeurExtraite.objects.filter(extraction=seconde).count() == avant


def test_une_annee_verrouillee_refuse_la_reextraction(monde):
    with pytest.raises(RegleMetierError, match="Extractions manquantes"):
        annee_verrouiller(annee=2020, par=None)
    _extraire_2020(*range(1, 13))
    annee_verrouiller(annee=2020, par=None)
    figees = list(ValeurExtraite.objects.order_by("pk").values_list("pk", "valeur"))
    with pytest.raises(RegleMetierError, match="verrouillée"):
        extraire_mois(annee=2020, mois=6)
    assert list(ValeurExtraite.objects.order_by("pk").values_list("pk", "valeur")) == figees


def test_un_mois_non_termine_ne_s_extrait_pas():
    with pytest.raises(RegleMetierError, match="pas terminé"):
        extraire_mois(annee=2999, mois=1)


def test_la_tache_extrait_le_mois_precedent_et_peut_tourner_deux_fois(monde):
    with mock.patch("indicateurs.tasks.mois_precedent", return_value=(2020, 6)):
        assert extraire_mois_precedent.delay().get() == "2020-06 extrait"
        assert extraire_mois_precedent.delay().get() == "2020-06 extrait"
    assert Extraction.objects.filter(annee=2020, mois=6).count() == 1


def test_la_tache_laisse_une_annee_verrouillee(db):
    AnneeVerrouillee.objects.create(annee=2020)
    with mock.patch("indicateurs.tasks.mois_precedent", return_value=(2020, 6)):
        assert "verrouillée" in extraire_mois_precedent()
    assert not Extraction.objects.exists()


def test_la_commande(monde):
    sortie = StringIO()
    call_command("extraire_indicateurs", "--mois", "2020-06", stdout=sortie)
    assert "2020-06 extrait" in sortie.getvalue()
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("extraire_indicateurs", "--mois", "juin")


def test_un_encadrant_de_quelques_communes_ne_lit_pas_les_extractions(monde, client_de):
    _extraire_2020(6)
    reponse = client_de(agent(Role.ENCADRANT, "21231")).get(
        URL,
        {"indicateur": "1.1.droits_ouverts", "du": "2020-06-01", "au": "2020-06-30", "source": "snapshot"},
    )
    assert reponse.status_code == 403


def test_une_extraction_manquante_est_nommee(client_de, administrateur):
    reponse = client_de(administrateur).get(
        URL,
        {"indicateur": "1.1.droits_ouverts", "du": "2020-06-01", "au": "2020-06-30", "source": "snapshot"},
    )
    assert reponse.status_code == 400
    assert "2020-06" in reponse.json()["source"][0]


def test_l_administration_verrouille_une_annee_complete(monde, client, administrateur):
    client.force_login(administrateur)
    reponse = client.post("/admin/indicateurs/anneeverrouillee/add/", {"annee": 2020})
    assert reponse.status_code == 200
    assert not AnneeVerrouillee.objects.exists()
    assert "Extractions manquantes" in reponse.content.decode()
    _extraire_2020(*range(1, 13))
    client.post("/admin/indicateurs/anneeverrouillee/add/", {"annee": 2020})
    assert AnneeVerrouillee.objects.get().par == administrateur
    assert client.get("/admin/indicateurs/extraction/").status_code == 200


def test_le_rapport_depuis_les_extractions_egale_le_rapport_en_direct(monde, client_de, administrateur):
    from openpyxl import load_workbook

    from tests.indicateurs.test_api import contenu

    _extraire_2020(*range(1, 13))
    client = client_de(administrateur)

    def feuilles(source):
        reponse = client.get("/api/v1/indicateurs/rapport/", {"annee": 2020, "source": source})
        assert reponse.status_code == 200
        classeur = load_workbook(io.BytesIO(contenu(reponse)))
        # Everything but the header block (source and extraction date differ).
        return {f.title: list(f.iter_rows(min_row=6, values_only=True)) for f in classeur}

    assert feuilles("snapshot") == feuilles("live")
