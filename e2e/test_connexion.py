"""Signing in, in headless Chromium (issue 25): through ProConnect — a real OpenID provider
(e2e/idp/serveur.mjs, oidc-provider) on 127.0.0.1 — to the application and out again through the
provider's logout confirmation; and an administrator's first local sign-in, which enrols the second
factor."""

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from e2e.conftest import ARGUMENTS, CHROMIUM, MOT_DE_PASSE, capture  # noqa: F401 - shared set-up
from e2e.idp import CAMILLE, DOMINIQUE, FournisseurDeTest, FournisseurIndisponible

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="session")
def fournisseur_e2e(live_server):
    fournisseur = FournisseurDeTest(
        redirections=[f"{live_server.url}/oidc/callback/"],
        apres_deconnexion=[f"{live_server.url}/deconnexion/terminee/"],
    )
    try:
        fournisseur.demarrer()
    except FournisseurIndisponible as exc:
        pytest.fail(f"Fournisseur OpenID de test indisponible : {exc} (make e2e l'installe)", pytrace=False)
    yield fournisseur
    fournisseur.arreter()


@pytest.fixture
def proconnect(settings, fournisseur_e2e, demo):
    for nom, valeur in fournisseur_e2e.reglages(PROCONNECT_ACR_FORTS=["eidas2", "eidas3"]).items():
        setattr(settings, nom, valeur)
    return fournisseur_e2e


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    yield page
    contexte.close()


def _donner_l_adresse(username: str, personne: dict) -> None:
    from comptes.models import User

    User.objects.filter(username=username).update(email=personne["email"])


def _chez_le_fournisseur(page, personne: dict) -> None:
    expect(page.locator("h1")).to_contain_text("Connexion à votre organisation")
    page.fill("#login", personne["login"])
    page.fill("#password", personne["mot_de_passe"])
    page.click("button[type=submit]")


def test_un_agent_se_connecte_avec_proconnect_puis_se_deconnecte_partout(page, live_server, proconnect):
    _donner_l_adresse("agent.droits", CAMILLE)

    page.goto(f"{live_server.url}/connexion/")
    expect(page.locator("#proconnect")).to_contain_text("S'identifier avec ProConnect")
    capture(page, "25-1-page-de-connexion")
    page.click("#proconnect")
    _chez_le_fournisseur(page, CAMILLE)

    # Landed on the agents' workspace (CONNEXION_ARRIVEE_URL).
    page.wait_for_url(f"{live_server.url}/espace/")
    expect(page.locator("#compte")).to_contain_text("agent.droits")
    capture(page, "25-2-arrivee-apres-proconnect")

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("h1")).to_contain_text("Se déconnecter de ProConnect (test) ?")
    capture(page, "25-3-confirmation-de-deconnexion-proconnect")
    page.click("button[value=yes]")

    page.wait_for_url(f"{live_server.url}/connexion/")
    expect(page.locator(".messages")).to_contain_text("Vous êtes déconnecté, de ce service et de ProConnect.")
    capture(page, "25-4-deconnecte")
    # The provider's session is over too: its button asks for the password again.
    page.click("#proconnect")
    expect(page.locator("h1")).to_contain_text("Connexion à votre organisation")

    from comptes.models import Evenement, EvenementDeConnexion

    journal = EvenementDeConnexion.objects.filter(compte="agent.droits").order_by("id")
    assert list(journal.values_list("evenement", flat=True)) == [
        Evenement.LIAISON,
        Evenement.CONNEXION,
        Evenement.DECONNEXION,
    ]


def test_un_membre_emas_avec_un_acr_fort_arrive_directement(page, live_server, proconnect):
    _donner_l_adresse("infirmier.emas", DOMINIQUE)

    page.goto(f"{live_server.url}/connexion/?next=/admin/emas/signalement/")
    page.click("#proconnect")
    _chez_le_fournisseur(page, DOMINIQUE)

    page.wait_for_url(f"{live_server.url}/admin/emas/signalement/")
    expect(page.locator("#content h1")).to_be_visible()
    capture(page, "25-5-equipe-emas-acr-fort")


def test_un_administrateur_enrole_son_second_facteur_a_la_premiere_connexion(page, live_server, demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")

    page.wait_for_url(f"{live_server.url}/connexion/second-facteur/enrolement/")
    expect(page.locator("svg")).to_be_visible()
    capture(page, "25-6-enrolement-qr-code")
    # Without the code, the admin stays closed.
    reponse = page.request.get(f"{live_server.url}/admin/")
    assert reponse.status == 403 and "second facteur" in reponse.text()

    appareil = TOTPDevice.objects.get(user__username="admin", confirmed=False)
    page.fill("#id_code", f"{TOTP(appareil.bin_key).token():06d}")
    page.click("input[type=submit]")
    expect(page.locator("#codes li")).to_have_count(10)
    capture(page, "25-7-codes-de-secours")
    page.click("text=Continuer")

    # Back to the page asked for before signing in (the admin).
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.locator("#user-tools")).to_contain_text("admin")
    capture(page, "25-8-administrateur-connecte")
