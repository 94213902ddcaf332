"""The person's right of access: everything about her, nothing about anyone else, no EMAS content
for an administrator outside the team; early anonymisation through the same code."""

import json

import pytest
from django.utils import timezone

from comptes.roles import Role
from emas.dispositif import ACTION_2_3
from emas.validators import EMAS
from journal.models import Action, EntreeJournal
from tests.comptes.factories import UserFactory, agent
from tests.emas.factories import membre, signalement
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = pytest.mark.django_db

URL = "/api/v1/donnees-personnelles/{}/"


def test_l_export_contient_ses_dossiers_et_rien_des_autres(client_de):
    elle = UsagerFactory(code_commune=DIJON, nom="DURAND", prenom="Odile", telephone="0611223344")
    autre = UsagerFactory(code_commune=DIJON, nom="VOISIN", prenom="Marcel")
    sa_mesure = MesureASLLFactory(usager=elle)
    MesureASLLFactory(usager=autre)
    client_de(agent("asll", DIJON)).get(f"/api/v1/asll/mesures/{sa_mesure.pk}/")  # a journaled read

    reponse = client_de(UserFactory(administrateur=True)).get(URL.format(elle.pk))

    assert reponse.status_code == 200
    export = reponse.json()
    assert export["identite"]["nom"] == "DURAND"
    mesures = [d["id"] for d in export["dossiers"]["asll"] if d["modele"] == "logement.mesureasll"]
    assert mesures == [sa_mesure.pk]
    points = {d["mesure"] for d in export["dossiers"]["asll"] if d["modele"] == "logement.pointetape"}
    assert points == {sa_mesure.pk}
    assert [(e["action"], e["objet_id"]) for e in export["journal"]] == [("lu", sa_mesure.pk)]
    texte = json.dumps(export)
    assert "VOISIN" not in texte and "Marcel" not in texte
    assert f'"usager": {autre.pk}' not in texte


def test_l_export_par_un_administrateur_hors_emas_ne_contient_rien_de_l_emas(client_de):
    equipe = membre(DIJON)
    elle = UsagerFactory(code_commune=DIJON)
    s = signalement(equipe, elle)
    client_de(equipe).get(f"/api/v1/emas/signalements/{s.pk}/")  # an EMAS read, journaled
    temoin = UsagerFactory(code_commune=DIJON)
    admin = client_de(UserFactory(administrateur=True))

    export, export_temoin = admin.get(URL.format(elle.pk)).json(), admin.get(URL.format(temoin.pk)).json()

    texte = json.dumps(export, ensure_ascii=False)
    assert "emas" not in export["dossiers"]
    assert "Appartement encombré" not in texte and "Gardienne" not in texte
    assert not [e for e in export["journal"] if e["objet_type"].startswith("emas.")]
    assert "emas." not in texte
    assert (
        export["emas"] == export_temoin["emas"] == ACTION_2_3.mention_droit_d_acces
    )  # the same for everyone
    assert set(export) == set(export_temoin)


def test_une_personne_connue_de_la_seule_equipe_est_introuvable_pour_l_administrateur(client_de):
    cachee = UsagerFactory(code_commune=DIJON)
    Usager.objects.filter(pk=cachee.pk).update(compartiment=EMAS)
    inexistante = client_de(UserFactory(administrateur=True)).get(URL.format(999999))
    reponse = client_de(UserFactory(administrateur=True)).get(URL.format(cachee.pk))
    assert reponse.status_code == inexistante.status_code == 404
    assert reponse.json() == inexistante.json()


def test_seul_un_administrateur_exporte(client_de):
    elle = UsagerFactory(code_commune=DIJON)
    assert client_de(agent(Role.ENCADRANT, DIJON)).get(URL.format(elle.pk)).status_code == 403


def test_anonymisation_anticipee_par_le_meme_code(client_de):
    elle = UsagerFactory(code_commune=DIJON, nom="DURAND", adresse="1 rue A", email="o@exemple.fr")
    mesure = MesureASLLFactory(usager=elle)
    admin = UserFactory(administrateur=True)

    reponse = client_de(admin).post(URL.format(elle.pk) + "anonymiser/")

    assert reponse.status_code == 200, reponse.json()
    assert reponse.json() == {"id": elle.pk, "anonymise_le": timezone.localdate().isoformat()}
    elle.refresh_from_db()
    assert (elle.nom, elle.adresse, elle.email) == ("ANONYME", "", "")
    assert mesure.__class__.objects.filter(pk=mesure.pk, usager=elle).exists()  # events kept
    assert EntreeJournal.objects.filter(action=Action.MODIFIE, usager_id=elle.pk, auteur_id=admin.pk).exists()


def test_l_administrateur_retrouve_une_personne_archivee_jamais_une_personne_du_compartiment(client_de):
    archivee = UsagerFactory(code_commune=DIJON, nom="DURAND", prenom="Odile")
    Usager.objects.filter(pk=archivee.pk).update(archive_le=timezone.localdate())
    cachee = UsagerFactory(code_commune=DIJON, nom="DURAND", prenom="Cachée")
    Usager.objects.filter(pk=cachee.pk).update(compartiment=EMAS)
    admin = UserFactory(administrateur=True)

    reponse = client_de(admin).get("/api/v1/donnees-personnelles/", {"recherche": "durand"})

    assert reponse.status_code == 200
    assert [(p["id"], p["archive_le"]) for p in reponse.json()] == [
        (archivee.pk, timezone.localdate().isoformat())
    ]
    assert EntreeJournal.objects.filter(
        action=Action.LISTE, auteur_id=admin.pk, objet_id=archivee.pk
    ).exists()
    assert client_de(admin).get("/api/v1/donnees-personnelles/", {"recherche": "d"}).status_code == 400
