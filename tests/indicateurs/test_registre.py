"""The registry: each indicator defined once, with an id of the pacte; apps contribute theirs."""

import pytest
from django.db.models import Count

from accompagnements.models import Droit
from indicateurs.registre import IDENTIFIANTS_DU_PACTE, Indicateur, enregistrer, indicateur, indicateurs


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
    ids = [i.id for i in indicateurs()]
    assert ids == list(IDENTIFIANTS_DU_PACTE)
    for ind in indicateurs():
        assert ind.regle and ind.libelle and ind.action in ("1.1", "2.1", "2.2", "2.3")


def test_les_quatre_indicateurs_de_l_emas_sont_declares():
    assert [i for i in IDENTIFIANTS_DU_PACTE if i.startswith("2.3.")] == [
        "2.3.signalements",
        "2.3.personnes_suivies",
        "2.3.interventions",
        "2.3.resultats",
    ]


def test_une_regle_ne_s_ecrit_qu_une_fois():
    with pytest.raises(ValueError, match="déjà défini"):
        enregistrer(_definition("1.1.droits_ouverts"))
    assert indicateur("1.1.droits_ouverts").libelle == "Droits ouverts"


def test_un_identifiant_hors_du_pacte_est_refuse():
    with pytest.raises(ValueError, match="n'est pas un indicateur du pacte"):
        enregistrer(_definition("9.9.inconnu"))


def test_une_date_ou_une_periode_active_pas_les_deux():
    with pytest.raises(ValueError, match="soit date_evenement, soit periode_active"):
        enregistrer(_definition("2.3.signalements", periode_active=("date_debut", "date_fin")))
    assert indicateur("2.3.signalements").periode_active is None  # the EMAS definition stands
