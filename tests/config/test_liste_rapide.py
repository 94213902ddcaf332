"""A list's page rendered by `config.api.serializers.ListeRapide` (fields resolved once per page) is
exactly what DRF's own list serializer renders, on every list of the API, with data of every
dispositif (the bench's generator)."""

from unittest import mock

import pytest
from django.core.management import call_command
from rest_framework import serializers

from comptes.models import User
from config.api.serializers import ListeRapide
from tests.config.test_grammaire import LISTES

pytestmark = [pytest.mark.django_db, pytest.mark.connexion]


@pytest.fixture
def donnees():
    call_command("generer_donnees", usagers=80, seed=7, contacts_par_suivi=2, verbosity=0)


def _lecteur_de(liste: str) -> User:
    if liste.startswith("emas/"):
        return User.objects.filter(username__startswith="emas.").order_by("username").first()
    return User.objects.filter(groups__name="encadrant").order_by("username").first()


@pytest.mark.parametrize("liste", ["usagers", *LISTES])
def test_la_liste_rapide_rend_ce_que_rend_drf(client_de, donnees, liste):
    client = client_de(_lecteur_de(liste))
    url = f"/api/v1/{liste}/"

    rapide = client.get(url, {"page_size": 200})
    with mock.patch.object(ListeRapide, "to_representation", serializers.ListSerializer.to_representation):
        drf = client.get(url, {"page_size": 200})

    assert rapide.status_code == drf.status_code == 200, rapide.content
    assert rapide.json() == drf.json()
    if liste in ("usagers", "accompagnements", "droits", "asll/mesures", "acor/situations", "emas/suivis"):
        assert rapide.json()["results"], f"{liste} : aucune ligne à comparer"


@pytest.mark.parametrize("fuseau", ["Europe/Paris", "UTC", "America/Cayenne", "Pacific/Chatham"])
def test_un_instant_se_lit_comme_drf_l_ecrit(fuseau):
    """An instant column is read without DRF's per-value walk (`_lire_instant`): the same text as
    `DateTimeField.to_representation` in every active time zone, `Z` for UTC, either side of a
    change of hour; a naive value or text takes DRF's own path."""
    from datetime import UTC, datetime, timedelta

    from django.utils import timezone

    from accompagnements.models import Accompagnement
    from config.api.serializers import _lecteur, _lire_instant

    champ = serializers.DateTimeField()
    champ.bind("cree_le", serializers.Serializer())
    lire, pur = _lecteur(champ, Accompagnement)
    assert pur and lire.func is _lire_instant
    instants = [datetime(2026, 3, 29, 0, 30, tzinfo=UTC) + timedelta(minutes=30 * i) for i in range(6)]
    with timezone.override(fuseau):
        for valeur in [*instants, datetime(2026, 10, 25, 0, 59, 59, 123456, tzinfo=UTC), None]:
            objet = mock.Mock(cree_le=valeur)
            assert lire(objet) == (None if valeur is None else champ.to_representation(valeur)), valeur
        naif = mock.Mock(cree_le=datetime(2026, 7, 1, 12, 0))
        assert lire(naif) == champ.to_representation(naif.cree_le)
