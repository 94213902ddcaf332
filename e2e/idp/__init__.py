"""Starts the test OpenID provider (`serveur.mjs`: oidc-provider under Node, on 127.0.0.1, a free
port) for the tests of the ProConnect sign-in and the browser journey, and gives the Django settings
that point the application at it (read from its discovery document, as a deployment would)."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests

from comptes.proconnect import reglages_depuis_decouverte

RACINE = Path(__file__).resolve().parent.parent.parent
SCRIPT = Path(__file__).resolve().parent / "serveur.mjs"
MODULE = RACINE / "build" / "oidc" / "node_modules" / "oidc-provider" / "lib" / "index.js"
CLIENT_ID = "pacte-solidarite-test"
CLIENT_SECRET = "secret-du-client-de-test-32-caracteres-au-moins"

# The two test users of serveur.mjs: identifier, password, e-mail, `acr`.
CAMILLE = {"login": "camille", "mot_de_passe": "camille-proconnect-test", "acr": "eidas1"}
CAMILLE["email"] = "camille.martin@dijon-metropole.test"
DOMINIQUE = {"login": "dominique", "mot_de_passe": "dominique-proconnect-test", "acr": "eidas2"}
DOMINIQUE["email"] = "dominique.leroy@dijon-metropole.test"


class FournisseurIndisponible(Exception):
    """Node or oidc-provider is missing (`make test` / `make e2e` install oidc-provider)."""


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FournisseurDeTest:
    def __init__(self, *, redirections: list[str], apres_deconnexion: list[str]):
        self.redirections = redirections
        self.apres_deconnexion = apres_deconnexion
        self.processus: subprocess.Popen | None = None
        self.url = ""
        self.decouverte: dict = {}

    def demarrer(self) -> "FournisseurDeTest":
        node = shutil.which("node")
        if node is None:
            raise FournisseurIndisponible("node introuvable")
        if not MODULE.exists():
            raise FournisseurIndisponible(
                f"oidc-provider absent de {MODULE.parent.parent} : make test l'installe"
            )
        port = port_libre()
        self.url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "IDP_PORT": str(port),
            "IDP_CLIENT_ID": CLIENT_ID,
            "IDP_CLIENT_SECRET": CLIENT_SECRET,
            "IDP_REDIRECT_URIS": ",".join(self.redirections),
            "IDP_POST_LOGOUT_REDIRECT_URIS": ",".join(self.apres_deconnexion),
            "OIDC_PROVIDER_MODULE": str(MODULE),
        }
        self.processus = subprocess.Popen(
            [node, str(SCRIPT)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        limite = time.monotonic() + 30
        while time.monotonic() < limite:
            if self.processus.poll() is not None:
                raise FournisseurIndisponible(f"le fournisseur s'est arrêté : {self.processus.stderr.read()}")
            try:
                reponse = requests.get(f"{self.url}/.well-known/openid-configuration", timeout=2)
                if reponse.ok:
                    self.decouverte = reponse.json()
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.arreter()
        raise FournisseurIndisponible("le fournisseur n'a pas répondu en 30 s")

    def reglages(self, **autres) -> dict:
        """The Django settings of a deployment configured for this provider (as PROCONNECT_* would)."""
        return {
            **reglages_depuis_decouverte(self.decouverte),
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            **autres,
        }

    def arreter(self) -> None:
        if self.processus is not None and self.processus.poll() is None:
            self.processus.terminate()
            try:
                self.processus.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.processus.kill()
        if self.processus is not None and self.processus.stderr is not None:
            self.processus.stderr.close()
