"""Action 2.3 follows the grammar of every dispositif (docs/ARCHITECTURE.md, tests/config/test_grammaire.py):
the same filters, one closing verb, one « introuvable », one rule per bound on every path."""

import pytest
from django.core.exceptions import ValidationError

from config.api.fields import INTROUVABLE
from config.errors import RegleMetierError
from emas.models import Intervention
from emas.services import intervention_modifier
from emas.validators import MESSAGE_DUREE
from tests.emas.factories import intervention, membre, suivi
from tests.usagers.factories import DIJON

pytestmark = pytest.mark.django_db

LISTES = ["emas/signalements", "emas/suivis", "emas/interventions"]


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize("liste", LISTES)
def test_chaque_liste_a_les_memes_filtres(schema, liste):
    parametres = {p["name"] for p in schema["paths"][f"/api/v1/{liste}/"]["get"]["parameters"]}

    assert {
        "du",
        "au",
        "usager",
        "commune",
        "commune_evenement",
        "referent",
        "page",
        "page_size",
    } <= parametres
    assert not {p for p in parametres if p.endswith(("_min", "_max"))}


def test_un_seul_verbe_de_cloture(schema):
    assert "/api/v1/emas/suivis/{id}/cloturer/" in schema["paths"]
    assert "post" not in schema["paths"]["/api/v1/emas/suivis/"]  # opened by accepting a referral


@pytest.mark.parametrize("liste", LISTES)
def test_introuvable_un_seul_message(client_de, liste):
    reponse = client_de(membre()).get(f"/api/v1/{liste}/987654321/")

    assert (reponse.status_code, reponse.json()) == (404, {"detail": INTROUVABLE, "code": "introuvable"})


@pytest.mark.parametrize("liste", LISTES)
def test_referent_malforme_400(client_de, liste):
    reponse = client_de(membre()).get(f"/api/v1/{liste}/", {"referent": "²"})

    assert reponse.status_code == 400
    assert "referent" in reponse.json()


def test_duree_d_une_intervention_une_regle_sur_chaque_chemin(client_de, client):
    equipe = membre(DIJON)
    i = intervention(equipe, suivi(equipe))

    api = client_de(equipe).patch(
        f"/api/v1/emas/interventions/{i.pk}/", {"duree_minutes": 1441}, format="json"
    )
    assert (api.status_code, api.json()["duree_minutes"]) == (400, [MESSAGE_DUREE])

    with pytest.raises(ValidationError) as erreur:
        Intervention(duree_minutes=0).clean_fields(
            exclude=[f.name for f in Intervention._meta.fields if f.name != "duree_minutes"]
        )
    assert erreur.value.message_dict["duree_minutes"] == [MESSAGE_DUREE]

    with pytest.raises(RegleMetierError) as refus:
        intervention_modifier(intervention=i, par=equipe, duree_minutes=0)
    assert (refus.value.champ, refus.value.message) == ("duree_minutes", MESSAGE_DUREE)

    client.force_login(equipe)
    admin = client.post(
        f"/admin/emas/intervention/{i.pk}/change/",
        {
            "date": str(i.date),
            "type": i.type,
            "intervenants": [equipe.pk],
            "duree_minutes": "0",
            "notes": "",
            "version_lue": i.version,
        },
    )
    assert admin.status_code == 200
    assert MESSAGE_DUREE in str(admin.context["adminform"].form.errors)
    i.refresh_from_db()
    assert i.duree_minutes == 90
