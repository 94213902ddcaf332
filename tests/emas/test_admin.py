"""The team records a case from referral to outcome in the admin (Django test client), through the
services; the section is the team's only."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry

from comptes.models import Profession
from emas.models import Intervention, Signalement, SuiviEMAS
from tests.emas.factories import jours, membre
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory

pytestmark = pytest.mark.django_db

CRITERES = {
    "majeur": "true",
    "logement_autonome": "true",
    "non_suivi_psychiatrie": "true",
    "incapacite_demande_soins": "true",
}


def _inline(n_initial=0, **lignes) -> dict:
    donnees = {
        "interventions-TOTAL_FORMS": str(n_initial + (1 if lignes else 0)),
        "interventions-INITIAL_FORMS": str(n_initial),
        "interventions-MIN_NUM_FORMS": "0",
        "interventions-MAX_NUM_FORMS": "1000",
    }
    if lignes:
        donnees.update({f"interventions-{n_initial}-{k}": v for k, v in lignes.items()})
    return donnees


def _suivi_form(suivi, **champs) -> dict:
    return {
        "referent": suivi.referent_id,
        "acces_soins_cmp": "",
        "acces_soins_psychiatre": "",
        "acces_soins_medecin_traitant": "",
        "acces_soins_hopital": "",
        "droit_commun": "",
        "maintien_domicile": "",
        "soins_sans_consentement": "aucun",
        "rupture_parcours": "",
        "date_fin": "",
        "motif_fin": "",
        "version_lue": suivi.version,
        **champs,
    }


def test_parcours_complet_dans_l_admin(client):
    infirmier = membre(DIJON, profession=Profession.INFIRMIER)
    psychologue = membre(DIJON, profession=Profession.PSYCHOLOGUE)
    usager = UsagerFactory(code_commune=DIJON, date_naissance=datetime.date(1958, 7, 14), nom="DUBOIS")
    client.force_login(infirmier)

    assert "EMAS" in client.get("/admin/").content.decode()
    cree = client.post(
        "/admin/emas/signalement/add/",
        {
            "usager": usager.pk,
            "date": str(jours(30)),
            "origine": "habellis",
            "contact": "M. Leroy, Habellis",
            "motifs": ["danger_soi", "isolement"],
            "description": "Ne sort plus, impayés, voisinage inquiet.",
            **CRITERES,
        },
    )
    assert cree.status_code == 302, cree.context["adminform"].form.errors if cree.context else cree
    signalement = Signalement.objects.get()
    assert (signalement.cree_par, signalement.commune_id, signalement.motifs) == (
        infirmier,
        DIJON,
        ["danger_soi", "isolement"],
    )

    accepte = client.post(
        f"/admin/emas/signalement/{signalement.pk}/change/",
        {
            "origine": "habellis",
            "contact": "M. Leroy, Habellis",
            "motifs": ["danger_soi", "isolement"],
            "description": "Ne sort plus, impayés, voisinage inquiet.",
            **CRITERES,
            "acte": "accepter",
            "motif_refus": "",
            "reoriente_vers": "",
            "date_decision": str(jours(28)),
            "version_lue": signalement.version,
        },
    )
    assert accepte.status_code == 302, accepte.context["adminform"].form.errors
    suivi = SuiviEMAS.objects.get()
    assert (suivi.signalement, suivi.date_debut, suivi.referent) == (signalement, jours(28), infirmier)
    # a decided referral is read-only
    assert (
        client.get(f"/admin/emas/signalement/{signalement.pk}/change/").context["has_change_permission"]
        is False
    )

    url = f"/admin/emas/suiviemas/{suivi.pk}/change/"
    refus = client.post(
        url,
        {
            **_suivi_form(suivi),
            **_inline(
                date=str(jours(31)),  # before the referral
                type="visite_domicile",
                intervenants=[infirmier.pk],
                duree_minutes="60",
                notes="",
            ),
        },
    )
    assert refus.status_code == 200
    assert Intervention.objects.count() == 0
    assert "précéder" in str(refus.context["inline_admin_formsets"][0].formset.errors)

    ajout = client.post(
        url,
        {
            **_suivi_form(suivi, acces_soins_cmp="on"),
            **_inline(
                date=str(jours(20)),
                type="visite_domicile",
                intervenants=[infirmier.pk, psychologue.pk],
                duree_minutes="75",
                notes="Premier contact sur le palier.",
            ),
        },
    )
    assert ajout.status_code == 302, ajout.context["inline_admin_formsets"][0].formset.errors
    intervention = Intervention.objects.get()
    assert (intervention.cree_par, intervention.duree_minutes) == (infirmier, 75)
    assert set(intervention.intervenants.all()) == {infirmier, psychologue}
    suivi.refresh_from_db()
    assert suivi.acces_soins_cmp

    cloture = client.post(
        url,
        {
            **_suivi_form(suivi, acces_soins_cmp="on", maintien_domicile="on", droit_commun="on"),
            "date_fin": str(jours(2)),
            "motif_fin": "relais_droit_commun",
            **_inline(n_initial=1, **{}),
            "interventions-0-id": intervention.pk,
            "interventions-0-suivi": suivi.pk,
        },
    )
    assert cloture.status_code == 302, cloture.context["adminform"].form.errors
    suivi.refresh_from_db()
    assert (suivi.statut, suivi.date_fin, suivi.motif_fin) == ("clos", jours(2), "relais_droit_commun")
    assert suivi.maintien_domicile and suivi.droit_commun and suivi.acces_soins_cmp
    assert not LogEntry.objects.filter(content_type__app_label="emas").exists()


def test_l_admin_de_l_equipe_est_limite_a_ses_communes(client):
    equipe = membre(DIJON)
    client.force_login(equipe)
    ailleurs = UsagerFactory(code_commune=CHENOVE, date_naissance=datetime.date(1970, 1, 1), nom="AILLEURS")

    formulaire = client.get("/admin/emas/signalement/add/")
    assert "AILLEURS" not in formulaire.content.decode()
    reponse = client.post(
        "/admin/emas/signalement/add/",
        {"usager": ailleurs.pk, "date": str(jours(3)), "origine": "ars", "motifs": ["isolement"], **CRITERES},
    )
    assert reponse.status_code == 200
    assert Signalement.objects.count() == 0


def test_une_regle_refusee_dans_l_admin_est_une_erreur_de_formulaire(client):
    equipe = membre(DIJON)
    client.force_login(equipe)
    mineur = UsagerFactory(code_commune=DIJON, date_naissance=jours(365 * 10))

    reponse = client.post(
        "/admin/emas/signalement/add/",
        {"usager": mineur.pk, "date": str(jours(3)), "origine": "ars", "motifs": ["isolement"], **CRITERES},
    )

    assert reponse.status_code == 200
    assert "majeures" in str(reponse.context["adminform"].form.errors)
    assert Signalement.objects.count() == 0


def test_les_pages_de_l_equipe_s_affichent(client):
    from tests.emas.factories import intervention, signalement, suivi

    equipe = membre(DIJON)
    client.force_login(equipe)
    s = suivi(equipe)
    i = intervention(equipe, s)
    attente = signalement(equipe)

    for url in (
        "/admin/emas/",
        "/admin/emas/signalement/",
        "/admin/emas/signalement/add/",
        f"/admin/emas/signalement/{attente.pk}/change/",
        f"/admin/emas/signalement/{s.signalement_id}/change/",
        "/admin/emas/suiviemas/",
        f"/admin/emas/suiviemas/{s.pk}/change/",
        "/admin/emas/intervention/",
        f"/admin/emas/intervention/{i.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/emas/suiviemas/add/").status_code == 403
