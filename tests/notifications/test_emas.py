"""An EMAS follow-up with no intervention for 30 days reminds the team members who worked on it —
never anyone outside the team — and no message or e-mail names the person or says more."""

import datetime

import pytest
from django.core import mail

from comptes.models import Profession
from comptes.roles import Role
from emas.rappels import EMAS_SANS_INTERVENTION
from emas.services import suivi_cloturer
from notifications.models import Notification
from notifications.services import rappels_envoyer
from tests.comptes.factories import UserFactory, agent
from tests.emas.factories import intervention, membre, suivi
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db
D = datetime.date
SCAN = D(2026, 4, 20)


@pytest.fixture
def equipe():
    return {
        "referente": membre(DIJON, email="referente@example.org"),
        "psy": membre(DIJON, profession=Profession.PSYCHOLOGUE, email="psy@example.org"),
        "collegue": membre(DIJON, email="collegue@example.org"),  # in the team, never on this case
    }


def _destinataires(type_=EMAS_SANS_INTERVENTION.code):
    return set(Notification.objects.filter(type=type_).values_list("destinataire__username", flat=True))


def test_rappel_aux_seuls_membres_qui_ont_travaille_sur_le_suivi(equipe):
    personne = UsagerFactory(code_commune=DIJON, nom="CONFIDENTIEL", date_naissance=D(1970, 1, 1))
    s = suivi(equipe["referente"], personne, date=D(2026, 3, 1))
    intervention(equipe["referente"], s, date=D(2026, 3, 10), intervenants=[equipe["psy"]])
    agent(Role.ENCADRANT, DIJON, email="encadrant@example.org")
    UserFactory(administrateur=True, email="admin@example.org")

    rappels_envoyer(jour=SCAN)  # last intervention 10 March: 41 days

    assert _destinataires() == {equipe["referente"].username, equipe["psy"].username}
    textes = " ".join(
        f"{m.subject} {m.body} {' '.join(a[0] for a in getattr(m, 'alternatives', []))}" for m in mail.outbox
    )
    # The administrator hears of the yearly report's deadline (indicateurs.echeances), nothing else.
    assert {a for m in mail.outbox for a in m.to} - {"admin@example.org"} == {
        "referente@example.org",
        "psy@example.org",
    }
    assert set(
        Notification.objects.filter(destinataire__email="admin@example.org").values_list("type", flat=True)
    ) <= {"rapport_a_rendre"}
    for indice in ("CONFIDENTIEL", personne.prenom, "1970", "incurie", "Gardienne"):
        assert indice not in textes


def test_pas_de_rappel_avant_30_jours_ni_pour_un_suivi_clos(equipe):
    ancien = suivi(
        equipe["referente"],
        UsagerFactory(code_commune=DIJON, date_naissance=D(1970, 1, 1)),
        date=D(2026, 1, 5),
    )
    suivi_cloturer(suivi=ancien, par=equipe["referente"], date_fin=D(2026, 2, 1), motif_fin="relais_soins")
    recent = suivi(
        equipe["referente"],
        UsagerFactory(code_commune=DIJON, date_naissance=D(1970, 1, 1)),
        date=D(2026, 3, 1),
    )
    intervention(equipe["referente"], recent, date=D(2026, 4, 1))  # 19 days before the scan

    rappels_envoyer(jour=SCAN)

    assert _destinataires() == set()


def test_deux_passages_un_seul_rappel(equipe):
    suivi(
        equipe["referente"],
        UsagerFactory(code_commune=DIJON, date_naissance=D(1970, 1, 1)),
        date=D(2026, 1, 5),
    )

    rappels_envoyer(jour=SCAN)
    rappels_envoyer(jour=SCAN + datetime.timedelta(days=1))

    assert Notification.objects.filter(type=EMAS_SANS_INTERVENTION.code).count() == 1
    assert len(mail.outbox) == 1
