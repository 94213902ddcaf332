"""The test OpenID provider (e2e/idp/serveur.mjs, a real oidc-provider under Node) for the tests of the
ProConnect sign-in: started once for the run on 127.0.0.1, stopped at its end. Without Node or
oidc-provider (`make test` installs it) these tests skip on a workstation and fail when CI=true."""

import os

import pytest

from e2e.idp import FournisseurDeTest, FournisseurIndisponible

REDIRECTION = "http://testserver/oidc/callback/"
APRES_DECONNEXION = "http://testserver/deconnexion/terminee/"


@pytest.fixture(scope="session")
def fournisseur_oidc():
    fournisseur = FournisseurDeTest(redirections=[REDIRECTION], apres_deconnexion=[APRES_DECONNEXION])
    try:
        fournisseur.demarrer()
    except FournisseurIndisponible as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Fournisseur OpenID de test indisponible : {exc} (CI=true)", pytrace=False)
        pytest.skip(f"Fournisseur OpenID de test indisponible : {exc}")
    yield fournisseur
    fournisseur.arreter()


@pytest.fixture
def proconnect(settings, fournisseur_oidc):
    """This deployment configured for the test provider; `eidas2` and `eidas3` declared strong."""
    for nom, valeur in fournisseur_oidc.reglages(PROCONNECT_ACR_FORTS=["eidas2", "eidas3"]).items():
        setattr(settings, nom, valeur)
    return fournisseur_oidc
