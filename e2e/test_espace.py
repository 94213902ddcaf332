"""The agents' workspace (/espace/), one journey per role, in headless Chromium on the demo data. axe-core
runs on every page a journey visits (no violation « serious » or « critical »); the 1.1 agent's
search is done with the keyboard alone. Screenshots in e2e/captures/."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import MOT_DE_PASSE, accessibilite, capture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _iso(jour: datetime.date) -> str:
    return jour.isoformat()


def _verifie(page, nom: str) -> None:
    accessibilite(page)
    capture(page, nom)


def test_agent_1_1_trouve_avec_une_faute_cree_avec_un_doublon_proche_et_tient_le_dossier(
    espace_de, live_server
):
    page = espace_de("agent.droits")
    _verifie(page, "21-1-accueil-agent")

    # Keyboard only: skip link, search box, results, the file.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # « Contenu » skip link
    champ = page.locator("#q-accueil")
    for _ in range(15):
        if champ.evaluate("e => e === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert champ.evaluate("e => e === document.activeElement"), "la recherche s'atteint au clavier"
    page.keyboard.type("helenne")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/espace/usagers/\?q=helenne"))
    resultat = page.locator("#liste-usagers tbody tr").first
    expect(resultat).to_contain_text("DUPRÉ Hélène")
    expect(resultat).to_contain_text("12/03/1980")
    expect(resultat).to_contain_text("Dijon")
    _verifie(page, "21-2-recherche-helenne")
    lien = resultat.locator("a")
    lien.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/espace/usagers/\d+/$"))
    expect(page.locator("h1")).to_contain_text("DUPRÉ Hélène")

    # « duprez » finds her too; a name nobody has offers « créer ».
    page.goto(f"{live_server.url}/espace/usagers/?q=duprez")
    expect(page.locator("#liste-usagers")).to_contain_text("DUPRÉ Hélène")
    page.goto(f"{live_server.url}/espace/usagers/?q=dupres+helen")
    expect(page.locator("#liste-usagers")).to_contain_text("DUPRÉ Hélène")
    page.click("#creer")
    expect(page.locator("#id_nom")).to_have_value("DUPRES")
    page.fill("#id_prenom", "Helen")
    page.fill("#id_date_naissance", "1980-03-13")
    page.select_option("#id_commune", value="21231")
    page.click("#contenu form button[type=submit]")
    expect(page.locator("#doublons")).to_contain_text("DUPRÉ Hélène")
    expect(page.locator("#doublons")).to_contain_text("12/03/1980")
    _verifie(page, "21-3-doublon-proche")
    page.click("label[for=id_confirmer_doublon]")
    page.click("#contenu form button[type=submit]")
    page.wait_for_url(re.compile(r"/espace/usagers/\d+/$"))
    expect(page.locator(".fr-alert--success")).to_contain_text("est enregistré")
    expect(page.locator("h1")).to_contain_text("DUPRES Helen")

    # Follow-up, contact, démarche, right to « ouvert », each from the file and back to it.
    page.click("text=Ouvrir un accompagnement")
    _verifie(page, "21-4-ouvrir-accompagnement")
    page.click("#contenu form button[type=submit]")
    expect(page.locator(".fr-alert--success")).to_contain_text("L'accompagnement est ouvert.")
    fiche = page.url

    page.click("text=Ajouter un contact")
    page.select_option("#id_mode", label="Téléphone")
    page.fill("#id_heure", "00:01")
    page.fill("#id_duree_minutes", "20")
    _verifie(page, "21-5-contact")
    page.click("#contenu form button[type=submit]")
    expect(page.locator(".fr-alert--success")).to_contain_text("Le contact est enregistré.")
    expect(page.locator(".contacts")).to_contain_text("Téléphone, 20 min")

    page.click("text=Ajouter une démarche")
    page.select_option("#id_type", label="CAF")
    page.click("#contenu form button[type=submit]")
    expect(page.locator(".demarches")).to_contain_text("CAF")

    page.click("text=Enregistrer un droit")
    page.select_option("#id_type", index=1)
    page.click("#contenu form button[type=submit]")
    expect(page.locator(".droits")).to_contain_text("Identifié (non recouru)")
    page.click("text=Passer à « demandé »")
    page.click("#contenu form button[type=submit]")
    page.click("text=Passer à « ouvert »")
    expect(page.locator("#a-savoir")).to_contain_text("Demandé")
    page.click("#contenu form button[type=submit]")
    expect(page.locator(".fr-alert--success")).to_contain_text("« Ouvert »")
    expect(page.locator(".droits")).to_contain_text("Ouvert")
    assert page.url.startswith(fiche.split("#")[0])
    _verifie(page, "21-6-dossier-1-1")


def _soumettre(page) -> None:
    page.click("#contenu form button[type=submit]")


def test_travailleur_asll_tient_un_point_en_retard_renouvelle_et_cloture(espace_de, live_server):
    page = espace_de("ts.asll")
    page.click("#menu-principal >> text=Mes mesures ASLL")
    ligne = page.locator("#mes-mesures tbody tr", has_text="BERNARD Karim")
    expect(ligne).to_contain_text("En retard")
    _verifie(page, "21-asll-1-mes-mesures")
    ligne.locator("a").click()
    expect(page.locator(".points-etape").first).to_contain_text("En retard")
    page.locator(".points-etape a", has_text="Point tenu").first.click()
    page.fill("#id_compte_rendu", "Budget revu avec la personne ; dossier FSL déposé.")
    _verifie(page, "21-asll-2-point-tenu")
    _soumettre(page)
    expect(page.locator(".fr-alert--success")).to_contain_text("Le point d'étape est enregistré.")

    page.click("text=Renouveler")
    expect(page.locator("#a-savoir")).to_contain_text("Fin prévue")
    expect(page.locator("#a-savoir")).to_contain_text("24 mois au total")
    expect(page.locator("#a-savoir")).to_contain_text("12 mois au plus")
    _verifie(page, "21-asll-3-renouveler")
    page.fill("#id_duree_mois", "6")
    _soumettre(page)
    expect(page.locator(".fr-alert--success")).to_contain_text("renouvelée")
    expect(page.locator(".mesure").first).to_contain_text("18 mois accordés")

    page.click(".mesure >> text=Clôturer")
    expect(page.locator("#id_issue")).to_have_value("")  # no outcome suggested
    page.select_option("#id_issue", label="Objectifs partiellement atteints")
    _verifie(page, "21-asll-4-cloturer")
    _soumettre(page)
    expect(page.locator(".mesure").first).to_contain_text("Objectifs partiellement atteints")
    _verifie(page, "21-asll-5-dossier")


def test_referent_acor_admet_et_cloture_apres_la_capacite_fixee_par_l_administrateur(espace_de, live_server):
    admin = espace_de("admin")
    admin.get_by_role("link", name="Administration").first.click()
    admin.goto(f"{live_server.url}/admin/logement/capaciteacor/")
    admin.locator("#result_list tbody tr a").first.click()
    admin.fill("#id_places", "10")
    admin.click("input[name=_save]")
    expect(admin.locator(".messagelist")).to_contain_text("modifié")
    capture(admin, "21-acor-1-capacite-administrateur")

    page = espace_de("intervenant.acor")
    page.click("#menu-principal >> text=Liste d'attente ACOR")
    expect(page.locator("#places")).to_contain_text("8 sur 10")
    ligne = page.locator("#liste-d-attente tbody tr", has_text="DUBOIS Luc")
    expect(ligne).to_contain_text("Longvic")  # the commune column is filled
    _verifie(page, "21-acor-2-liste-d-attente")
    ligne.get_by_role("link", name=re.compile("Admettre")).click()
    expect(page.locator("#a-savoir")).to_contain_text("8 sur 10")
    _verifie(page, "21-acor-3-admettre")
    _soumettre(page)
    expect(page.locator(".fr-alert--success")).to_contain_text("prise en charge")
    expect(page.locator(".situations-acor")).to_contain_text("En cours")
    page.locator(".situations-acor a", has_text="Clôturer").click()
    expect(page.locator("#id_motif_sortie")).to_have_value("")
    page.select_option("#id_motif_sortie", label="Relais par le droit commun")
    _soumettre(page)
    expect(page.locator(".situations-acor")).to_contain_text("Terminée — Relais par le droit commun")
    _verifie(page, "21-acor-4-dossier")


def test_equipe_emas_du_signalement_a_la_cloture(espace_de, live_server):
    page = espace_de("infirmier.emas")
    _verifie(page, "21-emas-1-accueil")
    page.goto(f"{live_server.url}/espace/usagers/?q=martin+sophie")
    page.locator("#liste-usagers a", has_text="MARTIN Sophie").click()
    page.click("text=Enregistrer un signalement")
    page.select_option("#id_origine", label="Grand Dijon Habitat")
    page.click("label:has-text('Isolement')")
    for critere in ("majeur", "logement_autonome", "non_suivi_psychiatrie", "incapacite_demande_soins"):
        page.click(f"label[for=id_{critere}_0]")
    _verifie(page, "21-emas-2-signalement")
    _soumettre(page)
    signalement = page.locator(".signalement").first
    expect(signalement).to_contain_text("Isolement")
    expect(signalement).to_contain_text("En attente")

    signalement.get_by_role("link", name="Accepter").click()
    _soumettre(page)
    expect(page.locator(".signalement").first).to_contain_text("Suivi ouvert par ce signalement")

    page.locator(".signalement").first.get_by_role("link", name="Ajouter une intervention").click()
    page.select_option("#id_type", label="Visite à domicile")
    page.locator("label", has_text="infirmier.emas").first.click()
    page.fill("#id_duree_minutes", "60")
    _verifie(page, "21-emas-3-intervention")
    _soumettre(page)
    expect(page.locator(".interventions").first).to_contain_text("Visite à domicile, 60 min")

    page.locator(".signalement").first.get_by_role("link", name="Clôturer le suivi").click()
    expect(page.locator("#id_motif_fin")).to_have_value("")
    page.select_option("#id_motif_fin", label="Relais pris par les soins")
    page.locator("label", has_text="Accès aux soins : cmp").click()
    page.select_option("#id_soins_sans_consentement", label="Aucun")
    _verifie(page, "21-emas-4-cloture")
    _soumettre(page)
    expect(page.locator(".signalement").first).to_contain_text("clos")
    expect(page.locator(".signalement").first).to_contain_text("accès aux soins : CMP")
    _verifie(page, "21-emas-5-dossier")


def test_encadrant_lit_le_tableau_de_bord_et_telecharge_les_trois_exports(espace_de, live_server):
    page = espace_de("encadrant")
    page.click("#menu-principal >> text=Tableau de bord")
    annee = datetime.date.today().year
    expect(page.locator("#id_du")).to_have_value(f"{annee}-01-01")
    expect(page.locator("#id_au")).to_have_value(f"{annee}-12-31")
    expect(page.locator(".action-tdb").first).to_contain_text("13")  # a published cell (k = 11)
    _verifie(page, "21-encadrant-1-tableau-de-bord")
    csv = page.locator("a.telechargement", has_text="CSV").first.get_attribute("href")
    xlsx = page.locator("a.telechargement", has_text="XLSX").first.get_attribute("href")
    rapport = page.locator("#telechargements a").first.get_attribute("href")
    for lien, type_attendu in ((csv, "text/csv"), (xlsx, "spreadsheetml"), (rapport, "spreadsheetml")):
        reponse = page.request.get(f"{live_server.url}{lien}")
        assert reponse.status == 200 and type_attendu in reponse.headers["content-type"], lien

    # Nominative files read-only for them.
    page.goto(f"{live_server.url}/espace/usagers/?q=bernard")
    page.locator("#liste-usagers a", has_text="BERNARD Karim").click()
    expect(page.locator("#asll")).to_be_visible()
    expect(page.get_by_role("link", name="Renouveler")).to_have_count(0)


def _tab_jusqu_a(page, cible, maximum: int = 80) -> None:
    """Tab until `cible` has the focus (keyboard only), as a person who uses no mouse."""
    for _ in range(maximum):
        if cible.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{cible} ne s'atteint pas au clavier")


def test_dpo_au_clavier_seul_voit_qui_a_ouvert_le_dossier_et_exporte_les_donnees(
    espace_de, navigateur, live_server
):
    agent = espace_de("agent.droits")
    agent.goto(f"{live_server.url}/espace/usagers/?q=martin")
    agent.locator("#liste-usagers a", has_text="MARTIN Sophie").click()
    expect(agent.locator("h1")).to_contain_text("MARTIN Sophie")

    # The whole journey with the keyboard alone: sign-in, menu, search, the file's journal.
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/connexion/")
    _tab_jusqu_a(page, page.locator("#id_username"))
    page.keyboard.type("dpo")
    page.keyboard.press("Tab")
    page.keyboard.type(MOT_DE_PASSE)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/espace/")
    _tab_jusqu_a(page, page.locator("#menu-principal a", has_text="Protection des données"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/espace/protection-des-donnees/$"))
    _tab_jusqu_a(page, page.locator("#q"))
    page.keyboard.type("martin")
    page.keyboard.press("Enter")
    lien = page.locator("#personnes-dpo a", has_text="MARTIN Sophie")
    expect(lien).to_be_visible()
    _tab_jusqu_a(page, lien)
    page.keyboard.press("Enter")
    ligne = page.locator("#journal-personne tbody tr", has_text="agent.droits").first
    expect(ligne).to_contain_text("Consultation d'un dossier")
    expect(ligne).to_contain_text("Agent d'accompagnement administratif")
    expect(ligne).to_contain_text("espace de travail")
    _verifie(page, "21-dpo-1-qui-a-ouvert")
    _tab_jusqu_a(page, page.locator("#export"))
    export = page.request.get(f"{live_server.url}{page.locator('#export').get_attribute('href')}")
    assert export.status == 200 and export.json()["identite"]["nom"] == "MARTIN"
    page.goto(f"{live_server.url}/espace/protection-des-donnees/conservation/")
    expect(page.locator(".conservation").first).to_be_visible()
    _verifie(page, "21-dpo-2-conservation")
    contexte.close()
