"""Issue 23: where records named a partner in free text or codes (the démarche's body, an ASLL
orientation at closing, an EMAS origin or reorientation, an ACOR referrer) they point to the
directory; a deactivated partner is refused on input and kept where a record already names it."""

import datetime

import pytest

from accompagnements.models import Demarche
from partenaires.models import Partenaire
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import agent
from tests.emas.factories import membre, signalement
from tests.logement.factories import MesureASLLFactory
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

HIER = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


def _partenaire(nom: str) -> Partenaire:
    return Partenaire.objects.get(nom__contains=nom)


def test_une_demarche_pointe_l_annuaire_et_garde_son_partenaire_desactive(client_de):
    agente = agent("acces_droits", DIJON)
    client = client_de(agente)
    accompagnement = AccompagnementFactory(usager__code_commune=DIJON, referent=agente)
    caf = _partenaire("(CAF)")
    corps = {"accompagnement": accompagnement.pk, "type": "caf", "date": HIER, "statut": "faite"}

    cree = client.post("/api/v1/demarches/", {**corps, "partenaire": caf.pk}, format="json")
    assert cree.status_code == 201, cree.json()
    assert cree.json()["partenaire"] == caf.pk

    Partenaire.objects.filter(pk=caf.pk).update(actif=False)
    refuse = client.post("/api/v1/demarches/", {**corps, "partenaire": caf.pk}, format="json")
    assert refuse.status_code == 400 and "partenaire" in refuse.json()
    # the démarche that named it keeps it, and is still edited
    modifie = client.patch(
        f"/api/v1/demarches/{cree.json()['id']}/", {"note": "Dossier complet."}, format="json"
    )
    assert modifie.status_code == 200 and modifie.json()["partenaire"] == caf.pk
    assert Demarche.objects.count() == 1


def test_une_mesure_asll_close_par_une_orientation_vers_un_partenaire(client_de):
    travailleur = agent("asll", DIJON)
    mesure = MesureASLLFactory(usager__code_commune=DIJON, referent=travailleur)
    fsl = _partenaire("(FSL)")

    reponse = client_de(travailleur).post(
        f"/api/v1/asll/mesures/{mesure.pk}/cloturer/",
        {"date_fin": HIER, "issue": "orientation", "orientation": "autre", "orientation_partenaire": fsl.pk},
        format="json",
    )

    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["orientation_partenaire"] == fsl.pk


def test_un_signalement_emas_nomme_son_origine_et_sa_reorientation_dans_l_annuaire(client_de):
    equipe = membre(DIJON)
    client = client_de(equipe)
    s = signalement(equipe, origine_partenaire=_partenaire("Orvitis"))
    cmp = _partenaire("(CMP)")

    reponse = client.post(
        f"/api/v1/emas/signalements/{s.pk}/reorienter/", {"reoriente_vers_partenaire": cmp.pk}, format="json"
    )

    assert reponse.status_code == 200, reponse.json()
    corps = reponse.json()
    assert corps["origine_partenaire"] == _partenaire("Orvitis").pk
    assert corps["reoriente_vers_partenaire"] == cmp.pk and corps["reoriente_vers"] == cmp.nom


def test_une_situation_acor_nomme_son_prescripteur_dans_l_annuaire(client_de):
    intervenant = agent("acor", DIJON)
    personne = UsagerFactory(code_commune=DIJON)
    ccas = _partenaire("CCAS de Dijon")

    reponse = client_de(intervenant).post(
        "/api/v1/acor/situations/",
        {
            "usager": personne.pk,
            "date_orientation": HIER,
            "difficultes": ["isolement"],
            "prescripteur": "ccas",
            "prescripteur_partenaire": ccas.pk,
        },
        format="json",
    )

    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["prescripteur_partenaire"] == ccas.pk
