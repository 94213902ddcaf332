"""Issue 23 in the agents' workspace (/espace/): a 1.1 agent orients a person to ACOR, ASLL and EMAS
from her file; the file shows the path (EMAS: « Reçue », nothing more); the directory's page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from emas.models import Signalement
from logement.models import DemandeASLL, SituationACOR
from orientations.models import Orientation
from partenaires.models import ConsultationAnnuaire, Partenaire
from tests.comptes.factories import agent
from tests.emas.factories import membre
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


def _formulaire(vers: str, **autres) -> dict:
    return {
        "vers": vers,
        "motif": "logement_menace",
        "note": "Impayés.",
        "accord_personne": "on",
        "accord_modalite": "oral",
        **autres,
    }


@pytest.fixture
def agente():
    return agent("acces_droits", DIJON)


@pytest.fixture
def personne():
    return UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))


def test_orienter_vers_acor_asll_et_emas_depuis_le_dossier(client, agente, personne):
    membre(DIJON)
    client.force_login(agente)
    fiche = client.get(f"/espace/usagers/{personne.pk}/").content.decode()
    assert "Parcours : orientations" in fiche and f"/espace/usagers/{personne.pk}/orienter/" in fiche

    for cible in ("acor", "asll", "emas"):
        reponse = client.post(f"/espace/usagers/{personne.pk}/orienter/", _formulaire(cible))
        assert reponse.status_code == 302, reponse.content.decode()[:2000]

    assert SituationACOR.objects.filter(usager=personne, orientee_par=agente).count() == 1
    assert DemandeASLL.objects.filter(usager=personne, orientee_par=agente).count() == 1
    assert Signalement.objects.filter(usager=personne, orientee_par=agente).count() == 1
    fiche = client.get(f"/espace/usagers/{personne.pk}/").content.decode()
    parcours = fiche[fiche.index('class="parcours"') :]
    assert parcours.count("Reçue") == 3
    assert "En attente" not in parcours and "décision" not in parcours.lower()


def test_sans_accord_ou_en_double_le_formulaire_le_dit_sur_le_champ(client, agente, personne):
    client.force_login(agente)
    url = f"/espace/usagers/{personne.pk}/orienter/"

    sans_accord = client.post(url, {**_formulaire("acor"), "accord_personne": ""})
    assert sans_accord.status_code == 200 and "accord de la personne" in sans_accord.content.decode()
    assert client.post(url, _formulaire("acor")).status_code == 302
    double = client.post(url, _formulaire("acor"))
    assert double.status_code == 200 and "déjà ouverte" in double.content.decode()
    assert Orientation.objects.count() == 1


def test_vers_un_partenaire_de_la_commune(client, agente, personne):
    client.force_login(agente)
    ccas = Partenaire.objects.get(nom="CCAS de Dijon")

    page = client.get(f"/espace/usagers/{personne.pk}/orienter/").content.decode()
    assert "CCAS de Dijon" in page and "CCAS de Chenôve" not in page  # the partners serving her commune
    reponse = client.post(
        f"/espace/usagers/{personne.pk}/orienter/", _formulaire("partenaire", vers_partenaire=ccas.pk)
    )

    assert reponse.status_code == 302
    assert Orientation.objects.get().vers_partenaire == ccas


def test_un_encadrant_ne_voit_pas_le_bouton_et_n_oriente_pas(client, personne):
    encadrant = agent("encadrant", DIJON)
    client.force_login(encadrant)

    assert "/orienter/" not in client.get(f"/espace/usagers/{personne.pk}/").content.decode()
    assert client.post(f"/espace/usagers/{personne.pk}/orienter/", _formulaire("acor")).status_code == 404
    assert not Orientation.objects.exists()


def test_l_annuaire_dans_l_espace_filtre_et_compte_la_consultation(client, agente):
    client.force_login(agente)

    accueil = client.get("/espace/").content.decode()
    assert "/espace/partenaires/" in accueil
    page = client.get("/espace/partenaires/", {"q": "chenove", "type": "ccas"}).content.decode()

    assert "CCAS de Chenôve" in page and "Ville de Chenôve" not in page and "Orvitis" not in page
    assert ConsultationAnnuaire.objects.filter(agent=agente, commune_id=DIJON).count() == 1


def test_l_annuaire_de_l_espace_coute_autant_de_requetes_pour_un_partenaire_que_pour_trente(client, agente):
    def requetes(nombre_attendu: int) -> int:
        client.get("/espace/partenaires/", {"type": "association"})
        with CaptureQueriesContext(connection) as capturees:
            page = client.get("/espace/partenaires/", {"type": "association"})
        assert page.content.decode().count("Épicerie solidaire") == nombre_attendu
        return len(capturees)

    client.force_login(agente)
    Partenaire.objects.create(nom="Épicerie solidaire n°0", type="association", domaines=["alimentation"])
    une = requetes(1)
    for i in range(1, 40):
        Partenaire.objects.create(
            nom=f"Épicerie solidaire n°{i}", type="association", domaines=["alimentation"]
        )

    assert requetes(30) == une  # a page of 30, whatever the directory holds


@pytest.mark.parametrize(
    ("parametre", "valeur", "libelle"),
    [
        ("commune", "\x00", "Commune servie"),  # a 500 (a NUL byte sent to PostgreSQL) before
        ("commune", "210000", "Commune servie"),
        ("q", "\x00", "Nom"),
        ("domaine", "astrologie", "Domaine"),
        ("type", "\x00", "Type"),
    ],
)
def test_un_filtre_malforme_de_l_annuaire_est_nomme_comme_l_api_le_refuse(
    client, agente, parametre, valeur, libelle
):
    """The page reads the directory with the API's filters (`PartenaireFilter`): what the API answers
    400 naming the parameter, the page shows as an error on the field, with no partner listed."""
    client.force_login(agente)
    api = client.get("/api/v1/partenaires/", {"search" if parametre == "q" else parametre: valeur})

    reponse = client.get("/espace/partenaires/", {parametre: valeur})

    assert api.status_code == 400
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert re.search(rf'role="alert"><p>{libelle} : [^<]+</p>', page), page
    assert "Aucun partenaire ne correspond." in page
