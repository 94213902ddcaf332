"""The history of a record reads in words, in the admin as in the workspace (one rendering,
`historique.versions.versions_lisibles`): what changed, from what to what (a choice by its label, a
list of codes by their labels, an agent and a commune by their names), by whom (their name), when;
never an internal column (identifier, version counter, compartment, search key, authorship)."""

import datetime
import re

import pghistory
import pytest

from accompagnements.models import MotifCloture
from accompagnements.services import accompagnement_cloturer, accompagnement_ouvrir
from logement.models import Objectif
from tests.comptes.factories import administrateur_habilite, agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

INTERNES = (
    "version",
    "compartiment",
    "normalis",
    "recherche",
    "créé par",
    "cree_par",
    "pgh",
    "21231",
    " id ",
)


def _versions(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    table = re.search(r'<div id="content-main">.*?(<table.*?</table>)', page.content.decode(), re.S)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


def test_l_historique_d_un_accompagnement_dit_qui_et_quoi_en_mots(client):
    agente = agent("acces_droits", DIJON, is_staff=True, first_name="Hélène", last_name="Dupré")
    usager = UsagerFactory(code_commune=DIJON, nom="MARTY", prenom="Dorothée")
    with pghistory.context(user=agente.pk):
        accompagnement = accompagnement_ouvrir(
            usager=usager, par=agente, date_debut=datetime.date(2026, 1, 5)
        )
        accompagnement_cloturer(
            accompagnement=accompagnement,
            date_fin=datetime.date(2026, 3, 2),
            motif_cloture=MotifCloture.AUTONOMIE,
            par=agente,
        )
    client.force_login(administrateur_habilite())

    lu = _versions(client, f"/admin/accompagnements/accompagnement/{accompagnement.pk}/history/")

    assert "Hélène Dupré (" in lu  # by whom: their name
    assert "statut : Ouvert → Clos" in lu
    assert "motif de clôture : — → Personne autonome dans ses démarches" in lu
    assert "date de fin : — → 02/03/2026" in lu
    assert "usager : — → MARTY Dorothée" in lu
    assert re.search(r"référent[^:]* : — → Hélène Dupré", lu)  # an agent by their name, not their id
    for interne in INTERNES:
        assert interne not in f" {lu.lower()} ", interne


def test_une_liste_de_codes_se_lit_par_ses_libelles(client):
    travailleur = agent("asll", DIJON, is_staff=True, first_name="Paul", last_name="Martin")
    with pghistory.context(user=travailleur.pk):
        mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON), referent=travailleur)
    client.force_login(administrateur_habilite())

    lu = _versions(client, f"/admin/logement/mesureasll/{mesure.pk}/history/")

    libelles = ", ".join(Objectif(code).label for code in mesure.objectifs)
    assert f"objectifs : — → {libelles}" in lu  # « Gestion du budget », not « budget »
    assert "commune de résidence au début de la mesure : — → Dijon" in lu
    for interne in INTERNES:
        assert interne not in f" {lu.lower()} ", interne
