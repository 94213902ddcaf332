"""An ASLL measure from start to outcome: calendar, renewal, suspension, closing, checkpoints held."""

from datetime import date, timedelta

import pytest

from config.errors import RegleMetierError
from config.periodes import aujourdhui
from logement.models import (
    EtatPointEtape,
    IssueMesure,
    MesureASLL,
    MotifAnnulation,
    Orientation,
    PointEtape,
    StatutMesure,
)
from logement.services import (
    mesure_cloturer,
    mesure_renouveler,
    mesure_reprendre,
    mesure_suspendre,
    point_etape_realiser,
)
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


def _points(mesure, jour=None) -> list[tuple[date, str]]:
    return [
        (p.date_prevue, p.etat)
        for p in PointEtape.objects.filter(mesure=mesure).avec_etat(jour).order_by("date_prevue")
    ]


def test_creation_genere_les_points_d_etape_de_l_exemple():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)

    assert mesure.date_fin_prevue == date(2020, 12, 1)
    assert [p.date_prevue for p in mesure.points_etape.order_by("rang")] == [
        date(2020, 8, 1),
        date(2020, 10, 1),
        date(2020, 12, 1),
    ]
    assert mesure.commune_id == DIJON
    assert mesure.statut == StatutMesure.EN_COURS


def test_fin_de_mois_et_annee_bissextile():
    assert [
        p.date_prevue
        for p in MesureASLLFactory(date_debut=date(2020, 12, 31), duree_mois=2).points_etape.all()
    ] == [date(2021, 2, 28)]
    assert [
        p.date_prevue
        for p in MesureASLLFactory(date_debut=date(2019, 12, 31), duree_mois=2).points_etape.all()
    ] == [date(2020, 2, 29)]


def test_etat_a_venir_en_retard_realise():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)

    assert _points(mesure, date(2020, 8, 1)) == [
        (date(2020, 8, 1), EtatPointEtape.A_VENIR),  # due today: not late yet
        (date(2020, 10, 1), EtatPointEtape.A_VENIR),
        (date(2020, 12, 1), EtatPointEtape.A_VENIR),
    ]
    assert _points(mesure, date(2020, 8, 2))[0] == (date(2020, 8, 1), EtatPointEtape.EN_RETARD)

    point = mesure.points_etape.get(rang=1)
    point_etape_realiser(
        point=point, date_realisee=date(2020, 8, 3), compte_rendu="Budget revu.", par=mesure.referent
    )
    assert _points(mesure, date(2020, 10, 15))[:2] == [
        (date(2020, 8, 1), EtatPointEtape.REALISE),
        (date(2020, 10, 1), EtatPointEtape.EN_RETARD),
    ]


def test_prochain_point_etape_et_retard_de_la_mesure():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)
    lire = lambda jour: MesureASLL.objects.avec_prochain_point_etape(jour).get(pk=mesure.pk)  # noqa: E731

    assert (lire(date(2020, 7, 1)).prochain_point_etape, lire(date(2020, 7, 1)).en_retard) == (
        date(2020, 8, 1),
        False,
    )
    assert (lire(date(2020, 9, 1)).prochain_point_etape, lire(date(2020, 9, 1)).en_retard) == (
        date(2020, 8, 1),
        True,
    )

    point_etape_realiser(
        point=mesure.points_etape.get(rang=1), date_realisee=date(2020, 8, 20), par=mesure.referent
    )
    assert (lire(date(2020, 9, 1)).prochain_point_etape, lire(date(2020, 9, 1)).en_retard) == (
        date(2020, 10, 1),
        False,
    )


def test_renouvellement_ajoute_les_points_manquants_sans_doublon():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)
    point_etape_realiser(
        point=mesure.points_etape.get(rang=1), date_realisee=date(2020, 8, 1), par=mesure.referent
    )

    mesure = mesure_renouveler(mesure=mesure, duree_mois=6, par=mesure.referent)

    assert mesure.duree_mois == 12
    assert mesure.date_fin_prevue == date(2021, 6, 1)
    points = list(mesure.points_etape.order_by("rang"))
    assert [p.date_prevue for p in points] == [
        date(2020, 8, 1),
        date(2020, 10, 1),
        date(2020, 12, 1),
        date(2021, 2, 1),
        date(2021, 4, 1),
        date(2021, 6, 1),
    ]
    assert points[0].date_realisee == date(2020, 8, 1)  # what was held is kept

    # an odd duration then its complement: the missing rank appears once
    impaire = MesureASLLFactory(date_debut=date(2020, 12, 31), duree_mois=3)
    assert impaire.points_etape.count() == 1
    mesure_renouveler(mesure=impaire, duree_mois=1, par=impaire.referent)
    mesure_renouveler(mesure=impaire, duree_mois=2, par=impaire.referent)
    assert [p.date_prevue for p in impaire.points_etape.order_by("rang")] == [
        date(2021, 2, 28),
        date(2021, 4, 30),
        date(2021, 6, 30),
    ]


def test_renouvellement_plafonne_a_24_mois():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=20)

    with pytest.raises(RegleMetierError) as erreur:
        mesure_renouveler(mesure=mesure, duree_mois=6, par=mesure.referent)

    assert erreur.value.champ == "duree_mois"
    assert "24 mois" in erreur.value.message
    mesure.refresh_from_db()
    assert mesure.duree_mois == 20
    assert mesure.points_etape.count() == 10


def test_cloture_anticipee_annule_les_points_suivants():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=12)
    point_etape_realiser(
        point=mesure.points_etape.get(rang=1), date_realisee=date(2020, 8, 1), par=mesure.referent
    )

    mesure = mesure_cloturer(
        mesure=mesure,
        date_fin=date(2020, 11, 15),
        issue=IssueMesure.ORIENTATION,
        orientation=Orientation.ACOR,
        par=mesure.referent,
    )

    assert mesure.statut == StatutMesure.TERMINEE
    assert _points(mesure, date(2021, 1, 1)) == [
        (date(2020, 8, 1), EtatPointEtape.REALISE),
        (date(2020, 10, 1), EtatPointEtape.ANNULE),  # owed before the end and missed: closed as not held
        (date(2020, 12, 1), EtatPointEtape.ANNULE),
        (date(2021, 2, 1), EtatPointEtape.ANNULE),
        (date(2021, 4, 1), EtatPointEtape.ANNULE),
        (date(2021, 6, 1), EtatPointEtape.ANNULE),
    ]
    motifs = dict(mesure.points_etape.filter(annule=True).values_list("date_prevue", "motif_annulation"))
    assert motifs[date(2020, 10, 1)] == MotifAnnulation.NON_TENU
    assert {motifs[d] for d in motifs if d > date(2020, 11, 15)} == {MotifAnnulation.CLOTURE}
    lue = MesureASLL.objects.avec_prochain_point_etape(date(2021, 1, 1)).get(pk=mesure.pk)
    assert (lue.prochain_point_etape, lue.en_retard) == (None, False)


def test_un_point_d_une_mesure_terminee_ne_se_saisit_plus():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)
    mesure_cloturer(
        mesure=mesure, date_fin=date(2020, 12, 1), issue=IssueMesure.OBJECTIFS_ATTEINTS, par=mesure.referent
    )

    with pytest.raises(RegleMetierError) as erreur:
        point_etape_realiser(
            point=mesure.points_etape.get(rang=1), date_realisee=date(2020, 8, 1), par=mesure.referent
        )

    assert erreur.value.champ == "mesure"
    assert not mesure.points_etape.filter(date_realisee__isnull=False).exists()


def test_suspension_met_le_calendrier_en_pause_et_la_reprise_ne_le_decale_pas():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=12)
    point_etape_realiser(
        point=mesure.points_etape.get(rang=1), date_realisee=date(2020, 8, 1), par=mesure.referent
    )

    mesure = mesure_suspendre(mesure=mesure, date_suspension=date(2020, 9, 15), par=mesure.referent)

    # while suspended, nothing is late, however far the planned dates are behind
    assert EtatPointEtape.EN_RETARD not in {etat for _, etat in _points(mesure, date(2021, 3, 1))}
    lue = MesureASLL.objects.avec_prochain_point_etape(date(2021, 3, 1)).get(pk=mesure.pk)
    assert lue.en_retard is False

    mesure = mesure_reprendre(mesure=mesure, date_reprise=date(2020, 12, 10), par=mesure.referent)

    assert mesure.statut == StatutMesure.EN_COURS
    assert mesure.date_fin_prevue == date(2021, 6, 1)  # the planned end does not move
    assert _points(mesure, date(2020, 12, 20)) == [
        (date(2020, 8, 1), EtatPointEtape.REALISE),
        (date(2020, 10, 1), EtatPointEtape.ANNULE),  # fell during the suspension: not owed
        (date(2020, 12, 1), EtatPointEtape.ANNULE),
        (date(2021, 2, 1), EtatPointEtape.A_VENIR),  # same dates as before: start + 2k months
        (date(2021, 4, 1), EtatPointEtape.A_VENIR),
        (date(2021, 6, 1), EtatPointEtape.A_VENIR),
    ]
    assert set(mesure.points_etape.filter(annule=True).values_list("motif_annulation", flat=True)) == {
        MotifAnnulation.SUSPENSION
    }


def test_un_retard_anterieur_a_la_suspension_reapparait_a_la_reprise():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)
    mesure_suspendre(mesure=mesure, date_suspension=date(2020, 8, 20), par=mesure.referent)
    mesure_reprendre(mesure=mesure, date_reprise=date(2020, 9, 1), par=mesure.referent)

    assert _points(mesure, date(2020, 9, 2))[0] == (date(2020, 8, 1), EtatPointEtape.EN_RETARD)


def test_cloture_d_une_mesure_suspendue():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=12)
    mesure_suspendre(mesure=mesure, date_suspension=date(2020, 9, 15), par=mesure.referent)

    mesure = mesure_cloturer(
        mesure=mesure, date_fin=date(2020, 12, 15), issue=IssueMesure.DEMENAGEMENT, par=mesure.referent
    )

    assert _points(mesure, date(2021, 1, 1))[:3] == [
        (date(2020, 8, 1), EtatPointEtape.ANNULE),  # missed before the suspension: not held
        (date(2020, 10, 1), EtatPointEtape.ANNULE),
        (date(2020, 12, 1), EtatPointEtape.ANNULE),
    ]
    assert mesure.date_suspension is None


@pytest.mark.parametrize(
    ("action", "champ"),
    [
        (
            lambda m: mesure_suspendre(mesure=m, date_suspension=date(2020, 5, 1), par=m.referent),
            "date_suspension",
        ),
        (
            lambda m: mesure_suspendre(
                mesure=m, date_suspension=aujourdhui() + timedelta(days=1), par=m.referent
            ),
            "date_suspension",
        ),
        (lambda m: mesure_reprendre(mesure=m, par=m.referent), "statut"),
        (
            lambda m: mesure_cloturer(mesure=m, date_fin=date(2020, 5, 31), issue="autre", par=m.referent),
            "date_fin",
        ),
        (lambda m: mesure_cloturer(mesure=m, date_fin=date(2020, 7, 1), issue="", par=m.referent), "issue"),
        (
            lambda m: mesure_cloturer(
                mesure=m, date_fin=date(2020, 7, 1), issue="orientation", par=m.referent
            ),
            "orientation",
        ),
        (
            lambda m: mesure_cloturer(
                mesure=m, date_fin=date(2020, 7, 1), issue="autre", orientation="acor", par=m.referent
            ),
            "orientation",
        ),
        (lambda m: mesure_renouveler(mesure=m, duree_mois=0, par=m.referent), "duree_mois"),
    ],
)
def test_regles_des_transitions(action, champ):
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)

    with pytest.raises(RegleMetierError) as erreur:
        action(mesure)

    assert erreur.value.champ == champ
    mesure.refresh_from_db()
    assert mesure.statut == StatutMesure.EN_COURS
    assert not mesure.points_etape.filter(annule=True).exists()


def test_terminee_ne_se_renouvelle_ni_ne_se_suspend():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)
    mesure_cloturer(mesure=mesure, date_fin=date(2020, 7, 1), issue="non_collaboration", par=mesure.referent)

    for action in (
        lambda: mesure_renouveler(mesure=mesure, duree_mois=6, par=mesure.referent),
        lambda: mesure_suspendre(mesure=mesure, par=mesure.referent),
        lambda: mesure_cloturer(mesure=mesure, date_fin=date(2020, 8, 1), issue="autre", par=mesure.referent),
    ):
        with pytest.raises(RegleMetierError) as erreur:
            action()
        assert erreur.value.champ == "statut"


def test_la_commune_de_la_mesure_reste_celle_du_debut():
    usager = UsagerFactory(code_commune=DIJON)
    mesure = MesureASLLFactory(usager=usager)

    usager.commune_id = CHENOVE
    usager.save()

    mesure.refresh_from_db()
    assert mesure.commune_id == DIJON


def test_une_mesure_terminee_n_a_plus_de_point_en_retard():
    """Missed checkpoints of an ended measure can no longer be held: they must not stay late."""
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=12)

    mesure_cloturer(mesure=mesure, date_fin=date(2020, 12, 15), issue=IssueMesure.AUTRE, par=mesure.referent)

    etats = {etat for _, etat in _points(mesure, date(2021, 6, 1))}
    assert EtatPointEtape.EN_RETARD not in etats
    assert set(
        mesure.points_etape.filter(date_prevue__lte=date(2020, 12, 15)).values_list(
            "motif_annulation", flat=True
        )
    ) == {MotifAnnulation.NON_TENU}


def test_la_fin_ne_peut_pas_preceder_un_point_d_etape_tenu():
    mesure = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=12)
    point_etape_realiser(
        point=mesure.points_etape.get(rang=2), date_realisee=date(2020, 10, 5), par=mesure.referent
    )

    with pytest.raises(RegleMetierError) as erreur:
        mesure_cloturer(
            mesure=mesure, date_fin=date(2020, 9, 30), issue=IssueMesure.AUTRE, par=mesure.referent
        )

    assert erreur.value.champ == "date_fin"
    assert "05/10/2020" in erreur.value.message
    mesure.refresh_from_db()
    assert mesure.statut == StatutMesure.EN_COURS


def test_en_retard_de_la_mesure_suit_la_regle_des_points_en_retard():
    """`en_retard` is read from the next checkpoint (`avec_prochain_point_etape`); it must say what
    the checkpoints' own rule says: one of the measure's checkpoints is late (`point_en_retard`)."""
    from django.db.models import Exists, OuterRef

    from logement.models import point_en_retard

    en_cours = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=12)
    tenue = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)
    point_etape_realiser(
        point=tenue.points_etape.get(rang=1), date_realisee=date(2020, 8, 3), par=tenue.referent
    )
    suspendue = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=12)
    mesure_suspendre(mesure=suspendue, date_suspension=date(2020, 9, 15), par=suspendue.referent)
    terminee = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)
    mesure_cloturer(
        mesure=terminee,
        date_fin=date(2020, 9, 1),
        issue=IssueMesure.OBJECTIFS_ATTEINTS,
        par=terminee.referent,
    )
    sans_point = MesureASLLFactory(date_debut=date(2020, 6, 1), duree_mois=6)
    sans_point.points_etape.update(annule=True)

    for jour in (date(2020, 7, 1), date(2020, 8, 1), date(2020, 8, 2), date(2020, 10, 5), date(2022, 1, 1)):
        regle = {
            m.pk: m.retard
            for m in MesureASLL.objects.annotate(
                retard=Exists(PointEtape.objects.filter(point_en_retard(jour), mesure=OuterRef("pk")))
            )
        }
        lues = {m.pk: m.en_retard for m in MesureASLL.objects.avec_prochain_point_etape(jour)}
        assert lues == regle, jour
        assert set(
            MesureASLL.objects.avec_prochain_point_etape(jour)
            .filter(en_retard=True)
            .values_list("pk", flat=True)
        ) == {pk for pk, retard in regle.items() if retard}
    assert regle[en_cours.pk] and not regle[terminee.pk] and not regle[sans_point.pk]  # the cases are real
