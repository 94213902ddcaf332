"""The report as OpenDocument (format=odt, format=ods): valid packages that LibreOffice opens and
converts, holding the ten actions, the financial statement with the parity check, targets and
attainment, the bilan global; every indicator export in ODS too, with the same suppression."""

import datetime
import io
import os
import subprocess
import tempfile
import zipfile
from decimal import Decimal

import pytest
from odfdo import Document

from indicateurs.models import Avenant, ExecutionFinanciere, Objectif, ProductionEtat, VersionBilan
from tests.comptes.factories import administrateur_habilite
from tests.indicateurs.test_api import _recevoir, contenu
from tests.usagers.factories import CHENOVE, DIJON

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicateurs/rapport/"


@pytest.fixture
def donnees_du_rapport():
    admin = administrateur_habilite()
    _recevoir(DIJON, 14, jour=3)
    _recevoir(CHENOVE, 2)
    Objectif.objects.create(indicateur="1.1.personnes_recues", annee=2020, valeur=20, precision="personnes")
    Avenant.objects.create(annee=2020, date=datetime.date(2020, 11, 30), reference="AV-2020-01")
    ExecutionFinanciere.objects.create(
        annee=2020,
        action="1.1",
        financeur="etat",
        montant_definitif=Decimal(70000),
        engage=70000,
        depense=70000,
    )
    ExecutionFinanciere.objects.create(
        annee=2020, action="1.1", financeur="metropole", engage=60000, depense=50000
    )
    VersionBilan.objects.create(annee=2020, action="", texte="Première version.", par=admin)
    VersionBilan.objects.create(
        annee=2020, action="", texte="Une année d'installation des agents.", par=admin
    )
    VersionBilan.objects.create(
        annee=2020, action="1.1", texte="Sept agents recrutés au 1er juin.", par=admin
    )
    return admin


def _paquet_valide(brut: bytes, type_mime: str) -> None:
    with zipfile.ZipFile(io.BytesIO(brut)) as archive:
        premiere = archive.infolist()[0]
        assert premiere.filename == "mimetype"
        assert premiere.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype").decode() == type_mime
        assert b"manifest:manifest" in archive.read("META-INF/manifest.xml")


def _texte_odt(brut: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".odt") as f:
        f.write(brut)
        f.flush()
        return Document(f.name).get_formatted_text()


def test_le_rapport_odt_contient_tout_ce_que_demande_l_article_2_4(donnees_du_rapport, client_de):
    reponse = client_de(donnees_du_rapport).get(URL, {"annee": 2020, "format": "odt"})
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/vnd.oasis.opendocument.text"
    brut = contenu(reponse)
    _paquet_valide(brut, "application/vnd.oasis.opendocument.text")
    texte = _texte_odt(brut)
    for titre in (
        "Action 1.2 — Apporter des compétences nouvelles à un réseau d'acteurs large",
        "Action 3.1 — Mutualiser une fonction de prospection téléphonique",
        "Action 9.1 — dispositif d'essai",  # the test-only dispositif (tests/dispositif_essai)
    ):
        assert titre in texte
    assert "Action non suivie par cet outil" in texte
    assert "PARITÉ NON RESPECTÉE" in texte  # 50 000 € spent by the Métropole < the State's share
    assert "AV-2020-01" in texte
    assert "Une année d'installation des agents." in texte and "Première version." not in texte
    assert "Sept agents recrutés au 1er juin." in texte
    assert "Objectif : 20 personnes" in texte and "atteinte : 80 %" in texte
    with zipfile.ZipFile(io.BytesIO(brut)) as archive:
        assert any(n.endswith(".svg") for n in archive.namelist())  # the charts, as images


def test_les_titres_du_rapport_odt_ne_portent_pas_de_numero(donnees_du_rapport, client_de):
    """The template's outline style would number the headings (« 1. », « 1.1. ») in LibreOffice: it
    is unnumbered, every heading says it is not numbered in ODF's own terms, and none carries
    odfdo's `text:suppress-numbering`, which ODF does not define (LibreOffice ignores it)."""
    brut = contenu(client_de(donnees_du_rapport).get(URL, {"annee": 2020, "format": "odt"}))
    with zipfile.ZipFile(io.BytesIO(brut)) as archive:
        contenu_xml = archive.read("content.xml")
    assert b"suppress-numbering" not in contenu_xml
    with tempfile.NamedTemporaryFile(suffix=".odt") as f:
        f.write(brut)
        f.flush()
        document = Document(f.name)
        titres = document.body.get_elements("//text:h")
        niveaux = document.get_part("styles.xml").get_elements("//text:outline-level-style")
    assert len(titres) > 10
    assert all(t.get_attribute("text:is-list-header") in {True, "true"} for t in titres)
    assert niveaux and all(not n.get_attribute("style:num-format") for n in niveaux)
    assert not any("num-list-format" in n.serialize() or "num-suffix" in n.serialize() for n in niveaux)
    assert titres[1].text_recursive == "Synthèse : résultats, objectifs et crédits prévus"


def test_le_rapport_ods_et_l_export_ods_d_un_indicateur(donnees_du_rapport, client_de):
    client = client_de(donnees_du_rapport)
    rapport = client.get(URL, {"annee": 2020, "format": "ods"})
    assert rapport.status_code == 200
    _paquet_valide(contenu(rapport), "application/vnd.oasis.opendocument.spreadsheet")
    export = client.get(
        "/api/v1/indicateurs/valeurs/",
        {
            "indicateur": "1.1.personnes_recues",
            "du": "2020-06-01",
            "au": "2020-06-30",
            "par": "commune",
            "format": "ods",
        },
    )
    assert export.status_code == 200
    brut = contenu(export)
    _paquet_valide(brut, "application/vnd.oasis.opendocument.spreadsheet")
    with tempfile.NamedTemporaryFile(suffix=".ods") as f:
        f.write(brut)
        f.flush()
        feuille = Document(f.name).body.get_table(0)
        lignes = {r[0]: r for r in feuille.get_values() if r and r[0]}
    json_ = client.get(
        "/api/v1/indicateurs/valeurs/",
        {"indicateur": "1.1.personnes_recues", "du": "2020-06-01", "au": "2020-06-30", "par": "commune"},
    ).json()
    for ligne in json_["lignes"]:
        assert lignes[ligne["commune"]][2] == ligne["valeur"]
        assert bool(lignes[ligne["commune"]][3]) == ligne["secret"]


@pytest.mark.libreoffice
def test_libreoffice_ouvre_le_rapport_odt(donnees_du_rapport, client_de, tmp_path):
    """LibreOffice headless converts the ODT to PDF, whose text holds the report (a conversion that
    « succeeds » with an empty page would fail here). One profile per process."""
    brut = contenu(client_de(donnees_du_rapport).get(URL, {"annee": 2020, "format": "odt"}))
    source = tmp_path / "rapport.odt"
    source.write_bytes(brut)
    profil = f"file://{tmp_path}/lo-{os.getpid()}"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={profil}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "rapport.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0
    texte = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode()
    assert "rapport d'exécution 2020" in texte
    assert "Bilan financier des actions" in texte
    assert "Action 2.3" in texte
    # The headings read as written: no outline number before them (« 2. Bilan financier… »).
    lignes = [ligne.strip() for ligne in texte.splitlines()]
    for titre in ("Bilan financier des actions", "Bilan global", "Synthèse : résultats"):
        ligne = next(ligne for ligne in lignes if titre in ligne)
        assert ligne.startswith(titre), ligne
    if os.environ.get("RAPPORT_PDF"):  # to look at it: RAPPORT_PDF=/tmp/rapport.pdf
        with open(os.environ["RAPPORT_PDF"], "wb") as copie:
            copie.write(pdf.read_bytes())


def test_le_rapport_au_niveau_etat_donne_les_totaux_exacts(donnees_du_rapport, client_de):
    client = client_de(donnees_du_rapport)
    diffusion = _texte_odt(contenu(client.get(URL, {"annee": 2020, "format": "odt"})))
    etat = _texte_odt(contenu(client.get(URL, {"annee": 2020, "format": "odt", "niveau": "etat"})))
    assert "niveau : rapport à l'État" in etat and "totaux annuels de la métropole sont exacts" in etat
    # 1.1.droits_ouverts: 0 in the year either way; 16 persons received: published at both levels.
    assert "Résultat : 16" in diffusion and "Résultat : 16" in etat
    assert ProductionEtat.objects.filter(quoi="rapport d'exécution 2020 (odt)").count() == 1
