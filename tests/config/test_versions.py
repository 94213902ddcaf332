"""No lost update (docs/SECURITY.md): version in the body, ETag, If-Match required, 412 when stale,
the admin refusing a stale form, concurrent writers and transitions on the real PostgreSQL."""

import datetime

import pytest
from django.db import transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accompagnements.models import Accompagnement, StatutAccompagnement
from accompagnements.services import accompagnement_cloturer
from config.errors import ConflitDeVersion, RegleMetierError
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import agent
from tests.concurrence import en_concurrence
from tests.usagers.factories import DIJON, UsagerFactory
from usagers.models import Usager
from usagers.services import usager_modifier

URL = "/api/v1/usagers/"


def client_brut(user) -> APIClient:
    """A client that sends exactly what the test says (no automatic If-Match)."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def agent_dijon(db):
    return agent("acces_droits", DIJON)


@pytest.mark.django_db
def test_la_lecture_donne_la_version_et_l_etag(agent_dijon):
    usager = UsagerFactory(code_commune=DIJON)
    reponse = client_brut(agent_dijon).get(f"{URL}{usager.pk}/")
    assert reponse.status_code == 200
    assert reponse.data["version"] == 1
    assert reponse["ETag"] == '"1"'


@pytest.mark.django_db
def test_une_modification_sans_version_est_une_428(agent_dijon):
    usager = UsagerFactory(code_commune=DIJON, adresse="avant")
    reponse = client_brut(agent_dijon).patch(f"{URL}{usager.pk}/", {"adresse": "après"}, format="json")
    assert reponse.status_code == 428
    assert "If-Match" in reponse.data["detail"]
    usager.refresh_from_db()
    assert usager.adresse == "avant"


@pytest.mark.django_db
@pytest.mark.parametrize("entete", ['"1"', '"0", "1"', "*"])
def test_la_bonne_version_passe_et_avance(agent_dijon, entete):
    usager = UsagerFactory(code_commune=DIJON)
    reponse = client_brut(agent_dijon).patch(
        f"{URL}{usager.pk}/", {"adresse": "après"}, format="json", HTTP_IF_MATCH=entete
    )
    assert reponse.status_code == 200, reponse.data
    assert reponse.data["version"] == 2
    assert reponse["ETag"] == '"2"'


@pytest.mark.django_db
def test_la_version_dans_le_corps_vaut_if_match(agent_dijon):
    accompagnement = AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON), referent=agent_dijon)
    url = f"/api/v1/accompagnements/{accompagnement.pk}/"
    client = client_brut(agent_dijon)
    assert client.patch(url, {"date_debut": "2024-01-03", "version": 1}, format="json").status_code == 200
    perimee = client.patch(url, {"date_debut": "2024-01-04", "version": 1}, format="json")
    assert perimee.status_code == 412
    assert client.patch(url, {"version": "un"}, format="json").status_code == 400
    accompagnement.refresh_from_db()
    assert accompagnement.date_debut == datetime.date(2024, 1, 3)
    assert accompagnement.version == 2


@pytest.mark.django_db
@pytest.mark.parametrize("entete", ['"7"', 'W/"1"', "n'importe quoi"])
def test_une_version_perimee_ou_faible_est_une_412_en_francais(agent_dijon, entete):
    usager = UsagerFactory(code_commune=DIJON, adresse="avant")
    reponse = client_brut(agent_dijon).patch(
        f"{URL}{usager.pk}/", {"adresse": "après"}, format="json", HTTP_IF_MATCH=entete
    )
    assert reponse.status_code == 412
    assert "modifié par quelqu'un d'autre" in reponse.data["detail"]
    usager.refresh_from_db()
    assert (usager.adresse, usager.version) == ("avant", 1)


@pytest.mark.django_db
def test_hors_habilitation_la_404_passe_avant_la_428(agent_dijon):
    autre = UsagerFactory(code_commune="21166")
    reponse = client_brut(agent_dijon).patch(f"{URL}{autre.pk}/", {"adresse": "x"}, format="json")
    assert reponse.status_code == 404


@pytest.mark.django_db
def test_une_copie_perimee_ne_s_enregistre_jamais():
    """The compare-and-swap of `Versioned.save()`, for any path that would not lock first."""
    usager = UsagerFactory(code_commune=DIJON)
    copie = Usager.objects.get(pk=usager.pk)
    usager.adresse = "premier"
    usager.save()
    copie.adresse = "second"
    with pytest.raises(ConflitDeVersion), transaction.atomic():
        copie.save()
    usager.refresh_from_db()
    assert (usager.adresse, usager.version) == ("premier", 2)


@pytest.mark.django_db
def test_l_admin_refuse_un_formulaire_perime(client):
    user = agent("acces_droits", DIJON, is_staff=True)
    client.force_login(user)
    usager = UsagerFactory(code_commune=DIJON, nom="AVANT", prenom="Anne")
    url = f"/admin/usagers/usager/{usager.pk}/change/"
    page = client.get(url)
    assert b'name="version_lue"' in page.content
    donnees = {
        "nom": "ADMIN",
        "prenom": "Anne",
        "date_naissance": usager.date_naissance.isoformat(),
        "commune": DIJON,
        "version_lue": "1",
    }
    usager_modifier(usager=usager, par=user, nom="API")  # someone else, meanwhile

    reponse = client.post(url, donnees)

    assert reponse.status_code == 200
    assert "modifié par quelqu&#x27;un d&#x27;autre" in reponse.content.decode()
    usager.refresh_from_db()
    assert usager.nom == "API"
    assert client.post(url, {**donnees, "version_lue": "2"}).status_code == 302
    usager.refresh_from_db()
    assert (usager.nom, usager.version) == ("ADMIN", 3)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deux_agents_modifient_la_meme_personne_le_second_recoit_412():
    premier, second = agent("acces_droits", DIJON), agent("acces_droits", DIJON)
    usager = UsagerFactory(code_commune=DIJON, adresse="avant")
    client_1, client_2 = client_brut(premier), client_brut(second)
    etag_1 = client_1.get(f"{URL}{usager.pk}/")["ETag"]
    etag_2 = client_2.get(f"{URL}{usager.pk}/")["ETag"]

    r1 = client_1.patch(f"{URL}{usager.pk}/", {"adresse": "du premier"}, format="json", HTTP_IF_MATCH=etag_1)
    r2 = client_2.patch(f"{URL}{usager.pk}/", {"adresse": "du second"}, format="json", HTTP_IF_MATCH=etag_2)

    assert (r1.status_code, r2.status_code) == (200, 412)
    usager.refresh_from_db()
    assert (usager.adresse, usager.version) == ("du premier", 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_le_second_ecrivain_attend_le_premier_puis_recoit_412():
    """The first writer holds its transaction open; the second, from the same version, waits on
    the row lock taken with the version check, then sees the new version: 412, nothing lost."""
    par = agent("acces_droits", DIJON)
    usager = UsagerFactory(code_commune=DIJON, adresse="avant")
    client = client_brut(par)

    premier, second = en_concurrence(
        lambda: usager_modifier(usager=usager, par=par, adresse="du premier"),
        lambda: client.patch(
            f"{URL}{usager.pk}/", {"adresse": "du second"}, format="json", HTTP_IF_MATCH='"1"'
        ),
    )

    assert isinstance(premier, Usager)
    assert second.status_code == 412
    usager.refresh_from_db()
    assert (usager.adresse, usager.version) == ("du premier", 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deux_clotures_simultanees_une_seule_passe():
    par = agent("acces_droits", DIJON)
    accompagnement = AccompagnementFactory(usager=UsagerFactory(code_commune=DIJON), referent=par)

    def cloturer():
        return accompagnement_cloturer(
            accompagnement=accompagnement, date_fin=datetime.date(2024, 6, 1), motif_cloture="autre", par=par
        )

    premier, second = en_concurrence(cloturer, cloturer)

    assert isinstance(premier, Accompagnement)
    assert isinstance(second, RegleMetierError) and "déjà clos" in second.message
    accompagnement.refresh_from_db()
    assert (accompagnement.statut, accompagnement.version) == (StatutAccompagnement.CLOS, 2)


@pytest.mark.django_db
def test_l_admin_refuse_un_formulaire_sans_sa_version(client):
    """The API answers 428 without a version; a crafted admin post without `version_lue` overwrote."""
    user = agent("acces_droits", DIJON, is_staff=True)
    client.force_login(user)
    usager = UsagerFactory(code_commune=DIJON, nom="AVANT", prenom="Anne")
    url = f"/admin/usagers/usager/{usager.pk}/change/"
    usager_modifier(usager=usager, par=user, nom="API")  # a newer value
    donnees = {
        "nom": "ADMIN",
        "prenom": "Anne",
        "date_naissance": usager.date_naissance.isoformat(),
        "commune": DIJON,
    }

    for version in ({}, {"version_lue": ""}, {"version_lue": "abc"}):
        reponse = client.post(url, {**donnees, **version})

        assert reponse.status_code == 200
        assert "version du dossier que vous avez ouvert manque" in reponse.content.decode()
    usager.refresh_from_db()
    assert (usager.nom, usager.version) == ("API", 2)
