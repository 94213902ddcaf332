"""The one module that imports OpenFisca. It runs only in the estimation worker (queue `openfisca`,
image stage `estimation`, virtualenv `.venv-estimation`); the web process never imports it
(`tests/estimations/test_isolation.py`).

Input: the JSON snapshot of a household (`estimations.situation.entrees_du_foyer`), output: the
monthly amount of each benefit, by catalogue code. The tax-benefit system is loaded once per worker
process (a few seconds, 300 MB), then reused by every task; several households are simulated in
one OpenFisca simulation (one entity each), which is what makes the nightly batch cheap.
"""

from functools import cache
from importlib import metadata

from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_france import FranceTaxBenefitSystem

# Catalogue code (`TypeDroit.code`, accompagnements/migrations/0002) → OpenFisca-France variable
# (monthly, per famille except AAH, per individual and summed over the household).
PRESTATIONS: dict[str, str] = {
    "rsa": "rsa",
    "prime_activite": "ppa",
    "apl": "apl",
    "als": "als",
    "alf": "alf",
    "allocations_familiales": "af",
    "asf": "asf",
    "complement_familial": "cf",
    "aspa": "aspa",
    "aah": "aah",
}

# Resources are described as a stable monthly amount (the form asks the amount of the last three
# months); the model reads them over the months it needs: the last three months (RSA, prime
# d'activité), the reference year N-2 (housing aid, family benefits). We give every month from
# January of N-2 to the month estimated.
RESSOURCES: dict[str, str] = {
    "salaire_brut": "salaire_de_base",
    "retraite_brute": "retraite_brute",
    "chomage_brut": "chomage_brut",
    "pension_alimentaire_recue": "pensions_alimentaires_percues",
}

STATUT_MARITAL: dict[str, str] = {
    "seul": "celibataire",
    "marie": "marie",
    "pacse": "pacse",
    "concubinage": "celibataire",  # a couple not married: one famille, each celibataire
}


class ErreurMoteur(Exception):
    """OpenFisca refused the situation or failed while computing it."""


@cache
def systeme():
    """The tax-benefit system, loaded once per process."""
    return FranceTaxBenefitSystem()


def versions() -> dict[str, str]:
    return {
        "openfisca_france": metadata.version("openfisca-france"),
        "openfisca_core": metadata.version("openfisca-core"),
    }


def _mois_lus(periode: str) -> list[str]:
    annee, mois = (int(x) for x in periode.split("-"))
    return [
        f"{a}-{m:02d}" for a in range(annee - 2, annee + 1) for m in range(1, 13) if (a, m) <= (annee, mois)
    ]


def situation(foyers: dict[str, dict], periode: str) -> dict:
    """The OpenFisca situation (JSON test case) of several households for the month `periode`."""
    mois = _mois_lus(periode)
    individus: dict[str, dict] = {}
    familles: dict[str, dict] = {}
    foyers_fiscaux: dict[str, dict] = {}
    menages: dict[str, dict] = {}
    for cle, foyer in foyers.items():
        parents, enfants = [], []
        for rang, membre in enumerate(foyer["membres"]):
            nom = f"{cle}_{rang}"
            individu: dict = {
                "date_naissance": {"ETERNITY": membre["date_naissance"]},
                "statut_marital": {
                    periode: STATUT_MARITAL[foyer["situation_couple"]]
                    if membre["role"] != "enfant"
                    else "celibataire"
                },
            }
            for champ, variable in RESSOURCES.items():
                montant = float(membre.get(champ) or 0)
                individu[variable] = dict.fromkeys(mois, montant)
            individus[nom] = individu
            (enfants if membre["role"] == "enfant" else parents).append(nom)
        familles[cle] = {"parents": parents, "enfants": enfants}
        foyers_fiscaux[cle] = {"declarants": parents, "personnes_a_charge": enfants}
        menage: dict = {
            "personne_de_reference": parents[:1],
            "conjoint": parents[1:],
            "enfants": enfants,
            "depcom": {periode: foyer["depcom"]},
            "statut_occupation_logement": {periode: foyer["statut_occupation"]},
            "loyer": {periode: float(foyer.get("loyer") or 0)},
        }
        menages[cle] = menage
    return {
        "individus": individus,
        "familles": familles,
        "foyers_fiscaux": foyers_fiscaux,
        "menages": menages,
    }


def calculer(foyers: dict[str, dict], periode: str) -> dict[str, dict[str, float]]:
    """The monthly amount of each benefit of `PRESTATIONS`, per household key, for `periode`.

    Raises `ErreurMoteur` with the model's message when it refuses the situation or fails."""
    if not foyers:
        return {}
    donnees = situation(foyers, periode)
    try:
        simulation = SimulationBuilder().build_from_entities(systeme(), donnees)
        resultats: dict[str, dict[str, float]] = {cle: {} for cle in foyers}
        cles = list(foyers)
        for code, variable in PRESTATIONS.items():
            if variable == "aah":  # per person: the household's total
                par_famille = simulation.populations["famille"].sum(simulation.calculate("aah", periode))
            else:
                par_famille = simulation.calculate(variable, periode)
            for cle, montant in zip(cles, par_famille, strict=True):
                resultats[cle][code] = round(float(montant), 2)
    except Exception as exc:  # the model raises many kinds; the task turns them into `erreur`
        raise ErreurMoteur(str(exc)) from exc
    return resultats
