"""The life of a right: allowed and refused transitions, their dates, their journal."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accompagnements.models import DATE_DU_STATUT, Droit, StatutDroit, TransitionDroit, TypeDroit
from accompagnements.services import droit_enregistrer, droit_modifier
from config.errors import RegleMetierError
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import agent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

J = datetime.date(2024, 5, 1)  # identification day


def jour(n: int) -> datetime.date:
    return J + datetime.timedelta(days=n)


@pytest.fixture
def agente():
    return agent("acces_droits", DIJON, CHENOVE)


@pytest.fixture
def droit(agente):
    return droit_enregistrer(
        usager=UsagerFactory(code_commune=DIJON),
        type=TypeDroit.objects.get(code="prime_activite"),
        par=agente,
        date_identification=J,
    )


def droit_changer_statut(*, droit: Droit, statut: str, par, date: datetime.date | None = None) -> Droit:
    """What a `PATCH` of `statut` does: the state machine, with the date of the event."""
    dates = {DATE_DU_STATUT[statut]: date} if date else {}
    return droit_modifier(droit=droit, par=par, statut=statut, **dates)


def _historique(droit: Droit) -> list[tuple[str, str, datetime.date]]:
    return list(droit.transitions.order_by("id").values_list("statut_avant", "statut", "date"))


def test_identifie_demande_ouvert_journalise_avec_date_et_auteur(droit, agente):
    droit_changer_statut(droit=droit, statut="demande", date=jour(2), par=agente)
    droit = droit_changer_statut(droit=droit, statut="ouvert", date=jour(30), par=agente)

    assert (droit.statut, droit.date_demande, droit.date_ouverture) == ("ouvert", jour(2), jour(30))
    assert _historique(droit) == [
        ("", "identifie", J),
        ("identifie", "demande", jour(2)),
        ("demande", "ouvert", jour(30)),
    ]
    assert set(droit.transitions.values_list("par", flat=True)) == {agente.pk}


def test_refuse_puis_nouvelle_demande_puis_ouvert(droit, agente):
    droit_changer_statut(droit=droit, statut="demande", date=jour(1), par=agente)
    droit = droit_changer_statut(droit=droit, statut="refuse", date=jour(20), par=agente)
    assert droit.date_refus == jour(20)

    droit = droit_changer_statut(droit=droit, statut="demande", date=jour(25), par=agente)
    assert (droit.date_demande, droit.date_refus) == (jour(25), None)
    droit = droit_changer_statut(droit=droit, statut="ouvert", date=jour(40), par=agente)

    assert [s for _, s, _ in _historique(droit)] == ["identifie", "demande", "refuse", "demande", "ouvert"]


@pytest.mark.parametrize(
    ("chemin", "interdit"),
    [
        ([], "ouvert"),  # an opening needs an application first
        ([], "refuse"),
        (["demande", "refuse"], "ouvert"),  # a refused right opens only after a new application
        (["demande", "refuse"], "abandonne"),
        (["demande", "ouvert"], "demande"),  # an opened right is final
        (["demande", "ouvert"], "abandonne"),
        (["demande", "ouvert"], "identifie"),
        (["demande"], "identifie"),
        (["abandonne"], "ouvert"),
    ],
)
def test_transitions_refusees(droit, agente, chemin, interdit):
    for n, statut in enumerate(chemin, start=1):
        droit = droit_changer_statut(droit=droit, statut=statut, date=jour(n), par=agente)
    avant = _historique(droit)

    with pytest.raises(RegleMetierError) as erreur:
        droit_changer_statut(droit=droit, statut=interdit, date=jour(10), par=agente)

    assert erreur.value.champ == "statut"
    droit.refresh_from_db()
    assert droit.statut == (chemin[-1] if chemin else "identifie")
    assert _historique(droit) == avant


def test_abandon_date_du_jour_par_defaut_et_reprise(droit, agente):
    droit = droit_changer_statut(droit=droit, statut="abandonne", par=agente)
    assert droit.date_abandon is not None

    droit = droit_changer_statut(droit=droit, statut="demande", date=droit.date_abandon, par=agente)
    assert (droit.statut, droit.date_abandon) == ("demande", None)


def test_ouverture_avant_la_demande_refusee_en_nommant_le_champ(droit, agente):
    droit_changer_statut(droit=droit, statut="demande", date=jour(10), par=agente)

    with pytest.raises(RegleMetierError) as erreur:
        droit_changer_statut(droit=droit, statut="ouvert", date=jour(9), par=agente)

    assert erreur.value.champ == "date_ouverture"
    assert "précéder" in erreur.value.message
    droit.refresh_from_db()
    assert (droit.statut, droit.date_ouverture) == ("demande", None)


def test_ouverture_sans_date_refusee(droit, agente):
    droit_changer_statut(droit=droit, statut="demande", date=jour(1), par=agente)

    with pytest.raises(RegleMetierError) as erreur:
        droit_changer_statut(droit=droit, statut="ouvert", par=agente)

    assert erreur.value.champ == "date_ouverture"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(demande=st.integers(min_value=0, max_value=60), ouverture=st.integers(min_value=0, max_value=60))
def test_ouverture_acceptee_si_et_seulement_si_pas_avant_la_demande(agente, demande, ouverture):
    droit = droit_enregistrer(
        usager=UsagerFactory(code_commune=DIJON),
        type=TypeDroit.objects.get(code="aah"),
        par=agente,
        date_identification=J,
    )
    droit_changer_statut(droit=droit, statut="demande", date=jour(demande), par=agente)
    try:
        droit_changer_statut(droit=droit, statut="ouvert", date=jour(ouverture), par=agente)
        accepte = True
    except RegleMetierError:
        accepte = False

    assert accepte == (ouverture >= demande)
    droit.refresh_from_db()
    assert droit.statut == ("ouvert" if accepte else "demande")


def test_enregistrer_directement_un_droit_ouvert_rejoue_le_chemin(agente):
    droit = droit_enregistrer(
        usager=UsagerFactory(code_commune=DIJON),
        type=TypeDroit.objects.get(code="css"),
        par=agente,
        statut="ouvert",
        date_identification=J,
        date_demande=jour(1),
        date_ouverture=jour(15),
    )

    assert _historique(droit) == [
        ("", "identifie", J),
        ("identifie", "demande", jour(1)),
        ("demande", "ouvert", jour(15)),
    ]


def test_l_ouverture_compte_dans_la_commune_de_residence_du_moment(droit, agente):
    droit_changer_statut(droit=droit, statut="demande", date=jour(1), par=agente)
    usager = droit.usager
    usager.commune_id = CHENOVE
    usager.save()

    droit = droit_changer_statut(droit=droit, statut="ouvert", date=jour(5), par=agente)

    assert droit.commune_id == CHENOVE


def test_le_journal_est_en_ajout_seul(droit):
    ligne = droit.transitions.get()

    ligne.date = jour(3)
    with pytest.raises(RuntimeError):
        ligne.save()
    with pytest.raises(RuntimeError):
        ligne.delete()
    assert TransitionDroit.objects.get(pk=ligne.pk).date == J


def test_accompagnement_d_un_autre_usager_refuse(agente):
    from django.core.exceptions import ValidationError

    autre = AccompagnementFactory(usager__code_commune=DIJON)
    with pytest.raises(ValidationError) as erreur:
        droit_enregistrer(
            usager=UsagerFactory(code_commune=DIJON),
            type=TypeDroit.objects.get(code="rsa"),
            par=agente,
            accompagnement=autre,
        )
    assert "accompagnement" in erreur.value.message_dict
    assert not Droit.objects.exists()


def test_tous_les_statuts_ont_leurs_transitions():
    from accompagnements.models import TRANSITIONS_DROIT

    assert set(TRANSITIONS_DROIT) == set(StatutDroit.values)
    assert TRANSITIONS_DROIT[StatutDroit.OUVERT] == frozenset()
    assert StatutDroit.OUVERT not in TRANSITIONS_DROIT[StatutDroit.REFUSE]


# --- the same rules through the API ----------------------------------------------------------


def test_api_transition_impossible_400_nommant_statut(client_de, droit, agente):
    reponse = client_de(agente).patch(
        f"/api/v1/droits/{droit.pk}/", {"statut": "ouvert", "date_ouverture": "2024-05-10"}
    )

    assert reponse.status_code == 400
    assert "statut" in reponse.json()
    assert "« demandé »" in reponse.json()["statut"][0]  # labels, not internal codes
    droit.refresh_from_db()
    assert (droit.statut, droit.date_ouverture, droit.transitions.count()) == ("identifie", None, 1)


def test_api_ouverture_avant_la_demande_400_nommant_date_ouverture(client_de, droit, agente):
    client = client_de(agente)
    assert (
        client.patch(
            f"/api/v1/droits/{droit.pk}/", {"statut": "demande", "date_demande": "2024-05-10"}
        ).status_code
        == 200
    )

    reponse = client.patch(
        f"/api/v1/droits/{droit.pk}/", {"statut": "ouvert", "date_ouverture": "2024-05-09"}
    )

    assert reponse.status_code == 400
    assert "date_ouverture" in reponse.json()
    droit.refresh_from_db()
    assert droit.statut == "demande"


def test_api_creation_ouverte_avant_la_demande_rien_enregistre(client_de, agente):
    usager = UsagerFactory(code_commune=DIJON)

    reponse = client_de(agente).post(
        "/api/v1/droits/",
        {
            "usager": usager.pk,
            "type": "rsa",
            "statut": "ouvert",
            "date_demande": "2024-05-10",
            "date_ouverture": "2024-05-01",
        },
        format="json",
    )

    assert reponse.status_code == 400
    assert "date_ouverture" in reponse.json()
    assert not Droit.objects.exists()
    assert not TransitionDroit.objects.exists()


def test_api_patch_complet_passe_aussi_par_le_cycle(client_de, droit, agente):
    client = client_de(agente)
    corps = client.get(f"/api/v1/droits/{droit.pk}/").json()
    corps.pop("historique")
    corps.update(statut="refuse", date_refus="2024-05-03")

    reponse = client.patch(f"/api/v1/droits/{droit.pk}/", corps, format="json")

    assert reponse.status_code == 400
    assert "statut" in reponse.json()
    assert client.put(f"/api/v1/droits/{droit.pk}/", corps, format="json").status_code == 405


def test_api_correction_d_un_montant_sans_changer_le_statut(client_de, droit, agente):
    reponse = client_de(agente).patch(f"/api/v1/droits/{droit.pk}/", {"montant_mensuel": "612.50"})

    assert reponse.status_code == 200
    assert reponse.json()["montant_mensuel"] == "612.50"
    assert droit.transitions.count() == 1
