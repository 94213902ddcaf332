"""The registry: each indicator defined once, by the dispositif that keeps its records."""

import dataclasses

import pytest
from django.db.models import Count

from accompagnements.dispositif import ACTION_1_1
from accompagnements.models import Droit
from config.dispositifs import Dispositif, Indicateur, declare
from indicateurs.registre import indicateur, indicateurs

PACTE = [
    "1.1.personnes_recues",
    "1.1.agents_en_activite",
    "1.1.frequentation",
    "1.1.droits_ouverts",
    "1.1.droits_identifies",
    "1.1.non_recours_evite",
    "1.4.orientations",
    "1.4.orientations_partenaires",
    "1.4.consultations_annuaire",
    "1.4.annuaire_demarches",
    "1.4.annuaire_asll_orientations",
    "1.4.annuaire_asll_operateurs",
    "1.4.annuaire_acor_prescripteurs",
    "1.4.annuaire_emas_origines",
    "1.4.annuaire_emas_reorientations",
    "2.1.mesures_exercees",
    "2.1.issues",
    "2.1.rencontres",
    "2.2.situations_prises_en_charge",
    "2.2.situations_actives",
    "2.3.signalements",
    "2.3.personnes_suivies",
    "2.3.suivis_actifs",
    "2.3.interventions",
    "2.3.resultats",
]


def _definition(identifiant: str, **autres) -> Indicateur:
    return Indicateur(
        id=identifiant,
        libelle="Essai",
        regle="Essai",
        evenements=lambda du, au: Droit.objects.none(),
        mesure=lambda filtre: Count("id", filter=filtre),
        **({"date_evenement": "date_ouverture"} | autres),
    )


def test_les_indicateurs_des_dispositifs_installes_sont_enregistres():
    ids = [i.id for i in indicateurs() if i.id[0] != "9"]  # a test-only dispositif may add its own
    assert ids == PACTE
    for ind in indicateurs():
        assert ind.regle and ind.libelle


def test_les_cinq_indicateurs_de_l_emas_sont_declares():
    assert [i.id for i in indicateurs() if i.id.startswith("2.3.")] == PACTE[-5:]


def test_une_regle_ne_s_ecrit_qu_une_fois():
    autre = dataclasses.replace(ACTION_1_1, indicateurs=(_definition("1.1.droits_ouverts"),))
    with pytest.raises(ValueError, match="déjà déclaré"):
        declare(autre)
    assert indicateur("1.1.droits_ouverts").libelle == "Droits ouverts"


def test_un_indicateur_hors_de_son_action_est_refuse():
    with pytest.raises(ValueError, match="n'appartient pas à l'action"):
        declare(
            Dispositif(
                code="inconnu", action="9.9", titre_action="Essai", indicateurs=(_definition("2.1.x"),)
            )
        )


def test_une_date_ou_une_periode_active_pas_les_deux():
    with pytest.raises(ValueError, match="soit date_evenement, soit periode_active"):
        _definition("2.3.signalements", periode_active=("date_debut", "date_fin"))
    assert indicateur("2.3.signalements").periode_active is None  # the EMAS definition stands
