"""The report's deadline: from 1 February a reminder to every administrator that the past year's
report is due by 31 March, then weekly until the year is locked, and one on locking — each created
exactly once per recipient and day, whatever the number of scans."""

import datetime

import pytest
from django.utils import timezone

from indicateurs.echeances import OBJET_RAPPORT, RAPPORT_A_RENDRE, RAPPORT_VERROUILLE, jour_du_rappel
from indicateurs.models import AnneeVerrouillee
from notifications.models import Notification, types_de_rappel
from notifications.services import rappels_creer
from tests.comptes.factories import UserFactory, administrateur_habilite

pytestmark = pytest.mark.django_db

J = datetime.date


def _du_rapport(type_=RAPPORT_A_RENDRE):
    return Notification.objects.filter(type=type_).order_by("objet_id", "destinataire_id")


def test_rien_en_janvier_puis_un_par_administrateur_et_par_semaine():
    admins = [administrateur_habilite(), administrateur_habilite()]
    UserFactory()  # not an administrator: never reminded
    rappels_creer(jour=J(2021, 1, 31))
    assert not _du_rapport().exists()

    for _ in range(3):  # the scan is run again and again on the same days
        rappels_creer(jour=J(2021, 2, 1))
        rappels_creer(jour=J(2021, 2, 5))
    assert sorted(_du_rapport().values_list("objet_id", "destinataire_id")) == [
        (20210201, admins[0].pk),
        (20210201, admins[1].pk),
    ]
    rappel = _du_rapport().first()
    assert "2020" in rappel.titre and "31/03/2021" in rappel.message

    rappels_creer(jour=J(2021, 2, 8))
    rappels_creer(jour=J(2021, 4, 6))  # late: only the latest week's, flagged as late
    assert sorted(set(_du_rapport().values_list("objet_id", flat=True))) == [20210201, 20210208, 20210405]
    assert _du_rapport().filter(objet_id=20210405).first().message.startswith("EN RETARD")
    assert _du_rapport().filter(objet_type=OBJET_RAPPORT).count() == 6


def test_une_annee_verrouillee_arrete_les_rappels_et_le_verrou_est_annonce_une_fois():
    admin = administrateur_habilite()
    rappels_creer(jour=J(2021, 2, 1))
    AnneeVerrouillee.objects.create(annee=2020, par=admin)
    # The day in the métropole's time zone, as the scan reads `verrouillee_le__date` (a UTC date is
    # the day before between 23:00 and midnight UTC).
    aujourd_hui = timezone.localdate(AnneeVerrouillee.objects.get().verrouillee_le)
    rappels_creer(jour=J(2021, 2, 8))
    assert list(_du_rapport().values_list("objet_id", flat=True)) == [20210201]
    rappels_creer(jour=aujourd_hui)
    rappels_creer(jour=aujourd_hui)
    assert _du_rapport(RAPPORT_VERROUILLE).count() == 1
    assert RAPPORT_A_RENDRE in dict(types_de_rappel())


def test_le_jour_du_rappel_hebdomadaire():
    assert jour_du_rappel(J(2021, 1, 31)) is None
    assert jour_du_rappel(J(2021, 2, 1)) == J(2021, 2, 1)
    assert jour_du_rappel(J(2021, 2, 14)) == J(2021, 2, 8)
    assert jour_du_rappel(J(2024, 3, 31)) == J(2024, 3, 28)
