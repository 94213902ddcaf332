"""Consistency of the models: a followed person's history is never deleted along with them."""

import pytest
from django.apps import apps
from django.db import models

from logement.models import MesureASLL, PointEtape, SituationACOR
from tests.comptes.factories import administrateur_habilite
from tests.logement.factories import MesureASLLFactory, SituationACORFactory
from usagers.models import Usager
from usagers.services import usager_supprimer

pytestmark = pytest.mark.django_db


def test_aucune_cle_etrangere_ne_supprime_en_cascade_un_dossier_du_pacte():
    cascades = [
        f"{modele.__name__}.{champ.name}"
        for modele in apps.get_app_config("logement").get_models()
        for champ in modele._meta.get_fields()
        if isinstance(champ, models.ForeignKey) and champ.remote_field.on_delete is models.CASCADE
    ]
    # only the per-objective progress follows its checkpoint (a detail of that one record)
    assert cascades == ["ProgressionObjectif.point_etape"]


def test_un_usager_suivi_ne_peut_pas_etre_supprime():
    usager = MesureASLLFactory().usager
    SituationACORFactory(usager=usager)

    with pytest.raises(models.ProtectedError):
        usager_supprimer(usager=usager, par=administrateur_habilite())  # deleting: administrators only

    assert Usager.objects.filter(pk=usager.pk).exists()
    assert MesureASLL.objects.count() == 1
    assert PointEtape.objects.count() == 3
    assert SituationACOR.objects.count() == 1


def test_supprimer_un_usager_suivi_via_l_api_repond_409(client_de):
    mesure = MesureASLLFactory()

    reponse = client_de(administrateur_habilite()).delete(f"/api/v1/usagers/{mesure.usager_id}/")

    assert reponse.status_code == 409
    assert Usager.objects.filter(pk=mesure.usager_id).exists()
