"""`/api/v1/notifications/`: your own notifications and nobody else's, in a constant number of queries."""

import pytest

from comptes.roles import Role
from logement.rappels import POINT_ETAPE_PROCHE
from notifications.models import Notification
from tests.comptes.factories import UserFactory, agent
from tests.notifications.factories import NotificationFactory
from tests.outils import requetes_de_liste
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db


def test_la_liste_ne_montre_que_les_miennes_avec_les_champs_annonces(client_de):
    moi = agent("asll", DIJON)
    mienne = NotificationFactory(destinataire=moi, type=POINT_ETAPE_PROCHE.code)
    NotificationFactory(destinataire=agent("asll", DIJON))
    NotificationFactory(destinataire=UserFactory(administrateur=True))

    reponse = client_de(moi).get("/api/v1/notifications/")

    assert reponse.status_code == 200
    (ligne,) = reponse.json()["results"]
    assert ligne == {
        "id": mienne.pk,
        "type": "point_etape_proche",
        "titre": mienne.titre,
        "message": mienne.message,
        "objet_type": "point_etape",
        "objet_id": mienne.objet_id,
        "cree_le": ligne["cree_le"],
        "lue": False,
    }


def test_un_administrateur_ne_lit_pas_non_plus_celles_des_autres(client_de):
    NotificationFactory(destinataire=agent("asll", DIJON))
    admin = UserFactory(administrateur=True)
    assert client_de(admin).get("/api/v1/notifications/").json()["count"] == 0


def test_marquer_lue_et_compter_les_non_lues(client_de):
    moi = agent("asll", DIJON)
    a, _ = NotificationFactory.create_batch(2, destinataire=moi)
    NotificationFactory(destinataire=moi, lue=True)
    client = client_de(moi)
    assert client.get("/api/v1/notifications/non-lues/").json() == {"non_lues": 2}

    reponse = client.post(f"/api/v1/notifications/{a.pk}/lue/")
    assert reponse.status_code == 200 and reponse.json()["lue"] is True
    premiere_lecture = Notification.objects.get(pk=a.pk).lue_le
    assert client.post(f"/api/v1/notifications/{a.pk}/lue/").status_code == 200
    assert Notification.objects.get(pk=a.pk).lue_le == premiere_lecture
    assert client.get("/api/v1/notifications/non-lues/").json() == {"non_lues": 1}
    assert client.get("/api/v1/notifications/", {"lue": "false"}).json()["count"] == 1
    assert client.get("/api/v1/notifications/", {"lue": "true"}).json()["count"] == 2
    assert client.get("/api/v1/notifications/", {"type": "point_etape_proche"}).json()["count"] == 0


def test_marquer_lue_celle_d_un_autre_est_un_404(client_de):
    autre = NotificationFactory(destinataire=agent("asll", DIJON))
    moi = agent(Role.ENCADRANT, DIJON)
    reponse = client_de(moi).post(f"/api/v1/notifications/{autre.pk}/lue/")
    assert reponse.status_code == 404
    assert Notification.objects.get(pk=autre.pk).lue_le is None
    assert client_de(moi).get("/api/v1/notifications/non-lues/").json() == {"non_lues": 0}


def test_anonyme_refuse(anonyme):
    assert anonyme.get("/api/v1/notifications/").status_code == 401
    assert anonyme.get("/api/v1/notifications/non-lues/").status_code == 401


@pytest.mark.parametrize("nombre", [1, 20])
def test_liste_en_nombre_constant_de_requetes(client_de, django_assert_num_queries, nombre):
    moi = agent("asll", DIJON)
    NotificationFactory.create_batch(nombre, destinataire=moi)
    client = client_de(moi)
    with django_assert_num_queries(requetes_de_liste(nominative=False)):
        reponse = client.get("/api/v1/notifications/")
    assert len(reponse.json()["results"]) == nombre


def test_l_admin_montre_a_chacun_les_siennes(client):
    moi = agent("asll", DIJON)
    mienne = NotificationFactory(destinataire=moi, titre="La mienne")
    autre = NotificationFactory(destinataire=agent("asll", DIJON), titre="Pour un collegue")
    admin = UserFactory(administrateur=True)
    NotificationFactory(destinataire=admin, titre="Pour administrateur")

    client.force_login(moi)
    liste = client.get("/admin/notifications/notification/")
    assert liste.status_code == 200
    assert b"La mienne" in liste.content and b"Pour un collegue" not in liste.content
    assert client.get(f"/admin/notifications/notification/{mienne.pk}/change/").status_code == 200
    fiche = client.get(f"/admin/notifications/notification/{autre.pk}/change/", follow=True)
    assert fiche.redirect_chain and fiche.redirect_chain[-1][0] == "/admin/"

    client.force_login(admin)
    liste = client.get("/admin/notifications/notification/")
    assert b"Pour administrateur" in liste.content
    assert b"La mienne" not in liste.content
