"""The three journeys of issue 11, in headless Chromium, through the admin, on the demo data."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import CAPTURES, capture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _fr(jour: datetime.date) -> str:
    return f"{jour:%d/%m/%Y}"


def test_un_agent_1_1_trouve_helene_et_tient_son_dossier(page_de, live_server):
    from usagers.models import Usager

    hier = datetime.date.today() - datetime.timedelta(days=1)
    page = page_de("agent.droits")

    # Search without accents.
    page.goto(f"{live_server.url}/admin/usagers/usager/")
    page.fill("#searchbar", "helene")
    page.press("#searchbar", "Enter")
    resultat = page.locator("#result_list tbody tr").first
    expect(resultat).to_contain_text("Dupré")
    expect(resultat).to_contain_text("12/03/1980")
    expect(resultat).to_contain_text("Dijon")
    capture(page, "1-recherche-helene")
    resultat.locator("a").first.click()
    expect(page.locator("#dossier-usager")).to_contain_text("Accompagnements (action 1.1)")
    url_du_dossier = page.url

    # A follow-up, from the file (the person pre-filled).
    page.click("text=Ouvrir un accompagnement")
    expect(page.locator(".field-usager")).to_contain_text("DUPRÉ Hélène")
    page.fill("#id_date_debut", _fr(hier))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("ajouté")

    # A contact, from the follow-up's row in the file.
    page.goto(url_du_dossier)
    page.click("text=Ajouter un contact")
    page.fill("#id_date_0", _fr(hier))
    page.fill("#id_date_1", "10:00")
    page.select_option("#id_mode", index=1)
    page.fill("#id_duree_minutes", "30")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("ajouté")

    # A right, applied for, then opened: only the allowed next statuses are offered, with labels.
    page.goto(url_du_dossier)
    page.click("text=Enregistrer un droit")
    page.select_option("#id_type", index=1)
    page.select_option("#id_statut", "demande")
    page.fill("#id_date_identification", _fr(hier))
    page.fill("#id_date_demande", _fr(hier))
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("ajouté")
    options = page.locator("#id_statut option").all_inner_texts()
    assert "Identifié" not in " ".join(options)
    page.select_option("#id_statut", "ouvert")
    page.fill("#id_date_ouverture", _fr(datetime.date.today()))
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("modifié")
    expect(page.locator("#id_statut")).to_have_value("ouvert")
    capture(page, "1-droit-ouvert")

    page.goto(url_du_dossier)
    expect(page.locator("#dossier-usager")).to_contain_text("Ouvert")
    capture(page, "1-dossier-helene")

    # A person of another commune (Talant), by URL: nothing.
    autre = Usager.objects.get(nom="ROUSSEAU")
    page.goto(f"{live_server.url}/admin/usagers/usager/{autre.pk}/change/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert "ROUSSEAU" not in page.content()
    capture(page, "1-autre-commune-introuvable")


def test_un_travailleur_asll_tient_un_point_d_etape_en_retard(page_de, live_server):
    page = page_de("ts.asll")

    page.goto(f"{live_server.url}/admin/logement/mesureasll/")
    ligne = page.locator("#result_list tbody tr", has_text="BERNARD")
    expect(ligne).to_contain_text("en retard de")
    expect(page.locator("#changelist-filter")).to_contain_text("Mes mesures")
    capture(page, "2-portefeuille-retard")
    page.screenshot(path=str(CAPTURES / "2-portefeuille-retard-ecran.png"))

    ligne.locator("td.field-prochain_point a").click()
    expect(page.locator("h1")).to_contain_text("point d")
    page.fill("#id_date_realisee", _fr(datetime.date.today()))
    page.fill("#id_compte_rendu", "Point tenu au domicile : budget revu, dossier FSL en cours.")
    page.select_option("#id_avancement_budget", "en_cours")
    capture(page, "2-tenir-le-point")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("modifié")

    from logement.models import PointEtape

    tenu = PointEtape.objects.get(mesure__usager__nom="BERNARD", rang=1)
    assert tenu.date_realisee == datetime.date.today()
    assert tenu.realise_par.username == "ts.asll"


def _activite_2020():
    """Twelve persons received in Dijon in 2020: enough to pass the statistical secrecy (k = 11)."""
    from django.utils import timezone

    from accompagnements.services import accompagnement_ouvrir, contact_enregistrer
    from communes.models import Commune
    from comptes.models import User
    from usagers.services import usager_creer

    agent = User.objects.get(username="agent.droits")
    dijon = Commune.objects.get(pk="21231")
    for i in range(12):
        usager = usager_creer(
            par=agent,
            nom=f"ARCHIVE{i}",
            prenom="Test",
            date_naissance=datetime.date(1970, 1, 1 + i),
            commune=dijon,
        )
        suivi = accompagnement_ouvrir(usager=usager, par=agent, date_debut=datetime.date(2020, 2, 1))
        contact_enregistrer(
            accompagnement=suivi,
            par=agent,
            date=timezone.make_aware(datetime.datetime(2020, 3, 2 + i, 10, 0)),
            mode="rendez_vous",
            duree_minutes=30,
        )


def test_un_encadrant_lit_le_tableau_de_bord_2020(page_de, live_server):
    _activite_2020()
    page = page_de("encadrant")

    page.click("text=Tableau de bord des encadrants")
    page.click("#periode >> text=2020")
    expect(page.locator("#id_du")).to_have_value("2020-01-01")
    section = page.locator(".tdb-action", has_text="Action 1.1 —")
    expect(section.get_by_role("row", name=re.compile(r"^Dijon 12 "))).to_be_visible()
    expect(section.locator('svg.tdb-graphique rect:not([width="0"])').first).to_be_visible()
    expect(page.locator("body")).to_contain_text("Points d'étape ASLL en retard")
    assert "21231" not in page.locator("#content").inner_text()  # names, not INSEE codes
    capture(page, "3-tableau-de-bord-2020")
    page.screenshot(path=str(CAPTURES / "3-tableau-de-bord-2020-haut.png"))
