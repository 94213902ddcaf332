"""Browser journeys (`make e2e`): Debian's Chromium driven by Playwright, against a live server on
a database seeded with the demo data (`charger_demo`). Not collected by `make test` (testpaths)."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are plain
# synchronous ones. Tests only — never in settings.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CAPTURES = Path(__file__).parent / "captures"
ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MOT_DE_PASSE = "demo-pacte-2020"


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable à {CHROMIUM} : apt-get install chromium", pytrace=False)
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS, headless=True)
        yield navigateur
        navigateur.close()


@pytest.fixture
def demo(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("charger_demo", stdout=StringIO())


@pytest.fixture
def page_de(navigateur, live_server, demo):
    """`page_de("agent.droits")`: a browser page logged in to the admin as that demo account."""
    contextes = []

    def ouvrir(username: str):
        contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        contextes.append(contexte)
        page = contexte.new_page()
        # The supervisors' dashboard computes every period of the year's lattice (about 14 s on the
        # demo data, two shared cores): a click that leads there waits for it.
        page.set_default_timeout(60_000)
        page.set_default_navigation_timeout(90_000)
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.fill("#id_username", username)
        page.fill("#id_password", MOT_DE_PASSE)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    yield ouvrir
    for contexte in contextes:
        contexte.close()


@pytest.fixture
def espace_de(navigateur, live_server, demo):
    """`espace_de("agent.droits")`: a browser page signed in on /connexion/, landed on the workspace."""
    contextes = []

    def ouvrir(username: str):
        contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        contextes.append(contexte)
        page = contexte.new_page()
        # The supervisors' dashboard computes every period of the year's lattice (about 14 s on the
        # demo data, two shared cores): a click that leads there waits for it.
        page.set_default_timeout(60_000)
        page.set_default_navigation_timeout(90_000)
        page.goto(f"{live_server.url}/connexion/")
        page.fill("#id_username", username)
        page.fill("#id_password", MOT_DE_PASSE)
        page.click("[type=submit]")
        page.wait_for_load_state()
        if "/connexion/second-facteur/enrolement/" in page.url:
            enroler(page, username)
        page.wait_for_url(f"{live_server.url}/espace/")
        return page

    yield ouvrir
    for contexte in contextes:
        contexte.close()


def enroler(page, username: str) -> None:
    """The first sign-in of an account that needs a second factor (administrators, the EMAS team): its
    authenticator application's code, then past the recovery codes."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    appareil = TOTPDevice.objects.get(user__username=username, confirmed=False)
    page.fill("#id_code", f"{TOTP(appareil.bin_key).token():06d}")
    page.click("input[type=submit]")
    page.click("text=Continuer")


AXE = Path(__file__).resolve().parent.parent / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG A and AA (every level named: axe's tags are not cumulative) and axe's RGAA mapping.
ETIQUETTES_AXE = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "RGAAv4"]


def accessibilite(page) -> None:
    """axe-core on the page as it is now: no violation of impact « serious » or « critical ». Necessary,
    not sufficient: axe checks a small part of the RGAA's criteria."""
    if not AXE.exists():
        pytest.fail(f"axe-core absent ({AXE}) : make e2e l'installe", pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    resultats = page.evaluate(
        "async (etiquettes) => await axe.run(document, {runOnly: {type: 'tag', values: etiquettes},"
        " resultTypes: ['violations']})",
        ETIQUETTES_AXE,
    )
    graves = [
        f"{v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in resultats["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not graves, f"{page.url} :\n" + "\n".join(graves)


def capture(page, nom: str) -> None:
    CAPTURES.mkdir(exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"{nom}.png"), full_page=True)
