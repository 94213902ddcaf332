"""`GET /api/v1/emas/evaluation/`: the team's own figures, against counts made by hand."""

import pytest

from comptes.models import Profession
from emas.services import signalement_refuser, signalement_reorienter, suivi_cloturer
from tests.emas.factories import intervention, jours, membre, signalement, suivi
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

QUETIGNY = "21515"


def _compte(liste, code, cle="nombre"):
    return next(ligne[cle] for ligne in liste if ligne["code"] == code)


@pytest.fixture
def equipe():
    return {
        "I": membre(DIJON, CHENOVE, profession=Profession.INFIRMIER),
        "P": membre(DIJON, CHENOVE, profession=Profession.PSYCHOLOGUE),
        "T": membre(DIJON, CHENOVE, profession=Profession.TRAVAILLEUR_SOCIAL),
    }


@pytest.fixture
def fiche(equipe):
    """The period is [today - 100 days, today - 10 days]."""
    i, p, t = equipe["I"], equipe["P"], equipe["T"]
    # S1: received in the period, accepted, followed, closed in the period
    a = suivi(i, date=jours(90), date_decision=jours(88), origine="grand_dijon_habitat")
    intervention(i, a, date=jours(80), type="visite_domicile", intervenants=[i, p], duree_minutes=60)
    intervention(i, a, date=jours(50), type="appel", intervenants=[t], duree_minutes=15)
    suivi_cloturer(
        suivi=a,
        par=i,
        date_fin=jours(20),
        motif_fin="relais_soins",
        acces_soins_cmp=True,
        acces_soins_medecin_traitant=True,
        maintien_domicile=True,
        soins_sans_consentement="sdt",
    )
    # S2 refused, S3 waiting, S6 redirected: all received in the period (S3 in Chenôve)
    signalement_refuser(
        signalement=signalement(i, date=jours(60), origine="orvitis"), par=i, motif_refus="CMP"
    )
    signalement(i, UsagerFactory(code_commune=CHENOVE), date=jours(30), origine="orvitis")
    signalement_reorienter(
        signalement=signalement(i, date=jours(40), origine="commune_ccas"), par=i, reoriente_vers="ACOR"
    )
    # S4: received before the period, its follow-up still running during it
    b = suivi(t, date=jours(200), date_decision=jours(190), origine="ars")
    intervention(t, b, date=jours(150), type="visite_domicile", intervenants=[t], duree_minutes=45)  # before
    intervention(t, b, date=jours(40), type="reunion_partenaires", intervenants=[i, t], duree_minutes=120)
    # S5: received after the period
    signalement(i, date=jours(5), origine="habellis")
    # Outside the team's communes (Quetigny): never counted for it
    ailleurs = membre(QUETIGNY)
    c = suivi(ailleurs, UsagerFactory(code_commune=QUETIGNY), date=jours(50), origine="orvitis")
    intervention(ailleurs, c, date=jours(45), duree_minutes=500)


def test_chiffres_d_evaluation_comptes_a_la_main(client_de, equipe, fiche):
    reponse = client_de(equipe["I"]).get(
        "/api/v1/emas/evaluation/", {"du": str(jours(100)), "au": str(jours(10))}
    )

    assert reponse.status_code == 200
    chiffres = reponse.json()
    signalements = chiffres["signalements"]
    assert signalements["total"] == 4
    assert {ligne["code"]: ligne["nombre"] for ligne in signalements["par_origine"] if ligne["nombre"]} == {
        "grand_dijon_habitat": 1,
        "orvitis": 2,
        "commune_ccas": 1,
    }
    assert {ligne["code"]: ligne["nombre"] for ligne in signalements["par_decision"]} == {
        "en_attente": 1,
        "accepte": 1,
        "refuse": 1,
        "reoriente": 1,
    }
    assert chiffres["suivis"] == {"personnes_suivies": 2, "ouverts": 1, "clos": 1}

    interventions = chiffres["interventions"]
    assert (interventions["total"], interventions["duree_totale_minutes"]) == (3, 195)
    par_type = interventions["par_type"]
    assert [_compte(par_type, c) for c in ("visite_domicile", "appel", "reunion_partenaires")] == [1, 1, 1]
    assert [
        _compte(par_type, c, "duree_minutes") for c in ("visite_domicile", "appel", "reunion_partenaires")
    ] == [
        60,
        15,
        120,
    ]
    assert _compte(par_type, "accompagnement_soins") == 0
    par_profession = interventions["par_profession"]
    assert [ligne["code"] for ligne in par_profession][:3] == [
        "travailleur_social",
        "infirmier",
        "psychologue",
    ]
    assert {
        ligne["code"]: (ligne["nombre"], ligne["duree_minutes"])
        for ligne in par_profession
        if ligne["nombre"]
    } == {"infirmier": (2, 180), "psychologue": (1, 60), "travailleur_social": (2, 135)}

    resultats = chiffres["resultats"]
    assert {k: v for k, v in resultats.items() if k != "par_motif_fin"} == {
        "suivis_clos": 1,
        "acces_soins": 1,
        "acces_soins_cmp": 1,
        "acces_soins_psychiatre": 0,
        "acces_soins_medecin_traitant": 1,
        "acces_soins_hopital": 0,
        "droit_commun": 0,
        "maintien_domicile": 1,
        "soins_sans_consentement_sdt": 1,
        "soins_sans_consentement_sdre": 0,
        "rupture_parcours": 0,
    }
    assert _compte(resultats["par_motif_fin"], "relais_soins") == 1
    assert sum(ligne["nombre"] for ligne in resultats["par_motif_fin"]) == 1


def test_la_periode_est_validee(client_de, equipe):
    client = client_de(equipe["I"])

    assert "au" in client.get("/api/v1/emas/evaluation/", {"du": "2024-02-01", "au": "2024-01-01"}).json()
    assert {"du", "au"} <= set(client.get("/api/v1/emas/evaluation/").json())
    vide = client.get("/api/v1/emas/evaluation/", {"du": "2024-01-01", "au": "2024-01-31"}).json()
    assert vide["signalements"]["total"] == vide["interventions"]["duree_totale_minutes"] == 0
