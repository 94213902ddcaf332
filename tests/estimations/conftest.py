import types

import pytest


class ErreurMoteurFactice(Exception):
    pass


@pytest.fixture
def moteur_factice(monkeypatch):
    """The OpenFisca side replaced by fixed amounts (the default suite has no OpenFisca):
    `moteur_factice.montants` is what every household gets; `moteur_factice.erreur` makes it fail."""
    faux = types.SimpleNamespace(
        montants={"rsa": 573.49, "als": 308.0, "apl": 0.0, "prime_activite": 0.0},
        erreur=None,
        refuse_loyer=None,  # the model refuses any household with this rent (as a string)
        appels=[],
        ErreurMoteur=ErreurMoteurFactice,
    )

    def calculer(foyers, periode):
        faux.appels.append((sorted(foyers), periode))
        if faux.erreur:
            raise ErreurMoteurFactice(faux.erreur)
        if faux.refuse_loyer and any(e["loyer"] == faux.refuse_loyer for e in foyers.values()):
            raise ErreurMoteurFactice("loyer refusé")
        return {cle: dict(faux.montants) for cle in foyers}

    faux.calculer = calculer
    faux.versions = lambda: {"openfisca_france": "176.1.8", "openfisca_core": "44.7.1"}
    monkeypatch.setattr("estimations.tasks._moteur", lambda: faux)
    return faux
