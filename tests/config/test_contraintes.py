"""Integrity held by the database, not only by `clean()` (docs/SECURITY.md): each rule a constraint
with a French message, refused by the model's validation (the services' `full_clean`) and, for a
path that skips it, by the database itself."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accompagnements.models import Accompagnement
from tests.accompagnements.factories import AccompagnementFactory
from tests.usagers.factories import UsagerFactory

pytestmark = pytest.mark.django_db


def copie(instance, **changements):
    """An unsaved copy of `instance` (a second record for the same person)."""
    champs = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key and f.attname not in {"version"}
    }
    return type(instance)(**{**champs, **changements})


def test_un_seul_accompagnement_ouvert_par_personne_et_referent():
    premier = AccompagnementFactory(usager=UsagerFactory())
    second = copie(premier)

    with pytest.raises(ValidationError, match="déjà un accompagnement ouvert avec ce référent"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    autre_referent = AccompagnementFactory(usager=premier.usager)  # another worker may follow her too
    assert Accompagnement.objects.filter(usager=premier.usager).count() == 2
    assert autre_referent.referent_id != premier.referent_id


@pytest.mark.postgres
def test_les_periodes_de_capacite_acor_ne_se_chevauchent_pas_en_base():
    from datetime import date as d

    from config.api.exceptions import message_d_integrite
    from logement.models import CapaciteACOR

    CapaciteACOR.objects.create(date_debut=d(2026, 1, 1), date_fin=d(2026, 6, 30), places=5)
    with pytest.raises(IntegrityError) as erreur, transaction.atomic():
        CapaciteACOR.objects.create(date_debut=d(2026, 6, 30), date_fin=d(2026, 12, 31), places=6)
    assert message_d_integrite(erreur.value) == "Cette période chevauche une autre capacité ACOR."
    CapaciteACOR.objects.create(date_debut=d(2026, 7, 1), date_fin=d(2026, 12, 31), places=6)


def test_une_seule_mesure_asll_en_cours_par_personne_et_type(client_de):
    from logement.services import mesure_cloturer
    from tests.comptes.factories import agent
    from tests.logement.factories import MesureASLLFactory
    from tests.usagers.factories import DIJON

    travailleur = agent("asll", DIJON)
    premiere = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON), referent=travailleur)
    corps = {
        "usager": premiere.usager_id,
        "type": premiere.type,
        "date_debut": premiere.date_debut.isoformat(),
        "duree_mois": 6,
        "objectifs": ["budget"],
    }

    refus = client_de(travailleur).post("/api/v1/asll/mesures/", corps, format="json")
    assert refus.status_code == 400 and "déjà une mesure ASLL de ce type en cours" in refus.json()["detail"]
    with pytest.raises(IntegrityError), transaction.atomic():
        copie(premiere, date_debut=premiere.date_debut).save()
    autre_type = {**corps, "type": "maintien" if premiere.type == "acces" else "acces"}
    assert client_de(travailleur).post("/api/v1/asll/mesures/", autre_type, format="json").status_code == 201
    mesure_cloturer(mesure=premiere, date_fin=premiere.date_debut, issue="autre", par=travailleur)
    assert client_de(travailleur).post("/api/v1/asll/mesures/", corps, format="json").status_code == 201


def test_une_seule_situation_acor_active_par_personne(client_de):
    from datetime import date as d

    from tests.comptes.factories import agent
    from tests.logement.factories import SituationACORFactory
    from tests.usagers.factories import DIJON

    intervenant = agent("acor", DIJON)
    active = SituationACORFactory(usager=UsagerFactory(code_commune=DIJON, date_naissance=d(1970, 1, 1)))
    corps = {"usager": active.usager_id, "date_orientation": "2024-01-10", "difficultes": ["sociale"]}

    refus = client_de(intervenant).post("/api/v1/acor/situations/", corps, format="json")

    assert (
        refus.status_code == 400
        and "déjà une situation ACOR en attente ou en cours" in refus.json()["detail"]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copie(active).save()
