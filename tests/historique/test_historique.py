"""Change history (django-pghistory): PostgreSQL triggers record every write path, with its author,
and the history tables refuse UPDATE and DELETE. On SQLite (embedded mode) no trigger exists."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.utils import timezone

from conservation.services import usager_anonymiser
from historique.models import modele_historique
from logement.models import MesureASLL
from logement.services import mesure_modifier
from tests.comptes.factories import UserFactory, agent
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = pytest.mark.django_db

UsagerHistorique = modele_historique("usagers.usager")
MesureHistorique = modele_historique("logement.mesureasll")


def _versions(modele, pk, champ):
    return list(modele.objects.filter(pgh_obj_id=pk).order_by("pgh_id").values_list("pgh_label", champ))


@pytest.mark.postgres
def test_le_service_l_api_l_admin_et_un_update_en_masse_laissent_chacun_une_version(client_de):
    travailleur = agent("asll", DIJON, is_staff=True)
    mesure = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON), nb_adultes=1)

    mesure_modifier(mesure=mesure, par=travailleur, nb_adultes=2)  # service
    reponse = client_de(travailleur).patch(
        f"/api/v1/asll/mesures/{mesure.pk}/", {"nb_adultes": 3}, format="json"
    )
    assert reponse.status_code == 200, reponse.json()
    MesureASLL.objects.filter(pk=mesure.pk).update(nb_adultes=4)  # bypasses save() and signals
    mesure.nb_adultes = 5
    MesureASLL.objects.bulk_update([mesure], ["nb_adultes"])

    assert _versions(MesureHistorique, mesure.pk, "nb_adultes") == [
        ("insert", 1),
        ("update", 2),
        ("update", 3),
        ("update", 4),
        ("update", 5),
    ]
    # the API's version carries its author (pghistory context, set by the middleware)
    version_api = MesureHistorique.objects.filter(pgh_obj_id=mesure.pk, nb_adultes=3).get()
    assert version_api.pgh_context.metadata["user"] == travailleur.pk


@pytest.mark.postgres
def test_l_admin_laisse_une_version_avec_son_auteur():
    travailleur = agent("acces_droits", DIJON, is_staff=True)
    usager = UsagerFactory(code_commune=DIJON, nom="AVANT", prenom="Anne")
    client = Client()
    client.force_login(travailleur)

    reponse = client.post(
        f"/admin/usagers/usager/{usager.pk}/change/",
        {
            "nom": "APRES",
            "prenom": "Anne",
            "date_naissance": usager.date_naissance.isoformat(),
            "commune": DIJON,
            "version_lue": usager.version,
        },
    )

    assert reponse.status_code == 302
    assert [nom for _label, nom in _versions(UsagerHistorique, usager.pk, "nom")] == ["AVANT", "APRES"]
    derniere = UsagerHistorique.objects.filter(pgh_obj_id=usager.pk).latest("pgh_id")
    assert derniere.pgh_context.metadata["user"] == travailleur.pk

    # « What did it look like before this change? » on the record's admin history page
    page = client.get(f"/admin/usagers/usager/{usager.pk}/history/")
    assert page.status_code == 200
    assert "nom : AVANT → APRES" in page.content.decode()
    assert travailleur.username in page.content.decode()
    # and nobody without the grant opens it
    client.force_login(agent("acces_droits", "21166", is_staff=True))
    assert client.get(f"/admin/usagers/usager/{usager.pk}/history/").status_code == 302


@pytest.mark.postgres
def test_l_historique_refuse_update_et_delete_en_sql_brut():
    usager = UsagerFactory(code_commune=DIJON)
    table = UsagerHistorique._meta.db_table
    for sql in (f"UPDATE {table} SET nom = 'X'", f"DELETE FROM {table}"):  # noqa: S608 (fixed table name)
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as curseur:
            curseur.execute(sql)
    assert UsagerHistorique.objects.filter(pgh_obj_id=usager.pk).count() == 1


@pytest.mark.postgres
def test_l_anonymisation_efface_l_ancienne_identite_de_l_historique():
    usager = UsagerFactory(code_commune=DIJON, nom="DURAND")
    Usager.objects.filter(pk=usager.pk).update(nom="DURAND-MARTIN")

    usager_anonymiser(usager=usager, par=UserFactory(administrateur=True), aujourd_hui=timezone.localdate())

    assert [nom for _label, nom in _versions(UsagerHistorique, usager.pk, "nom")] == ["ANONYME"]


def test_sur_sqlite_les_tables_existent_sans_declencheur():
    if connection.vendor == "postgresql":
        pytest.skip("mode embarqué seulement")
    UsagerFactory(code_commune=DIJON)
    assert not UsagerHistorique.objects.exists()
