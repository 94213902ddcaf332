"""The daily scan's date rules, with the date frozen: who is reminded of what, on which day.

Month ends, leap years and the two DST days of 2026 are covered; the scan's day is the calendar
day in Europe/Paris."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from logement.models import MesureASLL, MotifAnnulation, StatutMesure
from logement.rappels import (
    ACOR_ATTENTE_LONGUE,
    MESURE_ECHUE,
    MESURE_ECHUE_ESCALADE,
    OBJET_MESURE_ASLL,
    OBJET_POINT_ETAPE,
    OBJET_SITUATION_ACOR,
    POINT_ETAPE_EN_RETARD,
    POINT_ETAPE_ESCALADE,
    POINT_ETAPE_PROCHE,
)
from logement.services import mesure_cloturer, mesure_renouveler, mesure_suspendre, point_etape_realiser
from notifications.models import Notification
from notifications.services import jour_du_scan, rappels_creer, rappels_envoyer
from tests.comptes.factories import agent
from tests.logement.factories import SituationACORFactory
from tests.notifications.factories import encadrant, mesure
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PARIS = ZoneInfo("Europe/Paris")


def rappels(type_=None) -> set[tuple]:
    qs = Notification.objects.all()
    if type_:
        qs = qs.filter(type=type_)
    return set(qs.values_list("type", "objet_type", "objet_id", "destinataire_id"))


def premier_point(m):
    return m.points_etape.get(rang=1)


@pytest.mark.parametrize(
    ("debut", "point", "veille_du_rappel", "retard", "escalade"),
    [
        # 31 Dec + 2 months, leap year: 29 Feb 2024.
        (D(2023, 12, 31), D(2024, 2, 29), D(2024, 2, 21), D(2024, 3, 1), D(2024, 3, 7)),
        # 31 Dec + 2 months, common year: 28 Feb 2023; the month end does not drift.
        (D(2022, 12, 31), D(2023, 2, 28), D(2023, 2, 20), D(2023, 3, 1), D(2023, 3, 7)),
        # Across a year end; 30 Nov → 30 Jan.
        (D(2025, 11, 30), D(2026, 1, 30), D(2026, 1, 22), D(2026, 1, 31), D(2026, 2, 6)),
        # Checkpoint on the DST change days of 2026.
        (D(2026, 1, 29), D(2026, 3, 29), D(2026, 3, 21), D(2026, 3, 30), D(2026, 4, 5)),
        (D(2026, 8, 25), D(2026, 10, 25), D(2026, 10, 17), D(2026, 10, 26), D(2026, 11, 1)),
    ],
)
def test_rappel_retard_et_escalade_d_un_point_d_etape(debut, point, veille_du_rappel, retard, escalade):
    m = mesure(debut, duree_mois=6)
    chef = encadrant(DIJON)
    p = premier_point(m)
    assert p.date_prevue == point
    cle = (OBJET_POINT_ETAPE.code, p.pk)

    rappels_creer(jour=veille_du_rappel)
    assert not rappels()

    rappels_creer(jour=veille_du_rappel + datetime.timedelta(days=1))  # J-7
    assert rappels() == {(POINT_ETAPE_PROCHE.code, *cle, m.referent_id)}

    rappels_creer(jour=point)  # on the day: not late yet
    assert not rappels(POINT_ETAPE_EN_RETARD.code)

    rappels_creer(jour=retard)  # the day after
    assert rappels(POINT_ETAPE_EN_RETARD.code) == {(POINT_ETAPE_EN_RETARD.code, *cle, m.referent_id)}

    rappels_creer(jour=escalade - datetime.timedelta(days=1))
    assert not rappels(POINT_ETAPE_ESCALADE.code)

    rappels_creer(jour=escalade)  # 7 days late: the référent and the supervisor of Dijon
    assert rappels(POINT_ETAPE_ESCALADE.code) == {
        (POINT_ETAPE_ESCALADE.code, *cle, m.referent_id),
        (POINT_ETAPE_ESCALADE.code, *cle, chef.pk),
    }


def test_un_scan_manque_est_rattrape_par_le_suivant():
    """The rule is "due up to today": a scan run only 20 days after the date still reminds everything."""
    m = mesure(D(2026, 1, 10), duree_mois=6)
    rappels_creer(jour=D(2026, 3, 30))
    types = {t for t, *_ in rappels()}
    assert types == {POINT_ETAPE_EN_RETARD.code, POINT_ETAPE_ESCALADE.code}
    assert {d for *_, d in rappels()} == {m.referent_id}


def test_l_escalade_va_aux_encadrants_de_la_commune_de_l_usager_seulement():
    m = mesure(D(2026, 1, 10), duree_mois=6, commune=DIJON)
    de_dijon = encadrant(DIJON)
    encadrant(CHENOVE)
    agent("asll", DIJON)  # a colleague, not a supervisor
    inactif = encadrant(DIJON)
    inactif.is_active = False
    inactif.save()
    rappels_creer(jour=D(2026, 3, 20))
    assert {d for *_, d in rappels(POINT_ETAPE_ESCALADE.code)} == {m.referent_id, de_dijon.pk}


def test_une_escalade_part_une_fois_par_dossier_et_un_nouveau_referent_est_rappele():
    """An escalation goes once, to the référent and supervisors of that day: a supervisor granted
    later gets no backlog. A reminder to the référent is per référent: a new one is reminded."""
    m = mesure(D(2026, 1, 10), duree_mois=6, commune=DIJON)
    rappels_creer(jour=D(2026, 3, 20))
    escalades = rappels(POINT_ETAPE_ESCALADE.code)
    assert {d for *_, d in escalades} == {m.referent_id}

    ancien = m.referent_id
    encadrant(DIJON)
    nouveau = agent("asll", DIJON)
    MesureASLL.objects.filter(pk=m.pk).update(referent=nouveau)

    assert rappels_creer(jour=D(2026, 3, 21)) == 1  # the late checkpoint, to the new référent

    assert rappels(POINT_ETAPE_ESCALADE.code) == escalades
    assert {d for *_, d in rappels(POINT_ETAPE_EN_RETARD.code)} == {ancien, nouveau.pk}


def test_ni_mesure_suspendue_ni_terminee_ni_point_annule_ni_point_tenu():
    suspendue = mesure(D(2026, 1, 10))
    mesure_suspendre(mesure=suspendue, date_suspension=D(2026, 2, 1), par=suspendue.referent)
    terminee = mesure(D(2026, 1, 10))
    mesure_cloturer(mesure=terminee, date_fin=D(2026, 3, 1), issue="demenagement", par=terminee.referent)
    assert terminee.points_etape.filter(annule=True, motif_annulation=MotifAnnulation.CLOTURE).exists()
    tenue = mesure(D(2026, 1, 10))
    point_etape_realiser(point=premier_point(tenue), date_realisee=D(2026, 3, 10), par=tenue.referent)

    rappels_creer(jour=D(2026, 3, 30))
    assert not rappels()


def test_mesure_echue_le_lendemain_de_sa_fin_prevue_puis_escaladee_apres_15_jours():
    # 31 Dec 2025 + 2 months: planned end 28 Feb 2026 (month end clamped).
    m = mesure(D(2025, 12, 31), duree_mois=2)
    chef = encadrant(DIJON)
    assert m.date_fin_prevue == D(2026, 2, 28)
    point_etape_realiser(point=premier_point(m), date_realisee=D(2026, 2, 27), par=m.referent)

    rappels_creer(jour=D(2026, 2, 28))
    assert not rappels()
    rappels_creer(jour=D(2026, 3, 1))
    assert rappels() == {(MESURE_ECHUE.code, OBJET_MESURE_ASLL.code, m.pk, m.referent_id)}
    rappels_creer(jour=D(2026, 3, 14))
    assert not rappels(MESURE_ECHUE_ESCALADE.code)
    rappels_creer(jour=D(2026, 3, 15))
    assert rappels(MESURE_ECHUE_ESCALADE.code) == {
        (MESURE_ECHUE_ESCALADE.code, OBJET_MESURE_ASLL.code, m.pk, m.referent_id),
        (MESURE_ECHUE_ESCALADE.code, OBJET_MESURE_ASLL.code, m.pk, chef.pk),
    }


def test_une_mesure_renouvelee_n_est_pas_echue():
    m = mesure(D(2024, 1, 31), duree_mois=2)  # planned end 31 March 2024 (leap year)
    mesure_renouveler(mesure=m, duree_mois=2, par=m.referent)  # → 31 May 2024
    rappels_creer(jour=D(2024, 4, 2))
    assert not rappels(MESURE_ECHUE.code)


def test_acor_en_attente_plus_de_60_jours_aux_encadrants_habilites_acor():
    situation = SituationACORFactory(usager=UsagerFactory(code_commune=DIJON), date_orientation=D(2026, 1, 1))
    chef = encadrant(DIJON)
    encadrant(CHENOVE)
    rappels_creer(jour=D(2026, 3, 2))  # 60 days: not yet "more than 60"
    assert not rappels()
    rappels_creer(jour=D(2026, 3, 3))
    assert rappels() == {(ACOR_ATTENTE_LONGUE.code, OBJET_SITUATION_ACOR.code, situation.pk, chef.pk)}


@override_settings(RAPPEL_POINT_ETAPE_JOURS_AVANT=3, ESCALADE_POINT_ETAPE_JOURS=2)
def test_les_delais_sont_des_reglages():
    m = mesure(D(2026, 1, 10))  # first checkpoint 10 March 2026
    rappels_creer(jour=D(2026, 3, 6))
    assert not rappels()
    rappels_creer(jour=D(2026, 3, 7))
    assert rappels(POINT_ETAPE_PROCHE.code)
    rappels_creer(jour=D(2026, 3, 12))
    assert {d for *_, d in rappels(POINT_ETAPE_ESCALADE.code)} == {m.referent_id}


@pytest.mark.parametrize(
    ("instant_utc", "jour_paris"),
    [
        # The night of the spring change: 23:30 UTC on the 28th is 00:30 (CET) on the 29th in Paris.
        (datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC), D(2026, 3, 29)),
        # 22:30 UTC on the 28th is still the 28th at 23:30 in Paris (CET).
        (datetime.datetime(2026, 3, 28, 22, 30, tzinfo=datetime.UTC), D(2026, 3, 28)),
        # The night of the autumn change: 22:30 UTC on the 24th is 00:30 (CEST) on the 25th.
        (datetime.datetime(2026, 10, 24, 22, 30, tzinfo=datetime.UTC), D(2026, 10, 25)),
        # Leap day and month end.
        (datetime.datetime(2024, 2, 28, 23, 30, tzinfo=datetime.UTC), D(2024, 2, 29)),
        (datetime.datetime(2024, 2, 29, 23, 30, tzinfo=datetime.UTC), D(2024, 3, 1)),
    ],
)
def test_le_jour_du_scan_est_le_jour_a_paris(instant_utc, jour_paris):
    assert jour_du_scan(instant_utc) == jour_paris


def test_le_scan_sans_date_prend_aujourd_hui_a_paris():
    """Time frozen at 00:30 Paris on 1 March 2024 (still 29 Feb in UTC): the late reminder is due."""
    m = mesure(D(2023, 12, 31), duree_mois=6)  # first checkpoint 29 Feb 2024
    fige = datetime.datetime(2024, 2, 29, 23, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=fige):
        rappels_envoyer()
    assert rappels(POINT_ETAPE_EN_RETARD.code) == {
        (POINT_ETAPE_EN_RETARD.code, OBJET_POINT_ETAPE.code, premier_point(m).pk, m.referent_id)
    }


def test_un_referent_desactive_ne_recoit_rien_mais_l_encadrant_oui():
    m = mesure(D(2026, 1, 10))
    chef = encadrant(DIJON)
    m.referent.is_active = False
    m.referent.save()
    rappels_creer(jour=D(2026, 3, 30))
    assert {d for *_, d in rappels()} == {chef.pk}
    assert m.statut == StatutMesure.EN_COURS
