"""The access journal: every read and write of a nominative record, append-only."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.utils import timezone

from comptes.roles import Role
from journal.models import Action, EntreeJournal, JournalImmuable, Origine
from journal.services import journal_purger, journaliser
from tests.comptes.factories import ClientNavigateur, UserFactory, agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


def par_les_utilisateurs():
    """The entries of the requests served (the tests' set-up, made by factories outside any request,
    is journaled too, as a task's writes)."""
    return EntreeJournal.objects.exclude(origine=Origine.TACHE)


def dpo():
    from django.contrib.auth.models import Group

    user = UserFactory()
    user.groups.add(Group.objects.get(name=Role.DPO))
    return user


def test_la_liste_journalise_les_lignes_affichees_en_une_insertion(client_de):
    travailleur = agent("asll", DIJON)
    mesures = [MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON)) for _ in range(3)]
    MesureASLLFactory(usager=UsagerFactory(code_commune=CHENOVE))  # outside the grants: not shown

    reponse = client_de(travailleur).get("/api/v1/asll/mesures/", HTTP_X_REQUEST_ID="req-liste-1")

    assert reponse.status_code == 200
    entrees = EntreeJournal.objects.filter(action=Action.LISTE)
    assert sorted(entrees.values_list("objet_id", flat=True)) == sorted(m.pk for m in mesures)
    assert {(e.auteur_id, e.origine, e.objet_type, e.requete) for e in entrees} == {
        (travailleur.pk, Origine.API, "logement.mesureasll", "req-liste-1")
    }
    assert {e.usager_id for e in entrees} == {m.usager_id for m in mesures}
    assert reponse["X-Request-ID"] == "req-liste-1"


def test_le_detail_et_l_ecriture_sont_journalises(client_de):
    travailleur = agent("asll", DIJON)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))
    client = client_de(travailleur)

    assert client.get(f"/api/v1/asll/mesures/{mesure.pk}/").status_code == 200
    lu = EntreeJournal.objects.get(action=Action.LU)
    assert (lu.objet_id, lu.usager_id, lu.auteur) == (mesure.pk, mesure.usager_id, travailleur.username)

    reponse = client.patch(f"/api/v1/usagers/{mesure.usager_id}/", {"adresse": "1 rue X"}, format="json")
    assert reponse.status_code == 200, reponse.json()
    modifie = EntreeJournal.objects.get(action=Action.MODIFIE)
    assert (modifie.objet_type, modifie.objet_id) == ("usagers.usager", mesure.usager_id)


def test_un_refus_n_est_pas_journalise(client_de):
    usager = UsagerFactory(code_commune=CHENOVE)
    assert client_de(agent("asll", DIJON)).get(f"/api/v1/usagers/{usager.pk}/").status_code == 404
    assert not par_les_utilisateurs().exists()


def test_page_de_modification_et_liste_de_l_admin_journalisees():
    travailleur = agent("asll", DIJON, is_staff=True)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))
    client = Client()
    client.force_login(travailleur)

    assert client.get(f"/admin/logement/mesureasll/{mesure.pk}/change/").status_code == 200
    assert client.get("/admin/usagers/usager/").status_code == 200

    assert list(
        par_les_utilisateurs().order_by("id").values_list("action", "origine", "objet_type", "objet_id")
    ) == [
        (Action.LU, Origine.ADMIN, "logement.mesureasll", mesure.pk),
        (Action.LISTE, Origine.ADMIN, "usagers.usager", mesure.usager_id),
    ]


def test_l_export_d_une_personne_est_journalise(client_de):
    admin = UserFactory(administrateur=True)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))

    assert client_de(admin).get(f"/api/v1/donnees-personnelles/{mesure.usager_id}/").status_code == 200

    exports = EntreeJournal.objects.filter(action=Action.EXPORTE, auteur_id=admin.pk)
    assert set(exports.values_list("objet_type", "objet_id")) >= {
        ("usagers.usager", mesure.usager_id),
        ("logement.mesureasll", mesure.pk),
    }


def test_le_modele_refuse_modification_et_suppression():
    journaliser(par=None, action=Action.LU, objets=[UsagerFactory()], origine=Origine.TACHE, requete="t")
    entree = EntreeJournal.objects.get(action=Action.LU)
    entree.action = Action.MODIFIE
    with pytest.raises(JournalImmuable):
        entree.save()
    with pytest.raises(JournalImmuable):
        entree.delete()
    with pytest.raises(JournalImmuable):
        EntreeJournal.objects.update(action=Action.MODIFIE)
    with pytest.raises(JournalImmuable):
        EntreeJournal.objects.all().delete()


def test_la_purge_ne_retire_que_les_entrees_de_plus_de_douze_mois(settings):
    settings.JOURNAL_CONSERVATION_MOIS = 12
    maintenant = timezone.now()
    usager = UsagerFactory()
    deja = EntreeJournal.objects.count()  # its creation
    for age in (400, 300, 1):
        EntreeJournal.objects.create(
            quand=maintenant - datetime.timedelta(days=age),
            action=Action.LU,
            origine=Origine.API,
            objet_type="usagers.usager",
            objet_id=usager.pk,
            usager_id=usager.pk,
        )

    assert journal_purger(maintenant=maintenant) == 1
    assert EntreeJournal.objects.count() == deja + 2


@pytest.mark.postgres
def test_le_declencheur_refuse_update_et_delete_en_sql_brut():
    journaliser(par=None, action=Action.LU, objets=[UsagerFactory()], origine=Origine.TACHE)
    for sql in (
        "UPDATE journal_entreejournal SET action = 'modifie'",
        "DELETE FROM journal_entreejournal",
    ):
        with (
            pytest.raises(DatabaseError, match="ajout seul"),
            transaction.atomic(),
            connection.cursor() as curseur,
        ):
            curseur.execute(sql)
    assert EntreeJournal.objects.filter(action=Action.LU).count() == 1


@pytest.mark.postgres
def test_le_declencheur_refuse_une_purge_de_lignes_recentes():
    journaliser(par=None, action=Action.LU, objets=[UsagerFactory()], origine=Origine.TACHE)
    with (
        pytest.raises(DatabaseError, match="ajout seul"),
        transaction.atomic(),
        connection.cursor() as curseur,
    ):
        # A limit in the future (or less than 6 months ago) opens nothing.
        curseur.execute("SELECT set_config('journal.purge_avant', %s, true)", ["2999-01-01T00:00:00+00:00"])
        curseur.execute("DELETE FROM journal_entreejournal")
    assert EntreeJournal.objects.filter(action=Action.LU).count() == 1


def test_api_du_journal_par_personne_administrateur_et_dpo_seulement(client_de):
    travailleur = agent("asll", DIJON)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))
    client_de(travailleur).get(f"/api/v1/asll/mesures/{mesure.pk}/")

    for lecteur in (UserFactory(administrateur=True), dpo()):
        reponse = client_de(lecteur).get("/api/v1/journal/", {"usager": mesure.usager_id, "action": "lu"})
        assert reponse.status_code == 200
        [ligne] = reponse.json()["results"]
        assert (ligne["auteur"], ligne["action"], ligne["objet_id"]) == (
            travailleur.username,
            "lu",
            mesure.pk,
        )
    assert client_de(travailleur).get("/api/v1/journal/").status_code == 403


def test_le_dpo_n_a_pas_acces_aux_dossiers(client_de):
    usager = UsagerFactory(code_commune=DIJON)
    client = client_de(dpo())
    assert client.get("/api/v1/usagers/").json()["count"] == 0
    assert client.get(f"/api/v1/usagers/{usager.pk}/").status_code == 404


def test_les_entrees_emas_ne_sont_vues_que_du_dpo_et_de_l_equipe(client_de):
    from tests.emas.factories import membre, signalement

    equipe = membre(DIJON)
    s = signalement(equipe, UsagerFactory(code_commune=DIJON))
    assert client_de(equipe).get(f"/api/v1/emas/signalements/{s.pk}/").status_code == 200
    assert par_les_utilisateurs().filter(compartiment="emas").count() == 1

    def vus(user):
        filtre = {"usager": s.usager_id, "action": "lu"}
        return client_de(user).get("/api/v1/journal/", filtre).json()["count"]

    assert vus(UserFactory(administrateur=True)) == 0
    assert vus(dpo()) == 1


def test_ce_que_lit_un_membre_de_l_equipe_emas_est_une_entree_emas(client_de):
    """Whatever a team member opens tells that the team knows the person: health data."""
    from tests.emas.factories import membre

    usager = UsagerFactory(code_commune=DIJON)
    assert client_de(membre(DIJON)).get(f"/api/v1/usagers/{usager.pk}/").status_code == 200
    assert client_de(agent("acces_droits", DIJON)).get(f"/api/v1/usagers/{usager.pk}/").status_code == 200

    filtre = {"usager": usager.pk, "action": "lu"}
    lus = client_de(UserFactory(administrateur=True)).get("/api/v1/journal/", filtre).json()
    assert [e["emas"] for e in lus["results"]] == [False]
    assert client_de(dpo()).get("/api/v1/journal/", filtre).json()["count"] == 2


def test_l_admin_du_journal_repond_qui_a_ouvert_ce_dossier_pour_le_dpo_seulement(client_de):
    travailleur = agent("asll", DIJON)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON))
    client_de(travailleur).get(f"/api/v1/asll/mesures/{mesure.pk}/")
    delegue = dpo()
    delegue.is_staff = True
    delegue.save()
    client = Client()
    client.force_login(delegue)

    page = client.get("/admin/journal/entreejournal/", {"q": mesure.usager_id})

    assert page.status_code == 200
    assert travailleur.username in page.content.decode()
    assert (
        client.get(f"/admin/journal/entreejournal/{par_les_utilisateurs().get().pk}/change/").status_code
        == 200
    )
    client.force_login(agent("asll", DIJON, is_staff=True))
    assert client.get("/admin/journal/entreejournal/").status_code == 403


def test_l_insertion_postgresql_ecrit_chaque_colonne_du_journal():
    """The raw PostgreSQL insert names its columns: a field added to the journal must be added there."""
    from journal.services import _COLONNES_POSTGRESQL

    champs = {f.attname for f in EntreeJournal._meta.concrete_fields if not f.primary_key}
    assert set(_COLONNES_POSTGRESQL) == champs


def test_les_identifiants_du_journal_ne_laissent_pas_deviner_les_entrees_d_un_compartiment(client_de):
    """Paging through the journal, an administrator saw gaps in its ids (14 missing among 366): the
    volume and timing of the EMAS team's activity. The ids shown carry no order; an entry's admin
    page (its row id in the URL) is the dpo's alone."""
    from journal.identifiants import identifiant_public, pk_de
    from tests.emas.factories import membre, signalement

    usager = UsagerFactory(code_commune=DIJON)
    lectrice = agent("acces_droits", DIJON)
    equipe = membre(DIJON)
    s = signalement(equipe, UsagerFactory(code_commune=DIJON))
    client_de(lectrice).get(f"/api/v1/usagers/{usager.pk}/")
    client_de(equipe).get(f"/api/v1/emas/signalements/{s.pk}/")  # an entry of the compartment
    client_de(lectrice).get(f"/api/v1/usagers/{usager.pk}/")
    administrateur = UserFactory(administrateur=True, is_staff=True)
    client = client_de(administrateur)

    lues = client.get("/api/v1/journal/", {"action": "lu"}).json()["results"]

    vraies = set(EntreeJournal.objects.filter(action=Action.LU).values_list("pk", flat=True))
    montres = [e["id"] for e in lues]
    assert len(montres) == 2 and not set(montres) & vraies
    assert {pk_de(i) for i in montres} < vraies
    for identifiant in montres:
        assert client.get(f"/api/v1/journal/{identifiant}/").json()["id"] == identifiant
    cachee = EntreeJournal.objects.get(action=Action.LU, compartiment="emas")
    for sonde in (identifiant_public(cachee.pk), cachee.pk, 2**52 + 3, "abc"):
        assert client.get(f"/api/v1/journal/{sonde}/").status_code == 404
    assert sorted(pk_de(identifiant_public(n)) for n in range(1000)) == list(range(1000))

    navigateur = ClientNavigateur()  # an administrator signs in with the second factor
    navigateur.force_login(administrateur)
    liste = navigateur.get("/admin/journal/entreejournal/")
    assert liste.status_code == 200
    assert "lu" in liste.content.decode()
    assert not re.search(r"/admin/journal/entreejournal/\d+/change/", liste.content.decode())
    visible = EntreeJournal.objects.filter(compartiment="").first()
    assert navigateur.get(f"/admin/journal/entreejournal/{visible.pk}/change/").status_code in (302, 403)
