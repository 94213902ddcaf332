"""The four indicators of action 2.3 (contributed by `emas/indicateurs.py`) against hand counts,
and their anonymised publication to a supervisor, who never reads an EMAS record."""

import datetime

import pytest
from django.db.models import Q
from django.test import override_settings

from communes.models import Commune
from comptes.models import Profession
from comptes.roles import Role
from emas.services import signalement_refuser, suivi_cloturer
from emas.validators import Origine, TypeIntervention
from indicateurs.calcul import compter
from indicateurs.registre import indicateur
from tests.comptes.factories import agent
from tests.emas.factories import intervention, membre, signalement, suivi
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.services import usager_modifier

pytestmark = pytest.mark.django_db

J = datetime.date(2026, 6, 1)
JUIN = {"du": J, "au": datetime.date(2026, 6, 30)}


def jour(n: int) -> datetime.date:
    return J + datetime.timedelta(days=n)


@pytest.fixture
def monde(settings):
    """June 2026. Dijon: referral A accepted (2 interventions, closed with access to care and kept at
    home), referral B refused. Chenôve: referral C accepted, one intervention by two professions,
    still open. A person referred in Dijon on 5 June moved to Chenôve on 20 June, recorded before
    the referral was: the referral counts in Dijon. May: one referral outside the period."""
    infirmier = membre(DIJON, CHENOVE, profession=Profession.INFIRMIER)
    psy = membre(DIJON, CHENOVE, profession=Profession.PSYCHOLOGUE)
    adulte = {"date_naissance": datetime.date(1970, 1, 1)}
    a = suivi(infirmier, UsagerFactory(code_commune=DIJON, **adulte), date=jour(1))
    intervention(infirmier, a, date=jour(2))
    intervention(infirmier, a, date=jour(9), type=TypeIntervention.APPEL)
    suivi_cloturer(
        suivi=a,
        par=infirmier,
        date_fin=jour(20),
        motif_fin="relais_soins",
        acces_soins_cmp=True,
        maintien_domicile=True,
    )
    b = signalement(infirmier, UsagerFactory(code_commune=DIJON, **adulte), date=jour(3))
    signalement_refuser(signalement=b, par=infirmier, motif_refus="Suivi psychiatrique en cours.")
    c = suivi(infirmier, UsagerFactory(code_commune=CHENOVE, **adulte), date=jour(4), origine=Origine.ORVITIS)
    intervention(infirmier, c, date=jour(6), intervenants=[infirmier, psy])
    demenage = UsagerFactory(code_commune=DIJON, **adulte)
    usager_modifier(
        usager=demenage,
        par=agent("acces_droits", DIJON, CHENOVE),
        commune=Commune.objects.get(pk=CHENOVE),
        date_demenagement=jour(19),
    )
    signalement(infirmier, demenage, date=jour(4))
    signalement(infirmier, UsagerFactory(code_commune=DIJON, **adulte), date=J - datetime.timedelta(days=3))
    return {"infirmier": infirmier}


def _compter(identifiant, dims):
    return {cle: v for cle, v in compter(indicateur(identifiant), filtre=Q(), dims=dims, **JUIN).items() if v}


def test_signalements_par_commune_origine_et_decision(monde):
    assert _compter("2.3.signalements", ["commune"]) == {(DIJON,): 3, (CHENOVE,): 1}
    assert _compter("2.3.signalements", ["decision"]) == {("accepte",): 2, ("refuse",): 1, ("en_attente",): 1}
    assert _compter("2.3.signalements", ["origine"])[(Origine.ORVITIS,)] == 1


def test_personnes_suivies_et_interventions(monde):
    assert _compter("2.3.personnes_suivies", ["commune"]) == {(DIJON,): 1, (CHENOVE,): 1}
    assert _compter("2.3.interventions", []) == {(): 3}
    assert _compter("2.3.interventions", ["type"]) == {("visite_domicile",): 2, ("appel",): 1}
    # An intervention counts once for each profession that took part in it.
    assert _compter("2.3.interventions", ["profession"]) == {("infirmier",): 3, ("psychologue",): 1}


def test_resultats_des_suivis_clos(monde):
    assert _compter("2.3.resultats", []) == {(): 1}
    assert _compter("2.3.resultats", ["acces_soins"]) == {("oui",): 1}
    assert _compter("2.3.resultats", ["maintien_domicile"]) == {("oui",): 1}
    assert _compter("2.3.resultats", ["rupture_parcours"]) == {("non",): 1}


@override_settings(INDICATEURS_SEUIL_SECRET=5)
def test_un_encadrant_ne_lit_que_des_comptes_proteges(monde, client_de):
    encadrante = agent(Role.ENCADRANT, DIJON, CHENOVE)
    client = client_de(encadrante)

    reponse = client.get(
        "/api/v1/indicateurs/valeurs/",
        {"indicateur": "2.3.signalements", "du": "2026-06-01", "au": "2026-06-30", "par": "commune"},
    )

    assert reponse.status_code == 200, reponse.content
    corps = reponse.json()
    assert all(
        ligne["secret"] and ligne["valeur"] is None for ligne in corps["lignes"] if ligne["valeur"] != 0
    )
    assert client.get("/api/v1/emas/signalements/").json()["count"] == 0
