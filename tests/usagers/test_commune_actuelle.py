"""Records scoped by the person's current commune carry it (`config.models.FollowsPersonCommune`): a
commune's list is one index range. The column must never drift from the person's commune, or a
worker would see a file of a commune they hold no grant on."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from accompagnements.models import Accompagnement, Droit
from communes.models import Commune
from logement.models import MesureASLL, SituationACOR
from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import administrateur_habilite, agent
from tests.logement.factories import MesureASLLFactory, SituationACORFactory
from tests.usagers.factories import CHENOVE, DIJON, LONGVIC, UsagerFactory
from usagers.models import Usager
from usagers.services import usager_fusionner, usager_modifier

pytestmark = pytest.mark.django_db


def _dossiers(usager):
    return (
        AccompagnementFactory(usager=usager),
        DroitFactory(usager=usager),
        MesureASLLFactory(usager=usager),
        SituationACORFactory(usager=usager),
    )


def partout(code: str) -> dict[str, str]:
    return dict.fromkeys(("Accompagnement", "Droit", "MesureASLL", "SituationACOR"), code)


def _communes(dossiers):
    for dossier in dossiers:
        dossier.refresh_from_db()
    return {type(d).__name__: d.commune_actuelle_id for d in dossiers}


def test_un_dossier_cree_porte_la_commune_de_la_personne():
    dossiers = _dossiers(UsagerFactory(code_commune=CHENOVE))
    assert _communes(dossiers) == partout(CHENOVE)


def test_un_dossier_ouvert_avec_une_copie_perimee_de_la_personne_prend_sa_commune_du_jour():
    usager = UsagerFactory(code_commune=DIJON)
    copie = Usager.objects.get(pk=usager.pk)
    usager_modifier(usager=usager, par=administrateur_habilite(), commune=Commune.objects.get(pk=LONGVIC))

    assert copie.commune_id == DIJON
    assert AccompagnementFactory(usager=copie).commune_actuelle_id == LONGVIC


def test_un_demenagement_fait_suivre_les_dossiers_sans_changer_leur_version(client_de):
    usager = UsagerFactory(code_commune=DIJON)
    dossiers = _dossiers(usager)
    versions = [d.version for d in dossiers]

    usager_modifier(
        usager=usager,
        par=administrateur_habilite(),
        commune=Commune.objects.get(pk=LONGVIC),
        date_demenagement=datetime.date(2025, 3, 1),
    )

    assert _communes(dossiers) == partout(LONGVIC)
    assert [d.version for d in dossiers] == versions  # nothing a worker edits has changed
    for role, liste in (("acces_droits", "accompagnements"), ("acces_droits", "droits"),
                        ("asll", "asll/mesures"), ("acor", "acor/situations")):  # fmt: skip
        assert client_de(agent(role, DIJON)).get(f"/api/v1/{liste}/").json()["count"] == 0, liste
        assert client_de(agent(role, LONGVIC)).get(f"/api/v1/{liste}/").json()["count"] == 1, liste


def test_une_copie_lue_avant_le_demenagement_ne_remet_pas_l_ancienne_commune():
    usager = UsagerFactory(code_commune=DIJON)
    accompagnement = AccompagnementFactory(usager=usager)
    copie = Accompagnement.objects.get(pk=accompagnement.pk)

    usager.commune = Commune.objects.get(pk=CHENOVE)
    usager.save()
    copie.date_debut = datetime.date(2024, 1, 3)
    copie.save()

    copie.refresh_from_db()
    assert (copie.date_debut, copie.commune_actuelle_id) == (datetime.date(2024, 1, 3), CHENOVE)


def test_une_fusion_donne_aux_dossiers_la_commune_de_la_fiche_conservee():
    conservee = UsagerFactory(code_commune=CHENOVE)
    doublon = UsagerFactory(code_commune=DIJON)
    dossiers = _dossiers(doublon)

    usager_fusionner(conserve=conservee, doublon=doublon, par=administrateur_habilite())

    assert _communes(dossiers) == partout(CHENOVE)


@pytest.mark.postgres
def test_la_base_tient_la_commune_a_jour_quel_que_soit_le_chemin():
    """On PostgreSQL a composite foreign key ON UPDATE CASCADE: even a raw `update()` of the person,
    which no Python code sees, moves her records; a record cannot name another commune."""
    usager = UsagerFactory(code_commune=DIJON)
    dossiers = _dossiers(usager)

    Usager.objects.filter(pk=usager.pk).update(commune_id=LONGVIC)

    assert _communes(dossiers) == partout(LONGVIC)
    for modele in (Accompagnement, Droit, MesureASLL, SituationACOR):
        with pytest.raises(IntegrityError), transaction.atomic():
            modele.objects.filter(usager=usager).update(commune_actuelle_id=CHENOVE)
