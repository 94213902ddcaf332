"""The indicators API: access, parameters, the JSON shape, secrecy in every format, query counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from communes.models import Commune
from comptes.roles import Role
from partenaires.models import Partenaire
from tests.accompagnements.factories import AccompagnementFactory, ContactFactory
from tests.comptes.factories import UserFactory, agent
from tests.dispositif_essai.dispositif import ACTION_9_1
from tests.indicateurs.conftest import a_paris
from tests.outils import champs_en_erreur
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC
from usagers.models import Usager

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicateurs/valeurs/"
JUIN = {"du": "2020-06-01", "au": "2020-06-30"}


def contenu(reponse) -> bytes:
    """The body of a response, streamed or not. The test client closes a streamed file once it
    has been read to the end (calling `close()` here would also close the database connection)."""
    if not reponse.streaming:
        return reponse.content
    return b"".join(reponse.streaming_content)


def _valeurs(client, **params):
    return client.get(URL, {"indicateur": "1.1.personnes_recues", **JUIN, **params})


def _recevoir(commune: str, nombre: int, jour: int = 10, agent_=None) -> None:
    """`nombre` distinct persons of `commune` received on `jour` June 2020."""
    for _ in range(nombre):
        accompagnement = AccompagnementFactory(
            usager__code_commune=commune, **({"agent": agent_} if agent_ else {})
        )
        ContactFactory(accompagnement=accompagnement, commune_id=commune, date=a_paris(2020, 6, jour, 10, 0))


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["acces_droits", "asll", "acor", "emas"])
def test_les_agents_des_dispositifs_recoivent_403(client_de, role):
    user = agent(role, DIJON)
    assert client_de(user).get("/api/v1/indicateurs/").status_code == 403
    assert _valeurs(client_de(user)).status_code == 403
    assert client_de(user).get("/api/v1/indicateurs/rapport/", {"annee": 2020}).status_code == 403


def test_anonyme_401(anonyme):
    assert _valeurs(anonyme).status_code == 401


def test_un_encadrant_ne_compte_que_ses_communes(client_de):
    _recevoir(DIJON, 12)
    _recevoir(CHENOVE, 15)
    encadrant = agent(Role.ENCADRANT, DIJON)
    reponse = _valeurs(client_de(encadrant), par="commune")
    assert reponse.status_code == 200, reponse.content
    assert [(ligne["commune"], ligne["valeur"]) for ligne in reponse.json()["lignes"]] == [(DIJON, 12)]
    assert reponse.json()["total"] == {"valeur": 12, "secret": False}


def test_un_encadrant_sans_habilitation_ne_voit_rien(client_de):
    _recevoir(DIJON, 12)
    encadrant = agent(Role.ENCADRANT)
    reponse = _valeurs(client_de(encadrant), par="commune")
    assert reponse.json()["lignes"] == []
    assert reponse.json()["total"] == {"valeur": 0, "secret": False}


def test_un_administrateur_lit_les_comptes_anonymises_de_toutes_les_communes(client_de):
    _recevoir(DIJON, 12)
    reponse = _valeurs(client_de(UserFactory(administrateur=True)), par="commune")
    assert len(reponse.json()["lignes"]) == 23


def test_la_liste_des_definitions(client_de):
    reponse = client_de(agent(Role.ENCADRANT, DIJON)).get("/api/v1/indicateurs/")
    assert reponse.status_code == 200
    ids = [d["id"] for d in reponse.json() if not d["id"].startswith(f"{ACTION_9_1.action}.")]
    assert ids == [
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
    premiere = reponse.json()[0]
    assert premiere["par"] == ["commune", "mois", "agent"]
    assert "heure de Paris" in premiere["regle"]


# --- Parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "champ", "extrait"),
    [
        ({"du": "2020-13-01"}, "du", "AAAA-MM-JJ"),
        ({"au": "hier"}, "au", "AAAA-MM-JJ"),
        ({"du": "2020-07-01", "au": "2020-06-01"}, "au", "ne peut pas précéder"),
        ({"indicateur": "1.1.inconnu"}, "indicateur", "Indicateur inconnu"),
        ({"par": "commune,quartier"}, "par", "Ventilation inconnue"),
        ({"par": "commune,mois,agent"}, "par", "Deux ventilations au plus"),
        ({"format": "pdf"}, "format", "Valeur inconnue pour « format »"),
        ({"source": "archive"}, "source", "Valeur inconnue pour « source »"),
    ],
)
def test_parametres_invalides_400_en_francais(client_de, params, champ, extrait):
    client = client_de(agent(Role.ENCADRANT, DIJON))
    reponse = client.get(URL, {"indicateur": "1.1.personnes_recues", **JUIN, **params})
    assert reponse.status_code == 400, reponse.content
    assert extrait in str(reponse.json()[champ])


def test_un_parametre_manquant_est_nomme(client_de):
    reponse = client_de(agent(Role.ENCADRANT, DIJON)).get(URL, {"indicateur": "1.1.droits_ouverts"})
    assert reponse.status_code == 400
    assert champs_en_erreur(reponse.json()) == {"du", "au"}


# --- JSON and secrecy --------------------------------------------------------------------------


@pytest.fixture
def encadrant3():
    return agent(Role.ENCADRANT, DIJON, CHENOVE, LONGVIC)


def test_forme_json_et_secret(client_de, encadrant3):
    _recevoir(DIJON, 20)
    _recevoir(CHENOVE, 3)
    _recevoir(LONGVIC, 12)
    corps = _valeurs(client_de(encadrant3), par="commune,mois").json()
    assert {"indicateur", "du", "au", "par", "source", "seuil_secret", "lignes", "total"} <= set(corps)
    assert corps["indicateur"] == "1.1.personnes_recues"
    assert corps["par"] == ["commune", "mois"]
    assert corps["source"] == "live"
    assert corps["seuil_secret"] == 11
    lignes = {ligne["commune"]: ligne for ligne in corps["lignes"]}
    assert lignes[DIJON] == {
        "commune": DIJON,
        "commune_nom": "Dijon",
        "mois": "2020-06",
        "valeur": 20,
        "secret": False,
    }
    # 3 in Chenôve is suppressed; Longvic (the smallest other cell of the column) is too, so that
    # the Chenôve cell cannot be recomputed from the total.
    assert lignes[CHENOVE]["valeur"] is None and lignes[CHENOVE]["secret"] is True
    assert lignes[LONGVIC]["secret"] is True
    assert corps["total"] == {"valeur": 35, "secret": False}


def test_la_frequentation_par_lieu_est_publiee_sous_le_secret(client_de, encadrant3):
    """Attendance by place (fiches 1.1, 1.5): the places named from the directory, a small count
    secret, and the smallest other one with it, so that it cannot be recomputed from the total."""
    lieux = {nom: Partenaire.objects.get(nom=nom) for nom in ("CCAS de Dijon", "CCAS de Chenôve")}
    antenne = Partenaire.objects.get(nom="Dijon Métropole — service social métropolitain")
    for lieu, nombre in ((lieux["CCAS de Dijon"], 12), (lieux["CCAS de Chenôve"], 14), (antenne, 3)):
        for _ in range(nombre):
            accompagnement = AccompagnementFactory(usager__code_commune=DIJON)
            ContactFactory(
                accompagnement=accompagnement,
                commune_id=DIJON,
                date=a_paris(2020, 6, 10, 10, 0),
                lieu_accueil=lieu,
            )

    corps = _valeurs(client_de(encadrant3), indicateur="1.1.frequentation", par="lieu_accueil").json()

    lignes = {ligne["lieu_accueil_libelle"]: ligne for ligne in corps["lignes"]}
    assert lignes["CCAS de Chenôve"]["valeur"] == 14 and not lignes["CCAS de Chenôve"]["secret"]
    assert lignes[antenne.nom] == {
        "lieu_accueil": str(antenne.pk),
        "lieu_accueil_libelle": antenne.nom,
        "valeur": None,
        "secret": True,
    }
    assert lignes["CCAS de Dijon"]["secret"] is True
    assert corps["total"] == {"valeur": 29, "secret": False}


def test_les_ventilations_d_une_meme_famille_se_recoupent(client_de, encadrant3):
    """By commune, by month and by both are views of one table: the margins agree."""
    _recevoir(DIJON, 20)
    _recevoir(CHENOVE, 3)
    client = client_de(encadrant3)
    par_commune = {ligne["commune"]: ligne for ligne in _valeurs(client, par="commune").json()["lignes"]}
    assert par_commune[CHENOVE]["secret"] and par_commune[DIJON]["secret"]  # 23 − 20 would give 3
    assert par_commune[LONGVIC] == {
        "commune": LONGVIC,
        "commune_nom": "Longvic",
        "valeur": 0,
        "secret": False,
    }


def test_aucun_nom_ni_date_de_naissance(client_de, encadrant3):
    _recevoir(DIJON, 12)
    # Names no answer could hold by chance (Faker's « Paris » is in « Europe/Paris »).
    for usager in Commune.objects.get(pk=DIJON).usagers.all():
        Usager.objects.filter(pk=usager.pk).update(nom=f"Nomdepersonne{usager.pk}")
    texte = _valeurs(client_de(encadrant3), par="commune,mois").content.decode()
    for usager in Commune.objects.get(pk=DIJON).usagers.all():
        assert usager.nom not in texte
        assert usager.date_naissance.isoformat() not in texte


# --- CSV and XLSX ---------------------------------------------------------------------------------


def test_csv_relu_avec_ses_colonnes(client_de, encadrant3):
    _recevoir(DIJON, 20)
    _recevoir(CHENOVE, 3)
    client = client_de(encadrant3)
    reponse = _valeurs(client, par="commune,mois", format="csv")
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/csv")
    contenu = reponse.content
    assert contenu.startswith(b"\xef\xbb\xbf")
    lignes = list(csv.DictReader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))
    assert list(lignes[0]) == ["commune", "commune_nom", "mois", "valeur", "secret"]
    json_ = _valeurs(client, par="commune,mois").json()
    for ligne, attendue in zip(lignes, json_["lignes"], strict=False):
        assert ligne["commune"] == attendue["commune"]
        assert ligne["valeur"] == ("" if attendue["secret"] else str(attendue["valeur"]))
        assert ligne["secret"] == ("oui" if attendue["secret"] else "non")
    assert lignes[-1]["commune"] == "Total"
    assert lignes[-1]["valeur"] == str(json_["total"]["valeur"])


def test_xlsx_s_ouvre_et_ses_chiffres_egalent_le_json(client_de, encadrant3):
    _recevoir(DIJON, 20)
    _recevoir(CHENOVE, 3)
    _recevoir(LONGVIC, 12, jour=2)
    client = client_de(encadrant3)
    reponse = _valeurs(client, par="commune,mois", format="xlsx")
    assert reponse.status_code == 200
    classeur = load_workbook(io.BytesIO(contenu(reponse)), read_only=False)
    feuille = classeur.active
    assert feuille["A2"].value == "Période : du 01/06/2020 au 30/06/2020"
    assert feuille["A3"].value == "Source : données en direct"
    assert feuille["A4"].value.startswith("Extraction : ")
    assert any("Secret statistique" in (c.value or "") for c in feuille["A"])
    rangees = list(feuille.iter_rows(values_only=True))
    entete = rangees.index(("commune", "commune_nom", "mois", "valeur", "secret"))
    assert feuille.freeze_panes == f"A{entete + 2}"
    json_ = _valeurs(client, par="commune,mois").json()
    donnees = rangees[entete + 1 :]
    attendues = [
        (ligne["commune"], ligne["commune_nom"], ligne["mois"], ligne["valeur"], ligne["secret"])
        for ligne in json_["lignes"]
    ]
    assert donnees[:-1] == attendues
    assert donnees[-1][-2:] == (json_["total"]["valeur"], json_["total"]["secret"])
    publiees = [r[3] for r in donnees if r[3] is not None]
    assert publiees and all(isinstance(v, int) for v in publiees)  # typed cells


def test_une_etiquette_qui_ressemble_a_une_formule_est_neutralisee(client_de):
    from accompagnements.models import TypeDroit
    from tests.accompagnements.factories import DroitFactory

    type_ = TypeDroit.objects.create(code="piege", libelle='=HYPERLINK("http://x")')
    for _ in range(12):
        DroitFactory(
            code_type="piege",
            usager__code_commune=DIJON,
            statut="ouvert",
            date_identification=datetime.date(2020, 6, 1),
            date_demande=datetime.date(2020, 6, 1),
            date_ouverture=datetime.date(2020, 6, 2),
        )
    client = client_de(agent(Role.ENCADRANT, DIJON))
    params = {"indicateur": "1.1.droits_ouverts", **JUIN, "par": "type"}
    texte = client.get(URL, {**params, "format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in texte
    reponse = client.get(URL, {**params, "format": "xlsx"})
    feuille = load_workbook(io.BytesIO(contenu(reponse))).active
    valeurs = [c.value for rangee in feuille.iter_rows() for c in rangee]
    assert f"'{type_.libelle}" in valeurs
    assert not any(isinstance(v, str) and v.startswith("=") for v in valeurs)


# --- Query counts ---------------------------------------------------------------------------------


def _nombre_de_requetes(client, **params) -> int:
    with CaptureQueriesContext(connection) as requetes:
        reponse = _valeurs(client, **params)
    assert reponse.status_code == 200
    contenu(reponse)
    return len(requetes)


@pytest.mark.parametrize("format_", ["json", "csv", "xlsx"])
@pytest.mark.parametrize("indicateur", ["1.1.personnes_recues", "2.1.mesures_exercees"])
def test_le_nombre_de_requetes_ne_depend_ni_des_communes_ni_des_mois(client_de, format_, indicateur):
    toutes = list(Commune.objects.values_list("pk", flat=True))
    une = agent(Role.ENCADRANT, DIJON)
    vingt_trois = agent(Role.ENCADRANT, *toutes)
    for code in toutes:
        _recevoir(code, 1)
    params = {"indicateur": indicateur, "par": "commune,mois", "format": format_}
    un_mois = _nombre_de_requetes(client_de(une), **params)
    assert _nombre_de_requetes(client_de(vingt_trois), **params) == un_mois
    douze_mois = {**params, "du": "2020-01-01", "au": "2020-12-31"}
    assert _nombre_de_requetes(client_de(vingt_trois), **douze_mois) == un_mois


def test_les_communes_dans_l_ordre_alphabetique_francais(client_de):
    lignes = _valeurs(client_de(UserFactory(administrateur=True)), par="commune").json()["lignes"]
    noms = [ligne["commune_nom"] for ligne in lignes]
    assert noms.index("Fénay") < noms.index("Flavignerot") < noms.index("Fontaine-lès-Dijon")


@pytest.mark.parametrize("identifiant", ["2.2.situations_actives", "1.1.agents_en_activite"])
def test_les_nouveaux_comptes_sont_publies_sous_le_secret(monde, encadrant, client_de, identifiant):
    """ACOR situations active in June (1 per commune) and agents in activity (2): small counts, secret
    like every indicator's; the exact total is the State level's alone."""
    corps = _valeurs(client_de(encadrant), indicateur=identifiant, par="commune").json()
    lignes = [ligne for ligne in corps["lignes"] if ligne["valeur"] != 0 or ligne["secret"]]
    assert lignes and all(ligne["secret"] and ligne["valeur"] is None for ligne in lignes)
    assert corps["total"] == {"valeur": None, "secret": True}
