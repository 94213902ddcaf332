"""Issue 23, fiche 1.4: the flows between dispositifs (by origin, target and outcome) and the
directory's use join the pacte's indicators, with the same statistical secrecy and exports."""

import calendar
import csv
import datetime
import io
import tempfile

import pytest
from django.db.models import DateField, Value
from odfdo import Document
from openpyxl import load_workbook

from communes.models import Commune
from comptes.roles import Role
from orientations.services import orientation_creer
from partenaires.models import Partenaire
from partenaires.validators import TypePartenaire
from tests.accompagnements.factories import DemarcheFactory
from tests.comptes.factories import agent
from tests.emas.factories import signalement
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.models import commune_a_la_date, commune_a_la_date_sql
from usagers.services import usager_modifier


def _date(jour: datetime.date):
    return Value(jour, output_field=DateField())


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
    _orienter(auteur, DIJON, 15, vers_dispositif="emas")
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
    _orienter(flux, CHENOVE, 3, vers_dispositif="emas")  # a small cell: suppressed
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

    reponse = client.get(URL, {**params, "format": "ods"})
    assert reponse["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    with tempfile.NamedTemporaryFile(suffix=".ods") as f:
        f.write(b"".join(reponse.streaming_content) if reponse.streaming else reponse.content)
        f.flush()
        rangees = Document(f.name).body.get_table(0).get_values()
    ods = {r[0]: r for r in rangees if r and r[0] in attendues}
    assert {c: r[2] for c, r in ods.items()} == attendues
    assert {c: bool(r[3]) for c, r in ods.items()} == {c: v is None for c, v in attendues.items()}


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


# --- the directory's use: every record naming a partner, as the dispositifs declare them ---------


def _ccas() -> Partenaire:
    return Partenaire.objects.filter(type=TypePartenaire.CCAS, actif=True).order_by("nom").first()


def test_les_demarches_qui_designent_un_partenaire_comptent_ou_la_personne_vivait_ce_jour_la(client_de):
    auteur = agent("acces_droits", DIJON, CHENOVE)
    ccas = _ccas()
    jour = datetime.date.today().replace(day=1)
    for _ in range(12):
        personne = UsagerFactory(code_commune=CHENOVE, date_naissance=datetime.date(1970, 1, 1))
        DemarcheFactory(
            accompagnement__usager=personne, accompagnement__referent=auteur, partenaire=ccas, date=jour
        )
        # Moved to Dijon after the démarche: it stays counted in Chenôve.
        usager_modifier(
            usager=personne,
            par=auteur,
            commune=Commune.objects.get(pk=DIJON),
            date_demenagement=jour.replace(day=2),
        )
    DemarcheFactory(accompagnement__referent=auteur, partenaire=None, date=jour)  # free text: not counted
    client = client_de(agent(Role.ENCADRANT, DIJON, CHENOVE))

    corps = client.get(
        URL, _params(indicateur="1.4.annuaire_demarches", par="commune,type_partenaire")
    ).json()

    cellules = {(ligne["commune"], ligne["type_partenaire"]): ligne["valeur"] for ligne in corps["lignes"]}
    assert cellules[(CHENOVE, TypePartenaire.CCAS)] == 12
    assert cellules.get((DIJON, TypePartenaire.CCAS), 0) == 0
    assert corps["total"]["valeur"] == 12


def test_les_signalements_venus_d_un_partenaire_par_type_et_le_petit_nombre_secret(client_de):
    equipe = agent("emas", DIJON, CHENOVE)
    bailleur = Partenaire.objects.get(nom="Orvitis")
    jour = datetime.date.today()
    for _ in range(11):
        signalement(equipe, date=jour, origine_partenaire=bailleur)
    for _ in range(3):
        signalement(
            equipe,
            UsagerFactory(code_commune=CHENOVE, date_naissance=datetime.date(1970, 1, 1)),
            date=jour,
            origine_partenaire=bailleur,
        )
    client = client_de(agent(Role.ENCADRANT, DIJON, CHENOVE))

    par_type = client.get(URL, _params(indicateur="1.4.annuaire_emas_origines", par="type_partenaire")).json()
    par_commune = client.get(URL, _params(indicateur="1.4.annuaire_emas_origines", par="commune")).json()

    assert {ligne["type_partenaire"]: ligne["valeur"] for ligne in par_type["lignes"]}["bailleur"] == 14
    communes = {ligne["commune"]: ligne for ligne in par_commune["lignes"]}
    assert communes[CHENOVE]["valeur"] is None and communes[CHENOVE]["secret"]


@pytest.mark.parametrize(
    "jour", [datetime.date(1950, 1, 1), datetime.date(2026, 1, 31), datetime.date(2026, 2, 1)]
)
def test_la_commune_a_la_date_en_sql_suit_la_meme_regle(jour):
    personne = UsagerFactory(code_commune=CHENOVE, date_naissance=datetime.date(1970, 1, 1))
    usager_modifier(
        usager=personne,
        par=agent("acces_droits", DIJON, CHENOVE),
        commune=Commune.objects.get(pk=DIJON),
        date_demenagement=datetime.date(2026, 2, 1),
    )
    sans_historique = UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))
    sans_historique.residences.all().delete()
    for qui in (personne, sans_historique):
        en_sql = (
            type(qui)
            .objects.filter(pk=qui.pk)
            .annotate(jour=_date(jour))
            .annotate(commune_ce_jour=commune_a_la_date_sql("", "jour"))
            .values_list("commune_ce_jour", flat=True)
            .get()
        )
        assert en_sql == commune_a_la_date(qui, jour)
