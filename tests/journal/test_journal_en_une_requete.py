"""On PostgreSQL a list's page and its access journal's entries are one statement
(`config.sql.lire_page`, the journal's `EcritureJointe`): the entries are those the three-statement
path writes (count, page, then `journaliser` told by `dossiers_consultes`), row for row — the record,
its person, its compartment or the reading team's — on every list of the API, for a member of the
EMAS team too (whatever she reads is stamped with her team's compartment)."""

from unittest import mock

import pytest
from django.core.management import call_command

from comptes.models import User
from journal.models import EntreeJournal, Origine
from tests.config.test_grammaire import LISTES

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

CHAMPS = ("auteur_id", "auteur", "action", "origine", "objet_type", "objet_id", "usager_id", "compartiment")


@pytest.fixture
def donnees():
    call_command("generer_donnees", usagers=60, seed=11, contacts_par_suivi=2, verbosity=0)


def _entrees_de(client, url: str, params: dict) -> tuple[list[tuple], dict]:
    avant = EntreeJournal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    reponse = client.get(url, params)
    assert reponse.status_code == 200 or (params.get("page") and reponse.status_code == 404), reponse.content
    entrees = EntreeJournal.objects.filter(pk__gt=avant, origine=Origine.API).values_list(*CHAMPS)
    return sorted(entrees), reponse.json()  # a page past the end: 404, nothing journaled


LECTURES = [("encadrant", liste) for liste in ["usagers", *LISTES] if not liste.startswith("emas/")] + [
    ("emas", liste) for liste in ["usagers", *LISTES] if liste.startswith(("emas/", "usagers"))
]


@pytest.mark.parametrize(("lecteur", "liste"), LECTURES)
@pytest.mark.parametrize(
    "params", [{"page_size": 7}, {"page_size": 7, "page": 2}, {"page_size": 7, "curseur": ""}]
)
def test_la_page_et_son_journal_en_une_requete_ecrivent_ce_qu_ecrit_le_chemin_en_trois(
    client_de, donnees, lecteur, liste, params
):
    if lecteur == "emas":
        user = User.objects.filter(username__startswith="emas.").order_by("username").first()
    else:
        user = User.objects.filter(groups__name="encadrant").order_by("username").first()
    client = client_de(user)
    url = f"/api/v1/{liste}/"

    en_une, reponse_une = _entrees_de(client, url, params)
    with mock.patch("config.api.pagination.page_lisible_en_une_requete", return_value=False):
        en_trois, reponse_trois = _entrees_de(client, url, params)

    assert reponse_une == reponse_trois
    assert en_une == en_trois
    assert len(en_une) == len(reponse_une.get("results", []))  # each row shown, once
    if lecteur == "emas" and en_une:
        assert {e[CHAMPS.index("compartiment")] for e in en_une} == {"emas"}
