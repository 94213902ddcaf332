"""A reference to an account (a référent, EMAS intervenants) answers one message whether the id is
unknown, an inactive account or an account that may not hold the record: the answer never tells
which accounts exist (an existing id once got « Le référent doit être… », an unknown one « Compte
introuvable. »)."""

import datetime

import pytest
from django.utils import timezone

from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import UserFactory, agent
from tests.emas.factories import membre, signalement, suivi
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db
HIER = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def _usager():
    return UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))


def _accompagnement():
    return agent("acces_droits", DIJON), "/api/v1/accompagnements/", {"usager": _usager().pk}, "referent"


def _mesure():
    corps = {
        "usager": _usager().pk,
        "type": "acces",
        "date_debut": HIER,
        "duree_mois": 6,
        "objectifs": ["budget"],
    }
    return agent("asll", DIJON), "/api/v1/asll/mesures/", corps, "referent"


def _situation():
    corps = {"usager": _usager().pk, "date_orientation": HIER, "difficultes": ["sociale"]}
    return agent("acor", DIJON), "/api/v1/acor/situations/", corps, "referent"


def _acceptation():
    equipe = membre(DIJON)
    return equipe, f"/api/v1/emas/signalements/{signalement(equipe).pk}/accepter/", {}, "referent"


def _intervention():
    equipe = membre(DIJON)
    s = suivi(equipe)
    corps = {"suivi": s.pk, "date": s.date_debut.isoformat(), "type": "appel", "duree_minutes": 10}
    return equipe, "/api/v1/emas/interventions/", corps, "intervenants"


@pytest.mark.parametrize("cas", [_accompagnement, _mesure, _situation, _acceptation, _intervention])
def test_un_seul_message_qu_un_compte_existe_ou_non(client_de, cas):
    auteur, url, corps, champ = cas()
    sans_habilitation = UserFactory()
    inactif = agent("acces_droits", DIJON)
    AccompagnementFactory(usager=_usager(), referent=inactif)  # an account that held files
    type(inactif).objects.filter(pk=inactif.pk).update(is_active=False)
    client = client_de(auteur)

    messages = set()
    for compte in (987654321, sans_habilitation.pk, inactif.pk):
        valeur = [compte] if champ == "intervenants" else compte
        reponse = client.post(url, {**corps, champ: valeur}, format="json")
        assert reponse.status_code == 400, reponse.content
        messages.add(tuple(reponse.json()[champ]))

    assert len(messages) == 1, messages
