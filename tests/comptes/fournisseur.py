"""Playing the agent at the test OpenID provider without a browser (the browser journey is e2e's)."""

from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

RETOUR = "http://testserver/"


def parcourir_le_fournisseur(url: str, compte: dict, navigateur: requests.Session | None = None) -> str:
    """From the provider's authorisation URL: its sign-in form, then the consent it gives by itself,
    until it sends the browser back here; returns that URL (the callback, with `code` and `state`).
    `navigateur` keeps the provider's cookies (its session) between calls."""
    navigateur = navigateur or requests.Session()
    for _ in range(12):
        reponse = navigateur.get(url, allow_redirects=False, timeout=10)
        if reponse.status_code == 200 and 'name="login"' in reponse.text:
            reponse = navigateur.post(
                url,
                data={"login": compte["login"], "password": compte["mot_de_passe"]},
                allow_redirects=False,
                timeout=10,
            )
        assert reponse.is_redirect, (reponse.status_code, reponse.text[:500])
        url = urljoin(url, reponse.headers["Location"])
        if url.startswith(RETOUR):
            return url
    raise AssertionError("le fournisseur ne renvoie pas vers l'application")


def chemin(url: str) -> str:
    """The path and query of an URL of this application (for the test client)."""
    return url.removeprefix(RETOUR.rstrip("/"))


def parametres(url: str) -> dict[str, str]:
    return {cle: valeurs[0] for cle, valeurs in parse_qs(urlsplit(url).query).items()}


def se_connecter(client, compte: dict, navigateur: requests.Session | None = None, suivant: str = ""):
    """The whole ProConnect sign-in through the test client: the button, the provider, the return."""
    depart = client.get("/oidc/authenticate/" + (f"?next={suivant}" if suivant else ""))
    assert depart.status_code == 302, depart
    return client.get(chemin(parcourir_le_fournisseur(depart["Location"], compte, navigateur)))


def texte(reponse) -> str:
    """A page's HTML, its entities decoded (an apostrophe of a message is escaped)."""
    return unescape(reponse.content.decode())
