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


def test_suivis_actifs_dans_la_periode_et_non_les_seuls_signalements_de_la_periode(monde):
    """A follow-up opened in May and still running is active in June (2.3's files active), though its
    referral is May's; one closed in May is not. Counted by the referral's commune."""
    infirmier = monde["infirmier"]
    adulte = {"date_naissance": datetime.date(1970, 1, 1)}
    mai = J - datetime.timedelta(days=20)
    suivi(infirmier, UsagerFactory(code_commune=DIJON, **adulte), date=mai)
    clos_en_mai = suivi(infirmier, UsagerFactory(code_commune=CHENOVE, **adulte), date=mai)
    fin_mai = J - datetime.timedelta(days=2)
    suivi_cloturer(suivi=clos_en_mai, par=infirmier, date_fin=fin_mai, motif_fin="autre")

    assert _compter("2.3.suivis_actifs", ["commune"]) == {(DIJON,): 2, (CHENOVE,): 1}
    assert _compter("2.3.suivis_actifs", []) == {(): 3}
    # By month, a follow-up counts in each month it ran: May holds both May follow-ups only.
    mai_juin = compter(
        indicateur("2.3.suivis_actifs"),
        filtre=Q(),
        dims=["mois"],
        du=datetime.date(2026, 5, 1),
        au=datetime.date(2026, 6, 30),
    )
    assert mai_juin == {("2026-05",): 2, ("2026-06",): 3}
    # The referrals of June are another figure: the May follow-ups are not among them.
    assert _compter("2.3.signalements", []) == {(): 4}


def test_les_origines_de_la_fiche_sont_des_categories_du_signalement(monde):
    infirmier = monde["infirmier"]
    adulte = {"date_naissance": datetime.date(1970, 1, 1)}
    for origine in (Origine.SERVICE_SOCIAL_METROPOLITAIN, Origine.CCAS):
        signalement(infirmier, UsagerFactory(code_commune=DIJON, **adulte), date=jour(7), origine=origine)

    comptes = _compter("2.3.signalements", ["origine"])
    assert comptes[(Origine.SERVICE_SOCIAL_METROPOLITAIN,)] == 1
    assert comptes[(Origine.CCAS,)] == 1
    domaine = dict(indicateur("2.3.signalements").ventilation("origine").domaine)
    assert domaine["service_social_metropolitain"] == "Service social métropolitain (Dijon métropole)"
    assert domaine["ccas"] == "CCAS d'une commune"


@override_settings(INDICATEURS_SEUIL_SECRET=5)
def test_un_encadrant_ne_lit_les_suivis_actifs_que_proteges(monde, client_de):
    """The active follow-ups are read like every EMAS count: anonymised, small cells secret, and no
    EMAS record reachable."""
    client = client_de(agent(Role.ENCADRANT, DIJON, CHENOVE))
    reponse = client.get(
        "/api/v1/indicateurs/valeurs/",
        {"indicateur": "2.3.suivis_actifs", "du": "2026-06-01", "au": "2026-06-30", "par": "commune"},
    )
    assert reponse.status_code == 200, reponse.content
    lignes = [ligne for ligne in reponse.json()["lignes"] if ligne["valeur"] != 0]
    assert lignes and all(ligne["secret"] and ligne["valeur"] is None for ligne in lignes)
    assert reponse.json()["total"]["secret"] is True
    assert client.get("/api/v1/emas/suivis/").json()["count"] == 0
