"""Issue 23, fiche 1.4: the flows between dispositifs (by origin, target and outcome) and the
directory's use join the pacte's indicators, with the same statistical secrecy and exports."""

import calendar
import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from comptes.roles import Role
from orientations.services import orientation_creer
from partenaires.models import Partenaire
from tests.comptes.factories import agent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicateurs/valeurs/"


def _orienter(par, commune: str, nombre: int, **cible) -> None:
    for _ in range(nombre):
        personne = UsagerFactory(code_commune=commune, date_naissance=datetime.date(1970, 1, 1))
        orientation_creer(
            par=par, usager=personne, motif="budget", accord_personne=True, accord_modalite="ecrit", **cible
        )


@pytest.fixture
def flux():
    auteur = agent("acces_droits", DIJON, CHENOVE)
    _orienter(auteur, DIJON, 12, vers_dispositif="acor")
    _orienter(auteur, DIJON, 11, vers_partenaire=Partenaire.objects.get(nom="Orvitis"))
    _orienter(auteur, DIJON, 12, vers_dispositif="emas")
    _orienter(auteur, CHENOVE, 3, vers_dispositif="emas")  # a small cell: suppressed
    return auteur


def _params(**autres) -> dict:
    # This month, whole (indicator periods are months, quarters or years: docs/INDICATEURS.md).
    jour = datetime.date.today()
    fin = jour.replace(day=calendar.monthrange(jour.year, jour.month)[1])
    return {"du": jour.replace(day=1).isoformat(), "au": fin.isoformat(), **autres}


def test_les_orientations_par_destination_et_suite_en_json(client_de, flux):
    client = client_de(agent(Role.ENCADRANT, DIJON, CHENOVE))

    corps = client.get(URL, _params(indicateur="1.4.orientations", par="vers,statut")).json()

    cellules = {(ligne["vers"], ligne["statut"]): ligne for ligne in corps["lignes"]}
    assert cellules[("acor", "recue")]["valeur"] == 12
    assert cellules[("", "envoyee")]["valeur"] == 11
    assert cellules[("emas", "recue")]["valeur"] == 15  # « reçue » only, whatever the team decided
    assert {s: c["valeur"] for (v, s), c in cellules.items() if v == "emas" and s != "recue"} == {
        "envoyee": 0,
        "prise_en_charge": 0,
        "non_retenue": 0,
    }
    assert corps["total"]["valeur"] == 38


def test_par_commune_en_csv_et_xlsx_avec_le_meme_secret(client_de, flux):
    client = client_de(agent(Role.ENCADRANT, DIJON, CHENOVE))
    params = _params(indicateur="1.4.orientations", par="commune")
    json_ = client.get(URL, params).json()
    attendues = {ligne["commune"]: ligne["valeur"] for ligne in json_["lignes"]}
    assert attendues[CHENOVE] is None  # 3 orientations: suppressed (and Dijon with it, or the total tells)

    texte = client.get(URL, {**params, "format": "csv"}).content.decode("utf-8-sig")
    lignes = {ligne["commune"]: ligne for ligne in csv.DictReader(io.StringIO(texte), delimiter=";")}
    assert {
        c: int(v["valeur"]) if v["valeur"] else None for c, v in lignes.items() if c in attendues
    } == attendues
    assert lignes[CHENOVE]["secret"] == "oui"
    reponse = client.get(URL, {**params, "format": "xlsx"})
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    rangees = list(load_workbook(io.BytesIO(contenu)).active.iter_rows(values_only=True))
    assert {r[0]: r[-2] for r in rangees if r and r[0] in attendues} == attendues


def test_les_orientations_vers_les_partenaires_par_type(client_de, flux):
    client = client_de(agent(Role.ENCADRANT, DIJON, CHENOVE))

    corps = client.get(URL, _params(indicateur="1.4.orientations_partenaires", par="type_partenaire")).json()

    par_type = {ligne["type_partenaire"]: ligne["valeur"] for ligne in corps["lignes"]}
    assert par_type["bailleur"] == 11


def test_les_agents_qui_consultent_l_annuaire(client_de):
    for _ in range(12):
        lecteur = client_de(agent("acces_droits", DIJON))
        lecteur.get("/api/v1/partenaires/")
        lecteur.get("/api/v1/partenaires/", {"search": "caf"})  # counted once
    client = client_de(agent(Role.ENCADRANT, DIJON))

    corps = client.get(URL, _params(indicateur="1.4.consultations_annuaire", par="commune")).json()

    assert {ligne["commune"]: ligne["valeur"] for ligne in corps["lignes"]}[DIJON] == 12
