"""Cursor (keyset) pagination on every list, `?page=` kept: walking the cursor visits each row once in
the list's order (ties on the date included), costs the same statements at any depth and reads no
OFFSET, and a cursor the API did not give is a 400 naming it."""

import base64
import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.connexion]

LISTES = ["/api/v1/usagers/", "/api/v1/accompagnements/", "/api/v1/asll/mesures/", "/api/v1/droits/"]


def parcourir(client, url, taille, **filtres):
    """Every page by the `next` link, from an empty cursor; the ids in the order received."""
    ids, pages, suivant = [], 0, None
    reponse = client.get(url, {"curseur": "", "page_size": taille, **filtres})
    while True:
        assert reponse.status_code == 200, reponse.content
        corps = reponse.json()
        assert corps["count"] is None and corps["previous"] is None
        ids += [r["id"] for r in corps["results"]]
        pages += 1
        suivant = corps["next"]
        if not suivant:
            return ids, pages
        reponse = client.get(suivant)


def test_le_curseur_parcourt_chaque_ligne_une_fois_dans_l_ordre_de_la_liste(client_de):
    client = client_de(agent("acces_droits", DIJON))
    usager = UsagerFactory(code_commune=DIJON)
    # Ties: seven follow-ups on the same day, bulk-made (the trap of a cursor on the date alone).
    for jour in (datetime.date(2024, 3, 1),) * 7 + (datetime.date(2024, 1, 2), datetime.date(2025, 6, 1)):
        AccompagnementFactory(usager=usager, date_debut=jour)
    attendu = [r["id"] for r in client.get("/api/v1/accompagnements/", {"page_size": 100}).json()["results"]]

    ids, pages = parcourir(client, "/api/v1/accompagnements/", 2)

    assert ids == attendu and len(ids) == 9
    assert pages == 5


def test_une_recherche_se_parcourt_par_curseur_dans_son_ordre_egalites_comprises(client_de):
    """The search's order (its rank, an annotation, then name, first name and id, all ascending): the
    cursor's row comparison carries the rank, and ties on the name go by id."""
    client = client_de(agent("acces_droits", DIJON))
    noms = [("Martin", "Anne")] * 4 + [("Martinez", "Léa"), ("Martin", "Zoé"), ("Dumartin", "Paul")]
    for nom, prenom in noms:
        UsagerFactory(code_commune=DIJON, nom=nom, prenom=prenom)
    UsagerFactory(code_commune=DIJON, nom="Bernard", prenom="Jean")
    par_numero = client.get("/api/v1/usagers/", {"search": "martin", "page_size": 100}).json()
    attendu = [r["id"] for r in par_numero["results"]]

    ids, pages = parcourir(client, "/api/v1/usagers/", 2, search="martin")

    assert ids == attendu and len(ids) == 7
    assert ids[:4] == sorted(ids[:4])  # the four « Martin Anne » first, by id
    assert pages == 4


def test_un_ordre_de_sens_meles_se_parcourt_colonne_par_colonne():
    """A list ordered one column up and the next down has no row comparison: the cursor's condition
    is written column by column, and still leaves every row after the cursor, ties included."""
    from config.api.pagination import Pagination
    from usagers.models import Usager

    for nom in ["Bernard", "Martin", "Martin", "Martin", "Petit"]:
        UsagerFactory(code_commune=DIJON, nom=nom)
    ordre = [("nom", False), ("pk", True)]
    lignes = list(Usager.objects.order_by("nom", "-pk").values_list("nom", "pk"))

    for i, (nom, pk) in enumerate(lignes):
        apres = Usager.objects.order_by("nom", "-pk").filter(Pagination._apres(ordre, [nom, pk]))
        assert list(apres.values_list("nom", "pk")) == lignes[i + 1 :]


def test_le_lien_suivant_garde_les_filtres_comme_drf_l_ecrirait(client_de):
    """The `next` link keeps every parameter of the request (repeated, empty, accented), sorted, the
    cursor replaced — the link DRF's `replace_query_param` writes."""
    from rest_framework.utils.urls import replace_query_param

    client = client_de(agent("encadrant", DIJON))
    for nom in ["Éloïse", "Eloise", "Élodie"]:
        UsagerFactory(code_commune=DIJON, prenom=nom, nom="Durand")
    params = "search=durand&commune=21231&commune=21231&zz=&page_size=1&curseur="

    reponse = client.get(f"/api/v1/usagers/?{params}")

    assert reponse.status_code == 200, reponse.content
    suivant = reponse.json()["next"]
    attendu = replace_query_param(reponse.wsgi_request.build_absolute_uri(), "curseur", _curseur(suivant))
    assert suivant == attendu
    assert "commune=21231&commune=21231" in suivant and "zz=" in suivant
    assert client.get(suivant).json()["results"][0]["id"] != reponse.json()["results"][0]["id"]


def test_une_ligne_ajoutee_entre_deux_pages_ni_sautee_ni_repetee(client_de):
    client = client_de(agent("acces_droits", DIJON))
    usager = UsagerFactory(code_commune=DIJON)
    for mois in range(1, 7):
        AccompagnementFactory(usager=usager, date_debut=datetime.date(2024, mois, 1))
    premiere = client.get("/api/v1/accompagnements/", {"curseur": "", "page_size": 3}).json()
    plus_ancien = AccompagnementFactory(usager=usager, date_debut=datetime.date(2023, 1, 1))
    AccompagnementFactory(usager=usager, date_debut=datetime.date(2026, 1, 1))  # before the cursor

    ids, suivant = [r["id"] for r in premiere["results"]], premiere["next"]
    while suivant:
        page = client.get(suivant).json()
        ids, suivant = ids + [r["id"] for r in page["results"]], page["next"]

    assert len(ids) == len(set(ids)) == 7  # the six, and the older one added meanwhile
    assert ids[-1] == plus_ancien.pk


@pytest.mark.parametrize("url", LISTES)
def test_chaque_liste_se_pagine_par_curseur_au_meme_cout_a_toute_profondeur(client_de, url):
    client = client_de(agent("encadrant", DIJON))
    for _ in range(6):
        usager = UsagerFactory(code_commune=DIJON)
        AccompagnementFactory(usager=usager)
        DroitFactory(usager=usager)
        MesureASLLFactory(usager=usager)
    toutes = client.get(url, {"page_size": 200}).json()
    reponse = client.get(url, {"curseur": "", "page_size": 2})
    couts = []
    vus = [r["id"] for r in reponse.json()["results"]]
    while reponse.json()["next"]:
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(reponse.json()["next"])
        couts.append(len(requetes))
        assert not any("OFFSET" in q["sql"] for q in requetes.captured_queries)
        assert not any("COUNT(" in q["sql"].upper() for q in requetes.captured_queries)
        vus += [r["id"] for r in reponse.json()["results"]]

    assert sorted(vus) == sorted(r["id"] for r in toutes["results"]) and len(vus) == toutes["count"] >= 6
    assert len(set(couts)) == 1  # the same statements on page 2 and on the last one
    with CaptureQueriesContext(connection) as par_numero:
        client.get(url, {"page_size": 2, "page": 2})
    # no count: on PostgreSQL the count is read with the page (`config.sql.lire_page`), elsewhere apart
    assert couts[0] == len(par_numero) - (connection.vendor != "postgresql")


@pytest.mark.parametrize("curseur", ["pas-un-curseur", "W1sidiIsMV1d", "e30", "W10", "!!!"])
def test_un_curseur_que_l_api_n_a_pas_donne_est_refuse(client_de, curseur):
    client = client_de(agent("acces_droits", DIJON))
    AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON))

    reponse = client.get("/api/v1/accompagnements/", {"curseur": curseur})

    assert reponse.status_code == 400
    assert "curseur" in reponse.json()


def _curseur(lien: str) -> str:
    return parse_qs(urlsplit(lien).query)["curseur"][0]


def _altere(curseur: str) -> str:
    """The same cursor, its first value changed: a later date, or a name further in the alphabet."""
    charge, signature = curseur.split(":", 1)
    valeurs = json.loads(base64.urlsafe_b64decode(charge + "=" * (-len(charge) % 4)))
    valeurs[0][1] = "2099-01-01" if valeurs[0][0] == "d" else "zzz"
    texte = json.dumps(valeurs, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(texte).decode().rstrip("=") + ":" + signature


def _sans_signature(valeurs) -> str:
    """A cursor as a client would make it by hand: the values encoded, not signed by the API."""
    return base64.urlsafe_b64encode(json.dumps(valeurs).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "fabriquer",
    [
        # Values of types the list's columns do not hold: each reached the SQL, a 500, before the
        # cursors were signed.
        lambda vrai: _sans_signature([["v", [1, 2]], ["v", 5]]),
        lambda vrai: _sans_signature([["v", 2**63], ["v", 2**63]]),
        lambda vrai: _sans_signature([["n", "NaN"], ["v", 1]]),
        lambda vrai: _sans_signature([["v", "2024-01-01"], ["v", "pas un id"]]),
        # A cursor the API gave, its value changed or its signature not the API's.
        _altere,
        lambda vrai: signing.Signer(key="une autre clé").sign_object([["d", "2024-01-01"], ["v", 1]]),
        lambda vrai: vrai + "A",
    ],
    ids=["liste", "hors-bigint", "nan", "texte-pour-id", "altere", "autre-cle", "signature-allongee"],
)
def test_un_curseur_fabrique_ou_altere_est_refuse_et_jamais_une_erreur_500(client_de, fabriquer):
    client = client_de(agent("acces_droits", DIJON))
    usager = UsagerFactory(code_commune=DIJON)
    for _ in range(3):
        AccompagnementFactory(usager=usager)
    premiere = client.get("/api/v1/accompagnements/", {"curseur": "", "page_size": 1}).json()
    assert client.get(premiere["next"]).status_code == 200  # the API's own cursor passes

    reponse = client.get("/api/v1/accompagnements/", {"curseur": fabriquer(_curseur(premiere["next"]))})

    assert reponse.status_code == 400
    assert reponse.json()["curseur"] == [
        "Curseur invalide : reprenez la liste depuis le début (curseur vide) ou suivez « next »."
    ]


def test_le_curseur_d_une_liste_ne_vaut_pas_pour_une_autre(client_de):
    """Each list signs its cursors for its model and order: a persons' cursor (a name first) given to
    the follow-ups (a date first) would compare their date with a name."""
    client = client_de(agent("encadrant", DIJON))
    for _ in range(2):
        AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON))
    des_usagers = client.get("/api/v1/usagers/", {"curseur": "", "page_size": 1}).json()["next"]

    reponse = client.get("/api/v1/accompagnements/", {"curseur": _curseur(des_usagers)})

    assert reponse.status_code == 400
    assert "curseur" in reponse.json()


def test_page_et_curseur_ensemble_sont_refuses(client_de):
    """A `page` beside a cursor would be ignored silently (the list would not be the one asked for)."""
    client = client_de(agent("acces_droits", DIJON))

    reponse = client.get("/api/v1/accompagnements/", {"curseur": "", "page": "2"})

    assert reponse.status_code == 400
    assert "page" in reponse.json()


@pytest.mark.parametrize(
    ("url", "parametre"),
    [
        ("/api/v1/accompagnements/", "statut"),
        ("/api/v1/contacts/", "mode"),
        ("/api/v1/accompagnements/", "page"),
        ("/api/v1/partenaires/", "type"),
    ],
)
def test_un_parametre_donne_vide_est_refuse_et_non_ignore(client_de, url, parametre):
    """`?statut=` is not « every status », nor `?page=` the first page: the 400 names the parameter."""
    reponse = client_de(agent("acces_droits", DIJON)).get(url, {parametre: ""})

    assert reponse.status_code == 400
    assert parametre in reponse.json()


@pytest.mark.parametrize("page", ["2", "99", str(10**12), str(2**63), "last"])
def test_une_page_au_dela_de_la_fin_est_un_404_nomme_quel_que_soit_son_numero(client_de, page):
    """The count and the page are read in one statement (`config.sql.lire_page`): a page past the end
    is DRF's 404 all the same, a number too large for PostgreSQL never reaches it (no 500)."""
    client = client_de(agent("acces_droits", DIJON))
    AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON))

    reponse = client.get("/api/v1/accompagnements/", {"page": page})

    if page == "last":
        assert reponse.status_code == 200 and reponse.json()["count"] == 1
    else:
        assert reponse.status_code == 404
        assert reponse.json()["detail"] == "Page non valide."


def test_la_premiere_page_d_une_liste_vide_compte_zero(client_de):
    client = client_de(agent("acces_droits", DIJON))

    reponse = client.get("/api/v1/accompagnements/", {"page": "1"})

    assert reponse.status_code == 200
    assert reponse.json() == {"count": 0, "next": None, "previous": None, "results": []}
