"""A whole follow-up through the API, then the pacte's counts for its period and commune."""

import datetime

import pytest
from django.utils import timezone

from accompagnements.models import TransitionDroit
from comptes.roles import Role
from tests.comptes.factories import agent
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


def test_un_suivi_complet_par_l_api_puis_les_indicateurs(client_de):
    agente = agent("acces_droits", DIJON)
    encadrante = agent(Role.ENCADRANT, DIJON, CHENOVE)
    client = client_de(agente)
    # A name no answer holds otherwise: a drawn one (« Paris ») is also in the counts' « heure de Paris ».
    usager = UsagerFactory(code_commune=DIJON, nom="Quenardel")
    aujourd_hui = timezone.localdate()
    il_y_a_10_jours = (aujourd_hui - datetime.timedelta(days=10)).isoformat()
    il_y_a_3_jours = (aujourd_hui - datetime.timedelta(days=3)).isoformat()

    # The person is received: a follow-up opens, followed by the agent who opened it.
    reponse = client.post("/api/v1/accompagnements/", {"usager": usager.id, "date_debut": il_y_a_10_jours})
    assert reponse.status_code == 201, reponse.json()
    accompagnement = reponse.json()
    assert accompagnement["referent"] == agente.id
    assert accompagnement["statut"] == "ouvert"

    for jour, mode in [(il_y_a_10_jours, "rendez_vous"), (il_y_a_3_jours, "telephone")]:
        reponse = client.post(
            "/api/v1/contacts/",
            {
                "accompagnement": accompagnement["id"],
                "date": f"{jour}T10:00:00+02:00",
                "mode": mode,
                "duree_minutes": 45,
            },
            format="json",
        )
        assert reponse.status_code == 201, reponse.json()
        assert reponse.json()["commune"] == DIJON

    # Démarches done with the person.
    for type_, statut in [("compte_en_ligne", "faite"), ("caf", "en_cours")]:
        reponse = client.post(
            "/api/v1/demarches/",
            {
                "accompagnement": accompagnement["id"],
                "type": type_,
                "date": il_y_a_10_jours,
                "en_ligne": True,
                "statut": statut,
            },
            format="json",
        )
        assert reponse.status_code == 201, reponse.json()

    # Rights identified (non-recours), applied for, opened.
    rsa = client.post(
        "/api/v1/droits/",
        {
            "usager": usager.id,
            "accompagnement": accompagnement["id"],
            "type": "rsa",
            "date_identification": il_y_a_10_jours,
        },
        format="json",
    ).json()
    css = client.post(
        "/api/v1/droits/",
        {"usager": usager.id, "type": "css", "date_identification": il_y_a_10_jours},
        format="json",
    ).json()
    assert rsa["statut"] == css["statut"] == "identifie"

    reponse = client.patch(
        f"/api/v1/droits/{rsa['id']}/", {"statut": "demande", "date_demande": il_y_a_10_jours}
    )
    assert reponse.status_code == 200, reponse.json()
    reponse = client.patch(
        f"/api/v1/droits/{rsa['id']}/", {"statut": "ouvert", "date_ouverture": il_y_a_3_jours}
    )
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["statut"] == "ouvert"
    assert [(t["statut_avant"], t["statut"], t["par"]) for t in reponse.json()["historique"]] == [
        ("", "identifie", agente.id),
        ("identifie", "demande", agente.id),
        ("demande", "ouvert", agente.id),
    ]

    d_un_coup_d_oeil = client.get(f"/api/v1/usagers/{usager.id}/droits/").json()
    assert [d["type"] for d in d_un_coup_d_oeil["ouverts"]] == ["rsa"]
    assert [d["type"] for d in d_un_coup_d_oeil["non_recourus"]] == ["css"]
    assert d_un_coup_d_oeil["en_cours"] == []

    # The follow-up ends.
    reponse = client.post(
        f"/api/v1/accompagnements/{accompagnement['id']}/cloturer/",
        {"date_fin": aujourd_hui.isoformat(), "motif_cloture": "demarches_abouties"},
    )
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["statut"] == "clos"

    # The supervisor's counts for the period and commune.
    # The supervisor's counts for the period (tests/indicateurs): one person, one right — small
    # counts, suppressed by statistical secrecy; never a name.
    for indicateur in ("1.1.personnes_recues", "1.1.droits_ouverts"):
        indicateurs = client_de(encadrante).get(
            "/api/v1/indicateurs/valeurs/",
            {
                "indicateur": indicateur,
                # The year, whole: indicator periods are months, quarters or years.
                "du": aujourd_hui.replace(month=1, day=1).isoformat(),
                "au": aujourd_hui.replace(month=12, day=31).isoformat(),
                "par": "commune",
            },
        )
        assert indicateurs.status_code == 200, indicateurs.json()
        corps = indicateurs.json()
        assert corps["total"] == {"valeur": None, "secret": True}
        assert usager.nom not in indicateurs.content.decode()
    assert TransitionDroit.objects.count() == 4
