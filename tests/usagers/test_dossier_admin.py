"""The person's file in the admin, the merge, the scoped autocomplete."""

import datetime
from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import administrateur_habilite, agent
from tests.emas.factories import membre, signalement
from tests.logement.factories import MesureASLLFactory
from tests.outils import sans_jeton_csrf
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = pytest.mark.django_db


def _nombre_de_requetes(client, url):
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return len(requetes), reponse.content.decode()


def test_le_dossier_montre_les_suivis_du_dispositif_de_l_agent_et_des_liens_d_ajout(client):
    agent_11 = agent("acces_droits", DIJON)
    client.force_login(agent_11)
    usager = UsagerFactory(nom="Dupré", prenom="Hélène")
    AccompagnementFactory(usager=usager, referent=agent_11)
    MesureASLLFactory(usager=usager)

    _, page = _nombre_de_requetes(client, f"/admin/usagers/usager/{usager.pk}/change/")

    assert "Accompagnements (action 1.1)" in page and "Droits" in page
    assert f"/admin/accompagnements/accompagnement/add/?usager={usager.pk}" in page
    assert f"/admin/accompagnements/droit/add/?usager={usager.pk}" in page
    assert "Mesures ASLL" not in page  # no ASLL grant
    assert "EMAS" not in sans_jeton_csrf(page)


def test_le_dossier_ne_montre_emas_qu_a_l_equipe(client):
    equipe = membre(DIJON)
    agent_11 = agent("acces_droits", DIJON)
    usager = UsagerFactory(date_naissance=datetime.date(1970, 1, 1))
    signalement(equipe, usager)

    client.force_login(agent_11)
    _, page_agent = _nombre_de_requetes(client, f"/admin/usagers/usager/{usager.pk}/change/")
    client.force_login(equipe)
    reponse = client.get(f"/admin/usagers/usager/{usager.pk}/change/")

    assert "EMAS" not in sans_jeton_csrf(page_agent) and "signalement" not in page_agent.lower()
    assert "Signalements EMAS" in reponse.content.decode()


def test_le_dossier_coute_autant_de_requetes_pour_un_suivi_que_pour_dix(client):
    agent_11 = agent("acces_droits", DIJON, username="agent-requetes")
    client.force_login(agent_11)
    un, dix = UsagerFactory(), UsagerFactory()
    AccompagnementFactory(usager=un, referent=agent_11)
    DroitFactory(usager=un)
    for i in range(10):
        # One open follow-up per person and référent (a database constraint): the others are closed.
        fin = {} if i == 9 else {"statut": "clos", "date_fin": date(2024, 2, 1), "motif_cloture": "autonomie"}
        AccompagnementFactory(usager=dix, referent=agent_11, **fin)
        DroitFactory(usager=dix)

    requetes_un, _ = _nombre_de_requetes(client, f"/admin/usagers/usager/{un.pk}/change/")
    requetes_dix, page = _nombre_de_requetes(client, f"/admin/usagers/usager/{dix.pk}/change/")

    assert page.count("/admin/accompagnements/accompagnement/") >= 10
    assert requetes_dix == requetes_un


def test_la_liste_coute_autant_de_requetes_pour_une_personne_que_pour_trente(client):
    client.force_login(agent("acces_droits", DIJON))
    UsagerFactory(nom="Dupré")
    requetes_un, _ = _nombre_de_requetes(client, "/admin/usagers/usager/?q=dupre")
    UsagerFactory.create_batch(30, nom="Dupré")
    requetes_trente, page = _nombre_de_requetes(client, "/admin/usagers/usager/?q=dupre")

    assert page.count("Dupré") >= 30
    assert requetes_trente == requetes_un


def test_un_administrateur_fusionne_deux_fiches_et_la_fusion_est_journalisee(client):
    administrateur = administrateur_habilite()  # files are read through grants (issue 12)
    client.force_login(administrateur)
    referent = agent("acces_droits", DIJON)
    conservee = UsagerFactory(nom="Dupré", prenom="Hélène")
    doublon = UsagerFactory(nom="DUPRE", prenom="Helene")
    accompagnement = AccompagnementFactory(usager=doublon, referent=referent)
    droit = DroitFactory(usager=doublon)
    mesure = MesureASLLFactory(usager=doublon)
    selection = {"action": "fusionner", "_selected_action": [conservee.pk, doublon.pk]}

    confirmation = client.post("/admin/usagers/usager/", selection)
    assert confirmation.status_code == 200 and "Fusionner" in confirmation.content.decode()

    client.post("/admin/usagers/usager/", {**selection, "conserver": conservee.pk})

    assert not Usager.objects.filter(pk=doublon.pk).exists()
    for dossier in (accompagnement, droit, mesure):
        dossier.refresh_from_db()
        assert dossier.usager_id == conservee.pk
    entree = LogEntry.objects.get(object_id=str(conservee.pk))
    assert f"n° {doublon.pk}" in entree.get_change_message()


def test_un_agent_ne_peut_pas_fusionner(client):
    client.force_login(agent("acces_droits", DIJON))
    a, b = UsagerFactory(), UsagerFactory()

    client.post(
        "/admin/usagers/usager/", {"action": "fusionner", "_selected_action": [a.pk, b.pk], "conserver": a.pk}
    )

    assert Usager.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_l_autocompletion_des_personnes_suit_le_dispositif_du_formulaire(client):
    """An agent holding 1.1 on Dijon and ASLL on Chenôve: a follow-up's person is of Dijon."""
    user = agent("acces_droits", DIJON)
    from communes.habilitations import habilitations_remplacer  # noqa: F401  (grant helpers exist)

    client.force_login(user)
    dijon = UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=datetime.date(1980, 3, 12))
    UsagerFactory(nom="Dupré", prenom="Hélène", code_commune=CHENOVE)

    reponse = client.get(
        "/admin/autocomplete/",
        {
            "term": "helene",
            "app_label": "accompagnements",
            "model_name": "accompagnement",
            "field_name": "usager",
        },
    )

    assert reponse.status_code == 200
    resultats = reponse.json()["results"]
    assert [r["id"] for r in resultats] == [str(dijon.pk)]
    assert "12/03/1980" in resultats[0]["text"] and "Dijon" in resultats[0]["text"]
