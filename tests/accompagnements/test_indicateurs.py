"""The pacte's counts for action 1.1, on hand-built data: persons received and rights opened."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from accompagnements.indicateurs import indicateurs_acces_droits
from accompagnements.services import contact_enregistrer
from comptes.roles import Role
from tests.accompagnements.factories import AccompagnementFactory, ContactFactory, DroitFactory
from tests.comptes.factories import UserFactory, agent
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
DU, AU = datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)
URL = "/api/v1/indicateurs/acces-droits/"


def a_paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def encadrant():
    return agent(Role.ENCADRANT, DIJON, CHENOVE)


def _compter(user, commune=None):
    return indicateurs_acces_droits(user=user, du=DU, au=AU, commune=commune)


def test_deux_contacts_le_meme_jour_comptent_une_personne(encadrant):
    accompagnement = AccompagnementFactory(usager__code_commune=DIJON)
    ContactFactory(accompagnement=accompagnement, date=a_paris(2024, 3, 12, 9, 0))
    ContactFactory(accompagnement=accompagnement, date=a_paris(2024, 3, 12, 16, 0))
    ContactFactory(accompagnement=accompagnement, date=a_paris(2024, 3, 20, 10, 0))

    resultat = _compter(encadrant)

    assert resultat.personnes_recues == 1
    assert resultat.personnes_recues_par_commune == [{"commune": DIJON, "nombre": 1}]


def test_deux_personnes_recues_comptent_deux(encadrant):
    ContactFactory(accompagnement__usager__code_commune=DIJON, date=a_paris(2024, 3, 12, 9, 0))
    ContactFactory(accompagnement__usager__code_commune=DIJON, date=a_paris(2024, 3, 12, 9, 0))

    assert _compter(encadrant).personnes_recues == 2


def test_jours_locaux_de_paris_aux_bornes_de_la_periode(encadrant):
    """31 March 2024 is the switch to summer time: 23:30 in Paris is 21:30 UTC; 1 April 00:30 is 22:30 UTC."""
    dans = [a_paris(2024, 3, 1, 0, 0), a_paris(2024, 3, 31, 23, 30)]
    hors = [a_paris(2024, 2, 29, 23, 59), a_paris(2024, 4, 1, 0, 30)]
    for date in dans + hors:
        ContactFactory(accompagnement__usager__code_commune=DIJON, date=date)

    assert _compter(encadrant).personnes_recues == len(dans)


def test_compte_dans_la_commune_du_moment_du_contact_meme_apres_un_demenagement(encadrant):
    accompagnement = AccompagnementFactory(usager__code_commune=DIJON)
    contact_enregistrer(
        accompagnement=accompagnement,
        par=encadrant,
        date=a_paris(2024, 3, 5, 10, 0),
        mode="rendez_vous",
        duree_minutes=30,
    )
    usager = accompagnement.usager
    usager.commune_id = CHENOVE
    usager.save()
    ContactFactory(accompagnement=accompagnement, date=a_paris(2024, 3, 25, 10, 0))  # now in Chenôve

    resultat = _compter(encadrant)

    assert resultat.personnes_recues_par_commune == [
        {"commune": CHENOVE, "nombre": 1},
        {"commune": DIJON, "nombre": 1},
    ]
    assert resultat.personnes_recues == 1  # one person, even though received in two communes
    assert _compter(encadrant, commune=DIJON).personnes_recues == 1


def test_un_droit_ouvert_le_dernier_jour_compte_le_lendemain_non(encadrant):
    DroitFactory(ouvert=True, usager__code_commune=DIJON, date_ouverture=AU)
    DroitFactory(ouvert=True, usager__code_commune=DIJON, date_ouverture=AU + datetime.timedelta(days=1))
    DroitFactory(ouvert=True, usager__code_commune=DIJON, date_ouverture=DU)
    DroitFactory(ouvert=True, usager__code_commune=DIJON, date_ouverture=DU - datetime.timedelta(days=1))

    assert _compter(encadrant).droits_ouverts == 2


def test_droits_ouverts_par_type_et_par_commune(encadrant):
    ouvert_le = datetime.date(2024, 3, 15)
    DroitFactory(ouvert=True, code_type="rsa", usager__code_commune=DIJON, date_ouverture=ouvert_le)
    DroitFactory(ouvert=True, code_type="rsa", usager__code_commune=CHENOVE, date_ouverture=ouvert_le)
    DroitFactory(ouvert=True, code_type="css", usager__code_commune=DIJON, date_ouverture=ouvert_le)
    DroitFactory(demande=True, code_type="aah", usager__code_commune=DIJON)  # applied for, not opened
    DroitFactory(code_type="apl", usager__code_commune=DIJON)  # identified only

    resultat = _compter(encadrant)

    assert resultat.droits_ouverts == 3
    assert resultat.droits_ouverts_par_type == [{"type": "css", "nombre": 1}, {"type": "rsa", "nombre": 2}]
    assert resultat.droits_ouverts_par_commune_et_type == [
        {"commune": CHENOVE, "type": "rsa", "nombre": 1},
        {"commune": DIJON, "type": "css", "nombre": 1},
        {"commune": DIJON, "type": "rsa", "nombre": 1},
    ]
    assert _compter(encadrant, commune=CHENOVE).droits_ouverts == 1


def test_un_droit_compte_dans_la_commune_de_son_ouverture(encadrant):
    droit = DroitFactory(ouvert=True, usager__code_commune=DIJON, date_ouverture=datetime.date(2024, 3, 2))
    droit.usager.commune_id = CHENOVE
    droit.usager.save()

    assert _compter(encadrant).droits_ouverts_par_commune_et_type == [
        {"commune": DIJON, "type": "rsa", "nombre": 1}
    ]


def test_seules_les_communes_habilitees_sont_comptees():
    agent_dijon = agent(Role.ACCES_DROITS, DIJON)
    agent_asll = agent(Role.ASLL, DIJON, LONGVIC)
    ContactFactory(accompagnement__usager__code_commune=DIJON, date=a_paris(2024, 3, 12, 9, 0))
    ContactFactory(accompagnement__usager__code_commune=LONGVIC, date=a_paris(2024, 3, 12, 9, 0))
    DroitFactory(ouvert=True, usager__code_commune=LONGVIC, date_ouverture=datetime.date(2024, 3, 2))

    resultat = _compter(agent_dijon)
    assert (resultat.communes, resultat.personnes_recues, resultat.droits_ouverts) == ([DIJON], 1, 0)

    rien = _compter(agent_asll)
    assert (rien.communes, rien.personnes_recues, rien.droits_ouverts) == ([], 0, 0)
    assert _compter(UserFactory()).personnes_recues == 0


def test_l_api_des_indicateurs(client_de, encadrant):
    ContactFactory(accompagnement__usager__code_commune=DIJON, date=a_paris(2024, 3, 31, 23, 30))
    DroitFactory(ouvert=True, usager__code_commune=CHENOVE, date_ouverture=AU)

    reponse = client_de(encadrant).get(URL, {"du": "2024-03-01", "au": "2024-03-31"})

    assert reponse.status_code == 200
    assert reponse.json() == {
        "du": "2024-03-01",
        "au": "2024-03-31",
        "communes": [CHENOVE, DIJON],
        "personnes_recues": 1,
        "personnes_recues_par_commune": [{"commune": DIJON, "nombre": 1}],
        "droits_ouverts": 1,
        "droits_ouverts_par_type": [{"type": "rsa", "nombre": 1}],
        "droits_ouverts_par_commune_et_type": [{"commune": CHENOVE, "type": "rsa", "nombre": 1}],
    }


def test_une_commune_hors_habilitation_repond_403(client_de):
    reponse = client_de(agent(Role.ACCES_DROITS, DIJON)).get(
        URL, {"du": "2024-03-01", "au": "2024-03-31", "commune": LONGVIC}
    )

    assert reponse.status_code == 403
    assert "commune" in reponse.json()


@pytest.mark.parametrize(
    ("parametres", "champ"),
    [
        ({"au": "2024-03-31"}, "du"),
        ({"du": "2024-03-01"}, "au"),
        ({"du": "01/03/2024", "au": "2024-03-31"}, "du"),
        ({"du": "2024-02-30", "au": "2024-03-31"}, "du"),
        ({"du": "2024-03-01", "au": "demain"}, "au"),
        ({"du": "2024-03-31", "au": "2024-03-01"}, "au"),
        ({"du": "2024-03-01", "au": "2024-03-31", "commune": "99999"}, "commune"),
        ({"du": "2024-03-01", "au": "2024-03-31", "commune": "x" * 500}, "commune"),
    ],
)
def test_parametres_invalides_400_en_francais(client_de, encadrant, parametres, champ):
    reponse = client_de(encadrant).get(URL, parametres)

    assert reponse.status_code == 400
    assert champ in reponse.json()
    message = " ".join(reponse.json()[champ]).lower()
    assert any(mot in message for mot in ("obligatoire", "format", "précéder", "métropole", "caractères")), (
        message
    )


def test_dates_extremes_sans_erreur(client_de, encadrant):
    reponse = client_de(encadrant).get(URL, {"du": "0001-01-01", "au": "9999-12-31"})

    assert reponse.status_code == 200
    assert reponse.json()["personnes_recues"] == 0


@pytest.mark.parametrize("nombre", [1, 30])
def test_indicateurs_en_nombre_constant_de_requetes(client_de, encadrant, django_assert_num_queries, nombre):
    client = client_de(encadrant)
    for _ in range(nombre):
        ContactFactory(accompagnement__usager__code_commune=DIJON, date=a_paris(2024, 3, 12, 9, 0))
        DroitFactory(ouvert=True, usager__code_commune=CHENOVE, date_ouverture=datetime.date(2024, 3, 2))

    # token, communes, persons total, persons by commune, rights total, by type, by commune and type
    with django_assert_num_queries(7):
        reponse = client.get(URL, {"du": "2024-03-01", "au": "2024-03-31"})

    assert reponse.json()["personnes_recues"] == nombre
    assert reponse.json()["droits_ouverts"] == nombre
