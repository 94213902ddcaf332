"""A fifth dispositif proves the declarations: `tests/dispositif_essai`, installed by the test settings
only, declares itself (`dispositif.py`) and so appears in the person's file, the API (root, routes,
grammar), the access journal, the change history, retention, the role and grant lists, reminders and
the indicators' registry — and no shared file names it (the last test reads them)."""

import datetime
import re
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from communes.habilitations import communes_autorisees
from comptes.models import User
from comptes.roles import codes_des_roles, dispositifs_du_role, role_de
from conservation.services import activites, conservation_simuler, usager_anonymiser
from historique.models import modele_historique
from indicateurs.registre import indicateur
from journal.models import EntreeJournal
from notifications.models import Notification, objets_rappeles, types_de_rappel
from notifications.services import rappels_creer
from tests.comptes.factories import agent
from tests.dispositif_essai.models import Visite
from tests.dispositif_essai.perms import ESSAI
from tests.dispositif_essai.services import visite_enregistrer
from tests.usagers.factories import DIJON, UsagerFactory
from usagers.dossier import dossier_de

pytestmark = pytest.mark.django_db
RACINE = Path(__file__).resolve().parents[2]


@pytest.fixture
def visite():
    agente = agent(ESSAI, DIJON)
    usager = UsagerFactory(code_commune=DIJON)
    return visite_enregistrer(par=agente, usager=usager, date=timezone.localdate(), note="Première visite")


def test_son_role_et_son_habilitation_existent(client_de):
    assert ESSAI in codes_des_roles()
    permission = Permission.objects.get(content_type__app_label="communes", codename=f"dispositif_{ESSAI}")
    assert permission.name == "Dossiers du dispositif « Action 9.1 — essai »"

    call_command("creer_agent", "agent.essai", "--role", ESSAI, "--communes", DIJON, stdout=None)

    compte = User.objects.get(username="agent.essai")
    assert role_de(compte) == ESSAI
    assert list(communes_autorisees(compte, [ESSAI]).values_list("pk", flat=True)) == [DIJON]
    assert ESSAI in dispositifs_du_role("encadrant")  # supervised, like the pacte's register dispositifs


def test_sa_section_dans_le_dossier_de_la_personne(visite):
    titres = [s.titre for s in dossier_de(visite.referent, visite.usager)]
    assert "Visites (dispositif d'essai)" in titres
    autre = agent("acces_droits", DIJON)
    assert "Visites (dispositif d'essai)" not in [s.titre for s in dossier_de(autre, visite.usager)]


def test_son_api_suit_la_grammaire_et_la_racine_la_liste(visite, client_de):
    client = client_de(visite.referent)

    assert "essai/visites" in client.get("/api/v1/").json()
    liste = client.get("/api/v1/essai/visites/", {"usager": visite.usager_id, "commune_evenement": DIJON})
    assert [v["id"] for v in liste.json()["results"]] == [visite.pk]
    assert client.get("/api/v1/essai/visites/987654/").status_code == 404
    encadrante = client_de(agent("encadrant", DIJON))
    refus = encadrante.post("/api/v1/essai/visites/", {"usager": visite.usager_id, "date": "2026-01-01"})
    assert refus.status_code == 403  # supervisors read, by default on every endpoint


def test_le_journal_consigne_ses_lectures(visite, client_de):
    client_de(visite.referent).get(f"/api/v1/essai/visites/{visite.pk}/")

    entree = EntreeJournal.objects.get(objet_type="essai.visite", action="lu")
    assert (entree.objet_id, entree.usager_id, entree.compartiment) == (visite.pk, visite.usager_id, "")


@pytest.mark.postgres
def test_son_historique_est_tenu(visite):
    assert modele_historique("essai.visite").objects.filter(pgh_obj_id=visite.pk).count() == 1
    Visite.objects.filter(pk=visite.pk).update(note="Corrigée")
    assert modele_historique("essai.visite").objects.filter(pgh_obj_id=visite.pk).count() == 2


def test_la_conservation_lit_son_activite_et_l_anonymisation_efface_ses_notes(visite):
    assert ("essai", "essai.Visite") in [(code, d.modele) for code, d in activites()]
    dans_25_mois = timezone.localdate() + relativedelta(months=25)
    assert conservation_simuler(aujourd_hui=dans_25_mois).archivees == {"essai": {DIJON: 1}}

    usager_anonymiser(usager=visite.usager, par=None, aujourd_hui=timezone.localdate())

    assert Visite.objects.get(pk=visite.pk).note == ""


def test_ses_rappels_passent_par_le_passage_quotidien(visite):
    assert ("essai_visite_a_relire", "Visite d'essai à relire") in types_de_rappel()
    assert ("essai_visite", "Visite d'essai") in objets_rappeles()

    rappels_creer(jour=visite.date + datetime.timedelta(days=31))

    rappel = Notification.objects.get(type="essai_visite_a_relire")
    assert (rappel.objet_id, rappel.destinataire_id) == (visite.pk, visite.referent_id)


def test_ses_indicateurs_sont_au_registre_et_publies(visite, client_de):
    assert indicateur("9.1.visites").action == "9.1"
    reponse = client_de(agent("encadrant", DIJON)).get(
        "/api/v1/indicateurs/valeurs/",
        {"indicateur": "9.1.visites", "du": f"{visite.date:%Y}-01-01", "au": f"{visite.date:%Y}-12-31"},
    )
    assert reponse.status_code == 200
    assert reponse.json()["total"]["secret"]  # 1 visit: below the statistical secrecy threshold


NOYAU_ET_CONSOMMATEURS = [
    "config",
    "communes",
    "comptes",
    "usagers",
    "journal",
    "historique",
    "notifications",
    "indicateurs",
    "conservation",
]


def test_aucun_fichier_partage_ne_le_nomme():
    """No shared layer learned the fifth dispositif's name (the test settings, the composition root,
    install it: `config/settings/test.py`)."""
    fichiers = [
        f
        for app in NOYAU_ET_CONSOMMATEURS
        for f in (RACINE / app).rglob("*")
        if f.is_file() and f.suffix in (".py", ".html") and f.name != "test.py"
    ]
    nommes = [
        str(f.relative_to(RACINE))
        for f in fichiers
        if re.search(r"\bessai\b|dispositif_essai", f.read_text())
    ]
    assert nommes == []
