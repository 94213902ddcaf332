"""The agents' workspace (/espace/), one journey per role, in headless Chromium on the demo data. axe-core
runs on every page a journey visits (no violation « serious » or « critical »); the 1.1 agent's
search is done with the keyboard alone. Screenshots in e2e/captures/."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import accessibilite, capture

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
