"""Issue 22, reproduction 1: the EMAS perimeter (the 5 CLS communes) is read at the referral's date,
where the referral is counted — not at the person's current commune."""

import datetime

import pytest

from communes.models import Commune
from emas.models import Signalement
from tests.comptes.factories import administrateur_habilite
from tests.emas.factories import OUI, membre
from tests.usagers.factories import DIJON
from usagers.services import usager_creer, usager_modifier

pytestmark = pytest.mark.django_db

URL = "/api/v1/emas/signalements/"
AHUY = "21003"
TOUTES = ("21003", "21166", "21231", "21355", "21515", "21617")


def _personne_de_ahuy_installee_a_dijon_le(jour: datetime.date):
    admin = administrateur_habilite()
    personne = usager_creer(
        par=admin,
        nom="Ahuy",
        prenom="Puis Dijon",
        date_naissance=datetime.date(1970, 1, 1),
        commune=Commune.objects.get(pk=AHUY),
    )
    return usager_modifier(
        usager=personne, par=admin, commune=Commune.objects.get(pk=DIJON), date_demenagement=jour
    )


def test_un_signalement_date_d_avant_le_demenagement_hors_cls_est_refuse(client_de):
    equipe = membre(*TOUTES)
    personne = _personne_de_ahuy_installee_a_dijon_le(datetime.date(2026, 4, 1))

    reponse = client_de(equipe).post(
        URL,
        {"usager": personne.pk, "date": "2026-03-01", "origine": "orvitis", "motifs": ["danger_soi"], **OUI},
        format="json",
    )

    assert reponse.status_code == 400, reponse.json()
    assert "Ahuy" in reponse.json()["usager"][0]
    assert "01/03/2026" in reponse.json()["usager"][0]
    assert not Signalement.objects.exists()


def test_un_signalement_date_d_apres_le_demenagement_est_accepte_et_compte_a_dijon(client_de):
    equipe = membre(*TOUTES)
    personne = _personne_de_ahuy_installee_a_dijon_le(datetime.date(2026, 4, 1))

    reponse = client_de(equipe).post(
        URL,
        {"usager": personne.pk, "date": "2026-04-02", "origine": "orvitis", "motifs": ["danger_soi"], **OUI},
        format="json",
    )

    assert reponse.status_code == 201, reponse.json()
    assert Signalement.objects.get().commune_id == DIJON
