"""Retention: archive after the inactivity delay, anonymise after the archive period; the dry run
changes nothing; the indicators of a locked year do not move."""

import datetime
import json
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone

from conservation.services import a_archiver, conservation_appliquer, usager_anonymiser
from indicateurs.models import ValeurExtraite
from indicateurs.services import annee_verrouiller, extraire_mois
from logement.services import mesure_cloturer
from tests.comptes.factories import agent
from tests.indicateurs.conftest import ATTENDU
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = pytest.mark.django_db


def _mesure_terminee(commune=DIJON):
    mesure = MesureASLLFactory(
        usager=UsagerFactory(code_commune=commune, adresse="3 rue Y", telephone="0612345678")
    )
    ts = agent("asll", commune)
    return mesure_cloturer(mesure=mesure, date_fin=timezone.localdate(), issue="objectifs_atteints", par=ts)


def _instantane():
    return sorted(Usager.objects.values_list("pk", "nom", "prenom", "adresse", "archive_le", "anonymise_le"))


def test_la_simulation_compte_par_dispositif_et_commune_et_ne_change_rien():
    termine_dijon, termine_chenove = _mesure_terminee(DIJON), _mesure_terminee(CHENOVE)
    MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))  # running: active
    avant = _instantane()
    dans_25_mois = timezone.localdate() + relativedelta(months=25)

    sortie = StringIO()
    call_command("appliquer_conservation", "--simulation", "--date", dans_25_mois.isoformat(), stdout=sortie)

    rapport = json.loads(sortie.getvalue())
    assert rapport["a_archiver"] == {
        "total": 2,
        "par_dispositif_et_commune": {"asll": {DIJON: 1, CHENOVE: 1}},
    }
    assert rapport["a_anonymiser"]["total"] == 0
    assert _instantane() == avant
    assert {termine_dijon.usager_id, termine_chenove.usager_id} == set(
        a_archiver(dans_25_mois).values_list("pk", flat=True)
    )


def test_archive_a_la_bonne_date_puis_anonymise_apres_l_archivage(settings):
    settings.CONSERVATION_INACTIVITE_MOIS = dict.fromkeys(settings.CONSERVATION_INACTIVITE_MOIS, 24)
    settings.CONSERVATION_ARCHIVE_MOIS = 36
    mesure = _mesure_terminee()
    aujourd_hui = timezone.localdate()
    naissance = mesure.usager.date_naissance

    # One day before the delay: nothing; on the day: archived (a doubled run is harmless).
    assert (
        conservation_appliquer(aujourd_hui=aujourd_hui + relativedelta(months=24, days=-1)).total_archivees
        == 0
    )
    jour_archive = aujourd_hui + relativedelta(months=24, days=1)
    assert conservation_appliquer(aujourd_hui=jour_archive).total_archivees == 1
    assert conservation_appliquer(aujourd_hui=jour_archive).total_archivees == 0
    usager = Usager.objects.get(pk=mesure.usager_id)
    assert usager.archive_le == jour_archive and usager.anonymise_le is None
    assert usager.nom != "ANONYME"

    # The archive period runs: anonymised the day it ends, not before.
    assert (
        conservation_appliquer(aujourd_hui=jour_archive + relativedelta(months=36, days=-1)).total_anonymisees
        == 0
    )
    jour_anonymisation = jour_archive + relativedelta(months=36)
    assert conservation_appliquer(aujourd_hui=jour_anonymisation).total_anonymisees == 1
    usager.refresh_from_db()
    assert (usager.nom, usager.prenom, usager.adresse, usager.telephone, usager.email) == (
        "ANONYME",
        "",
        "",
        "",
        "",
    )
    assert usager.date_naissance == datetime.date(naissance.year, 1, 1)
    assert usager.anonymise_le == jour_anonymisation
    mesure.refresh_from_db()  # the events are kept
    assert (mesure.date_debut, mesure.date_fin, mesure.issue, mesure.commune_id) == (
        mesure.date_debut,
        aujourd_hui,
        "objectifs_atteints",
        DIJON,
    )


def test_un_dossier_archive_est_en_lecture_seule_et_hors_des_listes(client_de):
    mesure = _mesure_terminee()
    Usager.objects.filter(pk=mesure.usager_id).update(archive_le=timezone.localdate())
    client = client_de(agent("asll", DIJON))

    assert client.get("/api/v1/asll/mesures/").json()["count"] == 0
    assert client.get("/api/v1/usagers/").json()["count"] == 0
    assert client.get(f"/api/v1/asll/mesures/{mesure.pk}/").status_code == 200
    reponse = client.patch(f"/api/v1/usagers/{mesure.usager_id}/", {"adresse": "ailleurs"}, format="json")
    assert reponse.status_code == 400
    assert "archivé" in reponse.json()["detail"]


def test_les_indicateurs_d_une_annee_verrouillee_ne_bougent_pas_apres_anonymisation(
    monde, administrateur, client_de, monkeypatch
):
    for mois in range(1, 13):
        extraire_mois(annee=2020, mois=mois)
    annee_verrouiller(annee=2020, par=administrateur)
    client = client_de(administrateur)

    def publies():
        resultat = {}
        for identifiant in ATTENDU:
            for source in ("snapshot", "live"):
                params = {"indicateur": identifiant, "du": "2020-01-01", "au": "2020-12-31", "par": "commune"}
                corps = client.get("/api/v1/indicateurs/valeurs/", {**params, "source": source}).json()
                resultat[identifiant, source] = (corps["lignes"], corps["total"])
        return resultat

    stockees = sorted(ValeurExtraite.objects.values_list("extraction_id", "indicateur", "cle", "valeur"))
    avant = publies()

    # What anonymisation does to the counts, on every person of the world — their files still open
    # here (an open file is never anonymised: test_droit_d_acces.py; this test is about the counts).
    monkeypatch.setattr("conservation.services.a_un_dossier_ouvert", lambda usager: False)
    for usager in Usager.objects.all():
        usager_anonymiser(usager=usager, par=administrateur, aujourd_hui=timezone.localdate())

    assert not Usager.objects.exclude(nom="ANONYME").exists()
    assert (
        sorted(ValeurExtraite.objects.values_list("extraction_id", "indicateur", "cle", "valeur")) == stockees
    )
    assert publies() == avant


def test_la_tache_est_dans_le_planning_par_son_nom(settings):
    entree = settings.CELERY_BEAT_SCHEDULE["conservation-quotidienne"]
    assert entree["task"] == "conservation.tasks.appliquer_conservation"
    from conservation.tasks import appliquer_conservation

    assert appliquer_conservation.name == entree["task"]
    assert appliquer_conservation.delay().get() == {"archivees": 0, "anonymisees": 0, "journal_purge": 0}


def test_la_tache_planifiee_a_heure_figee_archive_puis_anonymise(settings, monkeypatch):
    """The beat task, with the clock frozen at later dates (mock of django.utils.timezone.now)."""
    from unittest import mock

    from conservation.tasks import appliquer_conservation

    settings.CONSERVATION_ARCHIVE_MOIS = 36
    mesure = _mesure_terminee()
    maintenant = timezone.now()

    def a(date_heure):
        return mock.patch("django.utils.timezone.now", return_value=date_heure)

    # The database's clock is not frozen: on PostgreSQL the journal's trigger rightly refuses a purge
    # dated years ahead of it. The purge has its own tests; here it is left out.
    monkeypatch.setattr("conservation.tasks.journal_purger", lambda **_: 0)

    with a(maintenant + relativedelta(months=23)):
        assert appliquer_conservation.delay().get()["archivees"] == 0
    with a(maintenant + relativedelta(months=24, days=2)):
        assert appliquer_conservation.delay().get()["archivees"] == 1
    with a(maintenant + relativedelta(months=24 + 36, days=1)):
        assert appliquer_conservation.delay().get()["anonymisees"] == 0
    with a(maintenant + relativedelta(months=24 + 36, days=3)):
        assert appliquer_conservation.delay().get()["anonymisees"] == 1
    assert Usager.objects.get(pk=mesure.usager_id).nom == "ANONYME"
