"""The agents' workspace (/espace/): the person's file from the declarations (the test-only dispositif
included), the API's rules (404 outside the grants, supervisors read), the journal, constant queries,
no EMAS trace outside the team on any page, no long picker, the actions returning to the file."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accompagnements.models import Accompagnement, Droit, StatutDroit, TypeDroit
from communes.models import Commune
from comptes.roles import Role
from journal.models import EntreeJournal
from logement.models import CapaciteACOR, IssueMesure, MesureASLL, SituationACOR, StatutSituation
from tests.accompagnements.factories import AccompagnementFactory, DroitFactory
from tests.comptes.factories import administrateur_habilite, agent
from tests.dispositif_essai.perms import ESSAI
from tests.dispositif_essai.services import visite_enregistrer
from tests.emas.factories import intervention, membre, signalement, suivi
from tests.logement.factories import MesureASLLFactory, SituationACORFactory
from tests.outils import sans_jeton_csrf
from tests.usagers.factories import CHENOVE, DIJON, UsagerFactory
from usagers.models import Usager

pytestmark = pytest.mark.django_db


def _page(client, url, statut=200) -> str:
    reponse = client.get(url)
    assert reponse.status_code == statut, (url, reponse.status_code)
    return reponse.content.decode()


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        _page(client, url)
    return len(requetes)


# --- the hub ------------------------------------------------------------------------------------


def test_la_fiche_montre_les_parties_des_habilitations_du_lecteur_et_le_dispositif_d_essai(client):
    usager = UsagerFactory(code_commune=DIJON)
    agente = agent(ESSAI, DIJON)
    visite_enregistrer(par=agente, usager=usager, date=timezone.localdate(), note="Première visite")
    agent_11 = agent("acces_droits", DIJON)
    AccompagnementFactory(usager=usager, referent=agent_11)

    client.force_login(agente)
    page_essai = _page(client, f"/espace/usagers/{usager.pk}/")
    client.force_login(agent_11)
    page_11 = _page(client, f"/espace/usagers/{usager.pk}/")

    assert "Visites (dispositif d&#x27;essai)" in page_essai and "action 1.1" not in page_essai
    assert "action 1.1" in page_11 and "Visites" not in page_11
    assert "Ajouter un contact" in page_11


def test_hors_des_habilitations_la_fiche_n_existe_pas_et_l_ouverture_est_journalisee(client):
    usager = UsagerFactory(code_commune=DIJON)
    client.force_login(agent("acces_droits", CHENOVE))
    _page(client, f"/espace/usagers/{usager.pk}/", statut=404)

    lectrice = agent("acces_droits", DIJON)
    client.force_login(lectrice)
    _page(client, f"/espace/usagers/{usager.pk}/")
    entree = EntreeJournal.objects.get(auteur_id=lectrice.pk, usager_id=usager.pk)
    assert (entree.action, entree.origine) == ("lu", "espace")


def test_la_fiche_et_la_recherche_coutent_autant_de_requetes_pour_un_dossier_que_pour_dix(client):
    agent_11 = agent("acces_droits", DIJON, username="agent-requetes")
    client.force_login(agent_11)
    une, dix = UsagerFactory(nom="UNIQUE"), UsagerFactory(nom="NOMBREUX")
    AccompagnementFactory(usager=une, referent=agent_11)
    DroitFactory(usager=une)
    for i in range(10):
        # One open follow-up per person and référent (a database constraint): the others are closed.
        fin = (
            {}
            if i == 9
            else {"statut": "clos", "date_fin": datetime.date(2024, 2, 1), "motif_cloture": "autonomie"}
        )
        AccompagnementFactory(usager=dix, referent=agent_11, **fin)
        DroitFactory(usager=dix)
    for _ in range(12):
        UsagerFactory(nom="HOMONYME")

    assert _requetes(client, f"/espace/usagers/{une.pk}/") == _requetes(client, f"/espace/usagers/{dix.pk}/")
    assert _requetes(client, "/espace/usagers/?q=unique") == _requetes(client, "/espace/usagers/?q=homonyme")


# --- finding and recording a person ----------------------------------------------------------


def test_la_recherche_tolere_une_faute_montre_naissance_et_commune_et_propose_de_creer(client):
    UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=datetime.date(1980, 3, 12))
    UsagerFactory(nom="MARTIN", prenom="Sophie")
    client.force_login(agent("acces_droits", DIJON))

    for faute in ("helenne", "duprez", "DUPRES helen", "12/03/1980"):
        page = _page(client, f"/espace/usagers/?q={faute}")
        assert "DUPRÉ Hélène" in page and "12/03/1980" in page and "Dijon" in page, faute
        assert "MARTIN" not in page
    vide = _page(client, "/espace/usagers/?q=zzzyyyxxx")
    assert "Personne ne correspond" in vide and "/espace/usagers/nouveau/?q=zzzyyyxxx" in vide


def test_la_recherche_htmx_rend_les_resultats_seuls_et_le_retour_arriere_la_page_entiere(client):
    UsagerFactory(nom="Dupré", prenom="Hélène")
    client.force_login(agent("acces_droits", DIJON))
    partiel = client.get("/espace/usagers/?q=dupre", headers={"HX-Request": "true"}).content.decode()
    restaure = client.get(
        "/espace/usagers/?q=dupre", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert "DUPRÉ Hélène" in partiel and "<html" not in partiel
    assert "<html" in restaure


def test_la_creation_montre_les_doublons_proches_puis_cree_sur_confirmation(client):
    existante = UsagerFactory(nom="Dupré", prenom="Hélène", date_naissance=datetime.date(1980, 3, 12))
    UsagerFactory(
        nom="Dupré", prenom="Hélène", date_naissance=datetime.date(1980, 3, 12), code_commune=CHENOVE
    )
    client.force_login(agent("acces_droits", DIJON))
    donnees = {"nom": "DUPRES", "prenom": "Helen", "date_naissance": "1980-03-13", "commune": DIJON}

    avertie = client.post("/espace/usagers/nouveau/", donnees)
    page = avertie.content.decode()
    assert avertie.status_code == 200 and "peut-être déjà enregistrée" in page
    assert f"/espace/usagers/{existante.pk}/" in page
    assert "Chenôve" not in page  # a namesake the agent may not see is never named
    assert not Usager.objects.filter(nom="DUPRES").exists()

    creee = client.post("/espace/usagers/nouveau/", {**donnees, "confirmer_doublon": "on"})
    nouvelle = Usager.objects.get(nom="DUPRES")
    assert creee.status_code == 302 and creee["Location"] == f"/espace/usagers/{nouvelle.pk}/"


def test_un_encadrant_lit_mais_n_ecrit_pas(client):
    usager = UsagerFactory(code_commune=DIJON)
    suivi_11 = AccompagnementFactory(usager=usager)
    client.force_login(agent(Role.ENCADRANT, DIJON))
    page = _page(client, f"/espace/usagers/{usager.pk}/")
    assert "action 1.1" in page and "Ajouter un contact" not in page
    _page(client, f"/espace/accompagnements/{suivi_11.pk}/contact/", statut=404)
    assert client.post("/espace/usagers/nouveau/", {"nom": "X"}).status_code == 302
    assert "Créer la fiche" not in _page(client, "/espace/usagers/?q=zzzz")


# --- actions in place -------------------------------------------------------------------------


def test_action_1_1_le_droit_passe_a_ouvert_et_la_page_revient_au_dossier(client):
    agent_11 = agent("acces_droits", DIJON)
    usager = UsagerFactory(code_commune=DIJON)
    client.force_login(agent_11)
    ouvert = client.post(f"/espace/usagers/{usager.pk}/accompagnements/ouvrir/", {"date_debut": "2026-01-05"})
    assert ouvert["Location"] == f"/espace/usagers/{usager.pk}/#accompagnements"
    suivi_11 = Accompagnement.objects.get(usager=usager)
    type_droit = TypeDroit.objects.filter(actif=True).first()
    client.post(
        f"/espace/accompagnements/{suivi_11.pk}/droit/",
        {"type": type_droit.pk, "date_identification": "2026-01-05"},
    )
    droit = Droit.objects.get(usager=usager)
    assert droit.accompagnement_id == suivi_11.pk  # a right recorded in the file belongs to its follow-up
    client.post(f"/espace/droits/{droit.pk}/statut/demande/", {"date_evenement": "2026-01-06"})
    client.post(f"/espace/droits/{droit.pk}/statut/ouvert/", {"date_evenement": "2026-01-07"})
    droit.refresh_from_db()
    assert droit.statut == StatutDroit.OUVERT

    # A transition the state machine refuses is told on the form, in French; nothing changes.
    refus = client.post(f"/espace/droits/{droit.pk}/statut/refuse/", {"date_evenement": "2026-01-08"})
    assert refus.status_code == 200 and "ne change plus de statut" in refus.content.decode()
    assert client.get(f"/espace/droits/{droit.pk}/statut/nimporte/").status_code == 404


def test_asll_le_renouvellement_montre_la_fin_prevue_et_le_plafond_la_cloture_ne_preselectionne_rien(client):
    mesure = MesureASLLFactory(duree_mois=6)
    client.force_login(mesure.referent)
    renouveler = _page(client, f"/espace/asll/mesures/{mesure.pk}/renouveler/")
    assert mesure.date_fin_prevue.strftime("%d/%m/%Y") in renouveler and "24 mois" in renouveler
    assert "18 mois au plus" in renouveler
    cloturer = _page(client, f"/espace/asll/mesures/{mesure.pk}/cloturer/")
    assert not re.search(r"<option[^>]*selected[^>]*>[^<]*Objectifs", cloturer)

    trop = client.post(f"/espace/asll/mesures/{mesure.pk}/renouveler/", {"duree_mois": "19"})
    assert "ne peut pas dépasser 24 mois" in trop.content.decode()
    client.post(
        f"/espace/asll/mesures/{mesure.pk}/cloturer/",
        {"date_fin": timezone.localdate().isoformat(), "issue": IssueMesure.NON_COLLABORATION},
    )
    assert MesureASLL.objects.get(pk=mesure.pk).issue == IssueMesure.NON_COLLABORATION


def test_acor_admission_avec_les_places_restantes_puis_cloture(client):
    aujourd_hui = timezone.localdate()
    CapaciteACOR.objects.create(
        date_debut=aujourd_hui - datetime.timedelta(days=60),
        date_fin=aujourd_hui + datetime.timedelta(days=60),
        places=3,
    )
    situation = SituationACORFactory()
    client.force_login(situation.cree_par)
    attente = _page(client, "/espace/acor/liste-d-attente/")
    assert "3 sur 3" in attente and situation.usager.commune.nom in attente
    assert "3 sur 3" in _page(client, f"/espace/acor/situations/{situation.pk}/admettre/")
    client.post(f"/espace/acor/situations/{situation.pk}/admettre/", {"date_entree": aujourd_hui.isoformat()})
    assert SituationACOR.objects.get(pk=situation.pk).statut == StatutSituation.EN_COURS
    assert "2 sur 3" in _page(client, "/espace/acor/liste-d-attente/")
    client.post(
        f"/espace/acor/situations/{situation.pk}/cloturer/",
        {"date_sortie": aujourd_hui.isoformat(), "motif_sortie": "objectifs_atteints"},
    )
    assert SituationACOR.objects.get(pk=situation.pk).statut == StatutSituation.TERMINEE


def test_emas_le_signalement_montre_ses_motifs_en_mots_et_le_suivi_qu_il_a_ouvert(client):
    equipe = membre(DIJON)
    s = suivi(equipe)
    intervention(equipe, s)
    client.force_login(equipe)
    page = _page(client, f"/espace/usagers/{s.usager_id}/")
    assert "Incurie, négligence de soi" in page and "incurie" not in page.replace("Incurie", "")
    assert "Suivi ouvert par ce signalement" in page and "Visite à domicile" in page


# --- the compartment ------------------------------------------------------------------------


def _pages_de(client, usagers) -> list[str]:
    """Every workspace page a role can reach: home, its menu's pages, searches, each file, history."""
    pages = [_page(client, "/espace/")]
    liens = set(re.findall(r'href="(/espace/[^"#?]*)"', pages[0]))
    # The dashboard publishes each action's anonymised counts (k = 11), EMAS's among them, as the pacte
    # requires: no page about a person. It has its own tests below.
    for lien in sorted(liens - {"/espace/tableau-de-bord/"}):
        reponse = client.get(lien)
        if reponse.status_code == 200:
            pages.append(reponse.content.decode())
    for usager in usagers:
        pages.append(_page(client, f"/espace/usagers/?q={usager.nom}"))
        for url in (f"/espace/usagers/{usager.pk}/", f"/espace/usagers/{usager.pk}/historique/"):
            reponse = client.get(url)
            if reponse.status_code == 200:
                pages.append(reponse.content.decode())
    return pages


def test_aucune_page_de_l_espace_ne_trahit_emas_hors_de_l_equipe(client):
    equipe = membre(DIJON)
    seulement_emas = UsagerFactory(
        nom="SECRETE", code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1)
    )
    seulement_emas.compartiment = "emas"
    seulement_emas.save()
    partagee = UsagerFactory(nom="PARTAGEE", code_commune=DIJON, date_naissance=datetime.date(1970, 1, 1))
    s = suivi(equipe, partagee)
    intervention(equipe, s)
    signalement(equipe, seulement_emas)
    AccompagnementFactory(usager=partagee)
    MesureASLLFactory(usager=partagee)

    dpo = agent(Role.DPO)
    for lecteur in (
        agent("acces_droits", DIJON),
        agent("asll", DIJON),
        agent(Role.ENCADRANT, DIJON),
        administrateur_habilite(),
        dpo,
    ):
        client.force_login(lecteur)
        for page in _pages_de(client, [seulement_emas, partagee]):
            texte = sans_jeton_csrf(page).lower()
            assert "emas" not in texte and "équipe mobile" not in texte and "signalement" not in texte, (
                lecteur
            )
            # The term typed is echoed back (« SECRETE ») — never a person found under it.
            assert "SECRETE" not in re.sub(r'value="SECRETE"|« SECRETE »|q=SECRETE', "", page)

    client.force_login(equipe)
    assert "Équipe mobile EMAS" in _page(client, f"/espace/usagers/{partagee.pk}/")


def test_un_jeton_csrf_qui_epelle_emas_ne_fait_pas_echouer_la_recherche_d_indices(client, monkeypatch):
    """The token is random: one time in a few thousand pages it spells « emas ». The pages' checks above
    read them without it, wherever a page carries it (the workspace's htmx headers, forms, the admin)."""
    monkeypatch.setattr("django.middleware.csrf._mask_cipher_secret", lambda secret: "emAS" * 16)
    client.force_login(administrateur_habilite())
    for url in ("/espace/", "/admin/usagers/usager/"):
        page = _page(client, url)
        assert "emas" in page.lower()
        assert "emas" not in sans_jeton_csrf(page).lower(), url


# --- pickers ----------------------------------------------------------------------------------


def test_aucun_selecteur_de_l_espace_ne_depasse_cent_options(client):
    Usager.objects.bulk_create(
        [
            Usager(
                nom=f"NOM{i:04d}", prenom="Prénom", date_naissance=datetime.date(1970, 1, 1), commune_id=DIJON
            )
            for i in range(150)
        ]
    )
    agent_11 = agent("acces_droits", DIJON)
    usager = Usager.objects.first()
    suivi_11 = AccompagnementFactory(usager=usager, referent=agent_11)
    client.force_login(agent_11)
    for url in (
        "/espace/",
        "/espace/usagers/?q=nom",
        "/espace/usagers/nouveau/",
        f"/espace/usagers/{usager.pk}/",
        f"/espace/accompagnements/{suivi_11.pk}/contact/",
        f"/espace/accompagnements/{suivi_11.pk}/demarche/",
        f"/espace/accompagnements/{suivi_11.pk}/droit/",
    ):
        page = _page(client, url)
        for select in re.findall(r"<select.*?</select>", page, flags=re.S):
            assert select.count("<option") <= 100, url


# --- supervisors and the data-protection officer -----------------------------------------------


def test_le_tableau_de_bord_montre_sa_periode_et_ses_telechargements(client):
    client.force_login(agent(Role.ENCADRANT, DIJON))
    page = _page(client, "/espace/tableau-de-bord/?du=2026-04-01&au=2026-06-30")
    assert 'value="2026-04-01"' in page and 'value="2026-06-30"' in page
    # A period off the calendar lattice is the form's French error, as the API's 400 says it.
    hors = _page(client, "/espace/tableau-de-bord/?du=2026-01-01&au=2026-06-30")
    assert "un mois, un trimestre ou une année civile entiers" in hors
    assert "format=csv" in page and "format=xlsx" in page and "/api/v1/indicateurs/rapport/?annee=" in page
    lien = re.search(r'href="(/api/v1/indicateurs/valeurs/[^"]+format=csv)"', page).group(1)
    assert client.get(lien.replace("&amp;", "&")).status_code == 200
    # The admin's dashboard too shows the period on load (ISO values in its date inputs).
    annee = timezone.localdate().year
    assert f'value="{annee}-01-01"' in _page(client, "/admin/tableau-de-bord/")
    client.force_login(agent("acces_droits", DIJON))
    _page(client, "/espace/tableau-de-bord/", statut=404)


def test_le_dpo_trouve_une_personne_archivee_voit_qui_a_ouvert_son_dossier_et_l_exporte(client):
    lectrice = agent("acces_droits", DIJON, username="lectrice")
    archivee = UsagerFactory(nom="ARCHIVEE", code_commune=DIJON)
    Usager.objects.filter(pk=archivee.pk).update(archive_le=datetime.date(2026, 1, 2))
    seulement_emas = UsagerFactory(nom="ARCHIVEE", prenom="Secrète", code_commune=DIJON)
    Usager.objects.filter(pk=seulement_emas.pk).update(compartiment="emas")
    client.force_login(lectrice)
    _page(client, f"/espace/usagers/{archivee.pk}/")

    client.force_login(agent(Role.DPO))
    trouvees = _page(client, "/espace/protection-des-donnees/?q=archivee")
    assert f"/espace/protection-des-donnees/usagers/{archivee.pk}/" in trouvees and "archivée le" in trouvees
    assert "Secrète" not in trouvees
    _page(client, f"/espace/protection-des-donnees/usagers/{seulement_emas.pk}/", statut=404)
    journal = _page(client, f"/espace/protection-des-donnees/usagers/{archivee.pk}/")
    assert "lectrice" in journal and "Agent d&#x27;accompagnement administratif" in journal
    assert "Consultation d&#x27;un dossier" in journal and "espace de travail" in journal
    export = client.get(f"/api/v1/donnees-personnelles/{archivee.pk}/")
    assert export.status_code == 200 and export.json()["identite"]["nom"] == "ARCHIVEE"

    assert "irréversible" in _page(
        client, f"/espace/protection-des-donnees/usagers/{archivee.pk}/anonymiser/"
    )
    client.post(f"/espace/protection-des-donnees/usagers/{archivee.pk}/anonymiser/", {"confirmation": "oui"})
    assert Usager.objects.get(pk=archivee.pk).anonymise_le is not None
    assert "Seraient archivées" in _page(client, "/espace/protection-des-donnees/conservation/")


def test_les_rappels_se_lisent_et_se_marquent_lus_sans_recharger_la_page(client):
    from notifications.models import Notification

    moi, autre = agent("asll", DIJON), agent("asll", DIJON)
    mien = Notification.objects.create(
        destinataire=moi,
        type="asll_point_etape_en_retard",
        objet_type="point_etape",
        objet_id=1,
        titre="Point d'étape en retard",
        message="Un point d'étape est en retard.",
    )
    sien = Notification.objects.create(
        destinataire=autre,
        type="asll_point_etape_en_retard",
        objet_type="point_etape",
        objet_id=2,
        titre="Autre",
        message="—",
    )
    client.force_login(moi)
    page = _page(client, "/espace/rappels/")
    assert "Point d&#x27;étape en retard" in page and "Autre" not in page and "1 non lu" in page
    ligne = client.post(f"/espace/rappels/{mien.pk}/lu/", headers={"HX-Request": "true"}).content.decode()
    assert ligne.startswith("<tr") and "Lu le" in ligne
    assert client.post(f"/espace/rappels/{sien.pk}/lu/").status_code == 404
    assert Notification.objects.get(pk=sien.pk).lue_le is None


def test_les_listes_de_travail_et_les_parties_du_dossier_coutent_autant_de_requetes_pour_un_que_pour_cinq(
    client,
):
    referent = agent("asll", DIJON, CHENOVE)
    equipe = membre(DIJON)
    seul, plusieurs = UsagerFactory(nom="SEUL"), UsagerFactory(nom="PLUSIEURS")
    MesureASLLFactory(usager=seul, referent=referent)
    SituationACORFactory(usager=seul)
    s = suivi(equipe, UsagerFactory(date_naissance=datetime.date(1970, 1, 1)))
    intervention(equipe, s)
    client.force_login(referent)
    un = {
        "mesures": _requetes(client, "/espace/asll/mes-mesures/"),
        "fiche": _requetes(client, f"/espace/usagers/{seul.pk}/"),
    }
    client.force_login(equipe)
    un["emas"] = _requetes(client, f"/espace/usagers/{s.usager_id}/")
    un["sans_intervention"] = _requetes(client, "/espace/emas/sans-intervention/")

    # One measure of each type in progress per person (a rule): two for the file, five for the list.
    MesureASLLFactory(usager=plusieurs, referent=referent, type="acces")
    MesureASLLFactory(usager=plusieurs, referent=referent, type="maintien")
    for _ in range(3):
        MesureASLLFactory(usager=UsagerFactory(), referent=referent)
    intervention(equipe, s, duree_minutes=30)
    for _ in range(4):
        autre = suivi(equipe, UsagerFactory(date_naissance=datetime.date(1970, 1, 1)))
        intervention(equipe, autre)
    client.force_login(referent)
    assert _requetes(client, "/espace/asll/mes-mesures/") == un["mesures"]
    assert _requetes(client, f"/espace/usagers/{plusieurs.pk}/") == un["fiche"]
    client.force_login(equipe)
    assert _requetes(client, f"/espace/usagers/{s.usager_id}/") == un["emas"]
    assert _requetes(client, "/espace/emas/sans-intervention/") == un["sans_intervention"]


@pytest.mark.postgres
def test_sur_postgresql_un_nom_court_se_trouve_a_une_lettre_pres(client):
    UsagerFactory(nom="DUROVE", prenom="Marc")
    UsagerFactory(nom="LAMBERT", prenom="Zoé")
    client.force_login(agent("acces_droits", DIJON))
    page = _page(client, "/espace/usagers/?q=duove")
    assert "DUROVE Marc" in page and "LAMBERT" not in page


@pytest.mark.postgres
def test_l_historique_dit_en_mots_ce_qui_a_change_sans_champ_interne(client):
    from usagers.services import usager_modifier

    agent_11 = agent("acces_droits", DIJON, CHENOVE, username="agente-historique")
    usager = UsagerFactory(nom="AVANT", code_commune=DIJON)
    usager_modifier(usager=usager, par=agent_11, nom="APRES", commune=Commune.objects.get(pk=CHENOVE))
    client.force_login(agent_11)
    page = _page(client, f"/espace/usagers/{usager.pk}/historique/")
    assert "Nom : AVANT → APRES" in page and "Commune de résidence : Dijon → Chenôve" in page
    lu = re.sub(r"<[^>]+>", " ", re.search(r'<table id="versions">.*?</table>', page, re.S).group(0)).lower()
    for interne in ("version", "compartiment", "normalisés", "21231", "créé par"):
        assert interne not in lu.replace("changé, de quoi à quoi", ""), interne
