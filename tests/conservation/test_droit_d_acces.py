"""The person's right of access: everything about her, nothing about anyone else, no EMAS content
for an administrator outside the team; early anonymisation through the same code."""

import json

import pytest
from django.utils import timezone

from comptes.roles import Role
from conservation.api.views import DEMANDE_ENREGISTREE
from conservation.services import DossierOuvert, demandes_d_anonymisation_traiter, usager_anonymiser
from emas.dispositif import ACTION_2_3
from emas.services import suivi_cloturer
from emas.validators import EMAS
from journal.models import Action, EntreeJournal
from logement.services import mesure_cloturer
from tests.comptes.factories import UserFactory, agent
from tests.emas.factories import intervention, membre, signalement, suivi
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
    assert [(e["action"], e["objet_id"]) for e in export["journal"] if e["origine"] == "api"] == [
        ("lu", sa_mesure.pk)
    ]
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
    mesure_cloturer(mesure=mesure, par=mesure.referent, date_fin=timezone.localdate(), issue="autre")
    admin = UserFactory(administrateur=True)

    reponse = client_de(admin).post(URL.format(elle.pk) + "anonymiser/")

    assert reponse.status_code == 202, reponse.json()
    assert reponse.json()["detail"] == DEMANDE_ENREGISTREE
    assert demandes_d_anonymisation_traiter(aujourd_hui=timezone.localdate()) == 1
    elle.refresh_from_db()
    assert (elle.nom, elle.adresse, elle.email) == ("ANONYME", "", "")
    assert mesure.__class__.objects.filter(pk=mesure.pk, usager=elle).exists()  # events kept
    assert EntreeJournal.objects.filter(action=Action.CREE, usager_id=elle.pk, auteur_id=admin.pk).exists()


def test_l_anonymisation_anticipee_ne_detruit_jamais_un_dossier_ouvert_et_ne_dit_pas_lequel(client_de):
    """An administrator with no grant anonymised a person with an ASLL measure `en_cours` and an open
    EMAS follow-up: the team's notes became empty. Now the request waits until every file is
    closed, and its answer is the same whatever is open — EMAS included — or nothing."""
    equipe = membre(DIJON)
    avec_emas = UsagerFactory(code_commune=DIJON, nom="SUIVIE")
    s = suivi(equipe, avec_emas)
    note = intervention(equipe, s, notes="Visite : la personne accepte un rendez-vous au CMP.")
    avec_asll = UsagerFactory(code_commune=DIJON, nom="LOGEE")
    MesureASLLFactory(usager=avec_asll)
    sans_rien = UsagerFactory(code_commune=DIJON, nom="LIBRE")
    admin = client_de(UserFactory(administrateur=True))

    reponses = [admin.post(URL.format(u.pk) + "anonymiser/") for u in (avec_emas, avec_asll, sans_rien)]
    assert [r.status_code for r in reponses] == [202, 202, 202]
    assert len({r.json()["detail"] for r in reponses}) == 1
    assert demandes_d_anonymisation_traiter(aujourd_hui=timezone.localdate()) == 1

    assert set(Usager.objects.filter(anonymise_le__isnull=False).values_list("nom", flat=True)) == {"ANONYME"}
    avec_emas.refresh_from_db()
    avec_asll.refresh_from_db()
    assert (avec_emas.nom, avec_asll.nom) == ("SUIVIE", "LOGEE")
    note.refresh_from_db()
    assert note.notes.startswith("Visite")
    with pytest.raises(DossierOuvert):  # no path destroys an open file, the service refuses it too
        usager_anonymiser(usager=avec_emas, par=None, aujourd_hui=timezone.localdate())

    suivi_cloturer(suivi=s, par=equipe, date_fin=timezone.localdate(), motif_fin="relais_soins")
    assert demandes_d_anonymisation_traiter(aujourd_hui=timezone.localdate()) == 1
    avec_emas.refresh_from_db()
    assert avec_emas.nom == "ANONYME"


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


# --- no 5xx whatever the data: every field type of every model the export walks ---------------


def _modeles_exportes() -> list[type]:
    """The models the export walks, read from the declarations (a new record model is covered here
    without this file naming it): the person, her residences, every dispositif's records, and the
    change-history model of each."""
    from conservation.services import activites
    from historique.models import modele_historique
    from usagers.models import Residence

    modeles = [Usager, Residence, *(dossier.model for _code, dossier in activites())]
    historiques = [modele_historique(m._meta.label_lower) for m in modeles]
    return list(dict.fromkeys([*modeles, *(h for h in historiques if h is not None)]))


def _exemple(champ):
    """A value of the field's Python type, as a row read from the database holds it."""
    import datetime
    import decimal
    import uuid

    exemples = {
        "AutoField": 7,
        "BigAutoField": 7,
        "SmallAutoField": 7,
        "IntegerField": -3,
        "BigIntegerField": 2**40,
        "SmallIntegerField": 3,
        "PositiveIntegerField": 3,
        "PositiveBigIntegerField": 2**40,
        "PositiveSmallIntegerField": 3,
        "BooleanField": True,
        "CharField": "Odile « l'aînée »",
        "TextField": "ligne 1\nligne 2",
        "SlugField": "un-slug",
        "EmailField": "odile@example.org",
        "URLField": "https://example.org/",
        "GenericIPAddressField": "192.0.2.1",
        "DateField": datetime.date(2026, 3, 12),
        "DateTimeField": datetime.datetime(2026, 3, 12, 9, 30, tzinfo=datetime.UTC),
        "TimeField": datetime.time(9, 30),
        "DurationField": datetime.timedelta(minutes=45),
        "DecimalField": decimal.Decimal("450.10"),
        "FloatField": 1.5,
        "UUIDField": uuid.UUID(int=1),
        "BinaryField": memoryview(b"\x00\x01"),
        "JSONField": {
            "loyer": 450.1,
            "membres": [{"role": "demandeur", "ne_le": "1990-05-01"}],
            "vide": None,
        },
        "ForeignKey": 3,
        "OneToOneField": 3,
    }
    type_ = champ.get_internal_type()
    if type_ == "ArrayField":
        return [_exemple(champ.base_field)]
    assert type_ in exemples, f"{champ.model.__name__}.{champ.name} ({type_}) : ajoutez un exemple ici"
    return exemples[type_]


@pytest.mark.parametrize("modele", _modeles_exportes(), ids=lambda m: m._meta.label_lower)
def test_chaque_type_de_champ_exporte_est_du_json(modele):
    from conservation.acces import _json, _ligne

    champs = modele._meta.concrete_fields
    instance = modele(**{champ.attname: _exemple(champ) for champ in champs})

    ligne = json.loads(json.dumps(_ligne(instance)))
    assert ligne["modele"] == modele._meta.label_lower
    for champ in champs:
        json.dumps(_json(getattr(instance, champ.attname)))


def test_l_export_d_une_personne_dont_les_droits_ont_ete_estimes(client_de, monkeypatch):
    """`Estimation.entrees` (a JSONField holding dicts) made the export answer 500."""
    from accompagnements.models import Accompagnement
    from estimations.services import estimation_demander
    from tests.estimations.factories import FoyerFactory

    monkeypatch.setattr("estimations.tasks.mettre_en_file", lambda ids: None)
    foyer = FoyerFactory(accompagnement__usager__code_commune=DIJON)
    suivi = Accompagnement.objects.get(pk=foyer.accompagnement_id)
    estimation = estimation_demander(accompagnement=suivi, par=agent("acces_droits", DIJON))

    reponse = client_de(UserFactory(administrateur=True)).get(URL.format(suivi.usager_id))

    assert reponse.status_code == 200
    estimations = [
        d
        for lignes in reponse.json()["dossiers"].values()
        for d in lignes
        if d["modele"] == "estimations.estimation"
    ]
    assert [(e["id"], e["entrees"]) for e in estimations] == [(estimation.pk, estimation.entrees)]
