"""Finding a person as agents type: accents and case ignored, birth date, ranking; duplicates."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emas.validators import EMAS
from tests.comptes.factories import administrateur_habilite, agent
from tests.emas.factories import membre
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.models import Usager
from usagers.recherche import analyser, cle_recherche, normaliser
from usagers.services import usager_creer

pytestmark = [pytest.mark.django_db, pytest.mark.connexion]

NE_LE = datetime.date(1980, 3, 12)


@pytest.mark.parametrize(
    ("saisi", "normalise"),
    [
        ("Hélène", "helene"),
        ("DUPRÉ", "dupre"),
        ("dupré-Lefèvre", "dupre lefevre"),
        ("  N'Diaye ", "n diaye"),
        ("Œdipe", "oedipe"),
        ("ÇA", "ca"),
    ],
)
def test_la_normalisation_ignore_accents_majuscules_et_ponctuation(saisi, normalise):
    assert normaliser(saisi) == normalise


@given(st.text())
def test_la_normalisation_est_idempotente_et_sans_majuscule(texte):
    une_fois = normaliser(texte)
    assert normaliser(une_fois) == une_fois
    assert une_fois == une_fois.casefold()


def test_une_date_de_naissance_se_saisit_a_la_francaise():
    assert analyser("dupre 12/03/1980") == (["dupre"], [NE_LE])
    assert analyser("31/02/1980") == (["31", "02", "1980"], [])  # not a date: words


@pytest.mark.parametrize("terme", ["helene", "dupre", "DUPRÉ", "Dupre Helene", "hélène dupré", "12/03/1980"])
def test_helene_dupre_se_trouve_sans_accents_ni_majuscules(terme):
    helene = UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=NE_LE)
    UsagerFactory(nom="Martin", prenom="Jean", date_naissance=datetime.date(1970, 1, 1))

    assert list(Usager.objects.rechercher(terme)) == [helene]


def test_les_noms_sont_gardes_tels_que_saisis():
    helene = UsagerFactory(nom="Dupré", prenom="Hélène")
    helene.refresh_from_db()
    assert (helene.nom, helene.prenom, helene.recherche) == ("Dupré", "Hélène", "dupre helene")


def test_un_nom_qui_commence_par_le_mot_passe_devant():
    dans_le_prenom = UsagerFactory(nom="Aubert", prenom="Martine")
    exact = UsagerFactory(nom="MARTIN", prenom="Jean")
    compose = UsagerFactory(nom="Martinez", prenom="Ana")

    assert list(Usager.objects.rechercher("martin")) == [exact, compose, dans_le_prenom]


def test_la_recherche_de_l_admin_est_classee_et_montre_commune_et_naissance(client):
    client.force_login(agent("acces_droits", DIJON))
    UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=NE_LE)

    reponse = client.get("/admin/usagers/usager/", {"q": "helene"})

    page = reponse.content.decode()
    assert "Dupré" in page and "Dijon" in page and "12/03/1980" in page


def test_la_recherche_de_l_api_ignore_les_accents(client_de):
    api = client_de(agent("acces_droits", DIJON))
    helene = UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=NE_LE)
    UsagerFactory(nom="Dupré", prenom="Hélène", code_commune=CHENOVE)  # not visible

    reponse = api.get("/api/v1/usagers/", {"search": "DUPRE helene"})

    assert [u["id"] for u in reponse.json()["results"]] == [helene.pk]


# --- Duplicates --------------------------------------------------------------------------------


def _creer(api, **champs):
    corps = {"nom": "DUPRE", "prenom": "Helene", "date_naissance": "1980-03-12", "commune": DIJON, **champs}
    return api.post("/api/v1/usagers/", corps, format="json")


def test_un_doublon_probable_est_un_409_en_francais_listant_les_candidats(client_de):
    api = client_de(agent("acces_droits", DIJON))
    helene = UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=NE_LE)

    reponse = _creer(api)

    assert reponse.status_code == 409
    corps = reponse.json()
    assert "existe déjà" in corps["detail"]
    assert corps["candidats"] == [
        {
            "id": helene.pk,
            "nom": "Dupré",
            "prenom": "Hélène",
            "date_naissance": "1980-03-12",
            "commune": DIJON,
            "commune_nom": "Dijon",
        }
    ]
    assert Usager.objects.count() == 1


def test_le_doublon_confirme_est_enregistre(client_de):
    api = client_de(agent("acces_droits", DIJON))
    UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=NE_LE)

    reponse = _creer(api, confirmer_doublon=True)

    assert reponse.status_code == 201
    assert Usager.objects.filter(recherche="dupre helene").count() == 2


def test_un_homonyme_ne_d_un_autre_jour_n_est_pas_un_doublon(client_de):
    api = client_de(agent("acces_droits", DIJON))
    UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=datetime.date(1981, 3, 12))

    assert _creer(api).status_code == 201


def test_le_409_ne_nomme_jamais_une_personne_invisible(client_de):
    """Another commune, or the EMAS compartment: no 409, nothing tells the person exists."""
    agent_dijon = agent("acces_droits", DIJON)
    api = client_de(agent_dijon)
    UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=NE_LE, code_commune=CHENOVE)
    equipe = membre(DIJON)
    du_compartiment = usager_creer(
        par=equipe, nom="Dupré", prenom="Hélène", date_naissance=NE_LE, commune=agent_dijon_commune()
    )
    assert du_compartiment.compartiment == EMAS

    reponse = _creer(api)

    assert reponse.status_code == 201, reponse.json()


def test_le_409_d_un_agent_de_deux_communes_ne_liste_que_ce_qu_il_voit(client_de):
    api = client_de(agent("acces_droits", DIJON, CHENOVE))
    a_dijon = UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=NE_LE)
    a_chenove = UsagerFactory(nom="DUPRE", prenom="helene", date_naissance=NE_LE, code_commune=CHENOVE)
    UsagerFactory(nom="Dupre", prenom="Helene", date_naissance=NE_LE, code_commune="21355")  # Longvic

    reponse = _creer(api)

    assert reponse.status_code == 409
    assert sorted(c["id"] for c in reponse.json()["candidats"]) == sorted([a_dijon.pk, a_chenove.pk])


def agent_dijon_commune():
    from communes.models import Commune

    return Commune.objects.get(pk=DIJON)


def test_l_admin_avertit_du_doublon_et_enregistre_une_fois_confirme(client):
    client.force_login(agent("acces_droits", DIJON))
    helene = UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=NE_LE)
    formulaire = {"nom": "DUPRE", "prenom": "Helene", "date_naissance": "12/03/1980", "commune": DIJON}

    avertie = client.post("/admin/usagers/usager/add/", formulaire)

    assert avertie.status_code == 200
    page = avertie.content.decode()
    assert "existe déjà" in page and f"/admin/usagers/usager/{helene.pk}/change/" in page
    assert Usager.objects.count() == 1

    confirmee = client.post("/admin/usagers/usager/add/", {**formulaire, "confirmer_doublon": "on"})

    assert confirmee.status_code == 302
    assert Usager.objects.count() == 2


def test_cle_de_comparaison():
    assert cle_recherche("DUPRE", "Helene") == cle_recherche("Dupré", "Hélène")


def test_un_administrateur_n_a_pas_de_409_pour_l_equipe(client_de):
    """An administrator sees every commune of the register, never the compartment."""
    admin = administrateur_habilite(DIJON)  # files are read through grants (issue 12)
    api = client_de(admin)
    usager_creer(
        par=membre(DIJON), nom="Dupré", prenom="Hélène", date_naissance=NE_LE, commune=agent_dijon_commune()
    )

    assert _creer(api).status_code == 201


@pytest.mark.postgres
def test_sur_postgresql_la_recherche_passe_par_l_index_trigramme():
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'usager_recherche_trgm_idx'")
        (definition,) = curseur.fetchone()
        curseur.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask whether the index serves
        plan = Usager.objects.rechercher("helene dupre").explain()
    assert "gin_trgm_ops" in definition
    assert "usager_recherche_trgm_idx" in plan
