"""The admin answers a malformed address with a 4xx or Django's « malformed filter » redirect, never a
500 (`config.admin.SiteAdmin`): a NUL byte, which no PostgreSQL text holds, in a filter or an object's
id; a year of a change list's date hierarchy past what a date holds."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import ClientNavigateur, administrateur_habilite
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

ANNEE_HORS_BORNES = "9" * 20


@pytest.fixture
def navigateur():
    AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON))
    client = ClientNavigateur()
    client.force_login(administrateur_habilite(DIJON))
    return client


def _listes():
    return [
        (reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_changelist"), modele_admin)
        for modele, modele_admin in admin.site._registry.items()
    ]


@pytest.mark.parametrize(
    ("url", "parametres"),
    [
        ("/admin/accompagnements/accompagnement/", {"statut__exact": "\x00"}),
        ("/admin/usagers/usager/", {"commune__code_insee__exact": "\x00"}),
        ("/admin/comptes/user/", {"q": "\x00"}),
        ("/admin/communes/commune/%00/change/", {}),
        ("/admin/communes/commune/%00/delete/", {}),
    ],
)
def test_un_caractere_nul_dans_l_adresse_est_une_400_en_francais(navigateur, url, parametres):
    reponse = navigateur.get(url, parametres)

    assert reponse.status_code == 400
    assert "Requête invalide" in reponse.content.decode()


@pytest.mark.parametrize("annee", [ANNEE_HORS_BORNES, "9999", "0"])
def test_une_annee_hors_bornes_de_la_hierarchie_des_dates_est_un_filtre_malforme(navigateur, annee):
    """Django's answer to a malformed filter: the list again with `?e=1`, which says so."""
    reponse = navigateur.get("/admin/accompagnements/accompagnement/", {"date_debut__year": annee})

    assert reponse.status_code == 302
    assert reponse["Location"] == "/admin/accompagnements/accompagnement/?e=1"


def test_un_filtre_valide_passe_toujours(navigateur):
    liste = "/admin/accompagnements/accompagnement/"
    assert navigateur.get(liste, {"statut__exact": "ouvert"}).status_code == 200
    assert navigateur.get(liste, {"date_debut__year": "2025"}).status_code == 200


def test_aucune_liste_de_l_admin_ne_repond_500_a_un_nul_ou_a_une_annee_hors_bornes(navigateur):
    """Every change list registered, ours and the libraries' (tokens, second factor devices)."""
    reponses = {}
    for url, modele_admin in _listes():
        reponses[url, "q"] = navigateur.get(url, {"q": "\x00"}).status_code
        if modele_admin.date_hierarchy:
            parametre = f"{modele_admin.date_hierarchy}__year"
            reponses[url, parametre] = navigateur.get(url, {parametre: ANNEE_HORS_BORNES}).status_code

    assert len(reponses) > 20
    assert {cle: statut for cle, statut in reponses.items() if statut >= 500} == {}
    assert any(parametre != "q" for _, parametre in reponses)  # some lists have a date hierarchy
