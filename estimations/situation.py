"""From a household to the model's input, and the rules that make a household possible.

Pure Python, no OpenFisca: the web process validates a household (400 naming the field) and
computes the snapshot and its fingerprint before any task runs; the worker reads only the snapshot.
"""

import hashlib
import json
from datetime import date

from config.errors import RegleMetierError
from estimations.models import LOCATAIRES, RoleMembre, SituationCouple

CHAMPS_RESSOURCES = ("salaire_brut", "retraite_brute", "chomage_brut", "pension_alimentaire_recue")
AGE_MIN_PARENT_ENFANT = 12  # years between a parent and a child: below, the birth dates are wrong


def _age(naissance: date, jour: date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def valider_membres(
    *, situation_couple: str, statut_occupation: str, loyer, membres: list[dict], jour: date
) -> None:
    """Refuse an impossible household, naming the field (`membres[i].date_naissance`…)."""
    if statut_occupation not in LOCATAIRES and loyer and loyer > 0:
        raise RegleMetierError("Un loyer ne s'indique que pour un locataire.", champ="loyer")
    roles = [m["role"] for m in membres]
    if roles.count(RoleMembre.DEMANDEUR) != 1:
        raise RegleMetierError(
            "Le foyer a exactement une personne de référence (rôle « demandeur »).", champ="membres"
        )
    en_couple = situation_couple != SituationCouple.SEUL
    if roles.count(RoleMembre.CONJOINT) != (1 if en_couple else 0):
        message = (
            "Un foyer en couple décrit le conjoint (un membre « conjoint »)."
            if en_couple
            else "Une personne seule n'a pas de conjoint : changez la situation de couple."
        )
        raise RegleMetierError(message, champ="situation_couple")
    adultes = [m for m in membres if m["role"] != RoleMembre.ENFANT]
    plus_jeune_adulte = max(m["date_naissance"] for m in adultes)
    for rang, membre in enumerate(membres):
        champ = f"membres[{rang}].date_naissance"
        if membre["date_naissance"] > jour:
            raise RegleMetierError("La date de naissance ne peut pas être dans le futur.", champ=champ)
        if membre["date_naissance"].year < 1900:
            raise RegleMetierError("Date de naissance invraisemblable (avant 1900).", champ=champ)
        if membre["role"] == RoleMembre.ENFANT:
            if _age(plus_jeune_adulte, membre["date_naissance"]) < AGE_MIN_PARENT_ENFANT:
                raise RegleMetierError(
                    "Un enfant ne peut pas être plus âgé que ses parents (ou né avant leurs 12 ans).",
                    champ=champ,
                )
            if _age(membre["date_naissance"], jour) >= 25:
                raise RegleMetierError("Un enfant à charge a moins de 25 ans.", champ=champ)
        elif _age(membre["date_naissance"], jour) < 16:
            raise RegleMetierError("Un adulte du foyer a au moins 16 ans.", champ=champ)
        for ressource in CHAMPS_RESSOURCES:
            valeur = membre.get(ressource) or 0
            if valeur < 0:
                raise RegleMetierError(
                    "Les ressources ne peuvent pas être négatives.", champ=f"membres[{rang}].{ressource}"
                )


def entrees_du_foyer(foyer) -> dict:
    """The snapshot sent to the model (JSON, no name, no identifier of the person)."""
    return {
        "situation_couple": foyer.situation_couple,
        "statut_occupation": foyer.statut_occupation,
        "loyer": str(foyer.loyer),
        "depcom": foyer.commune_id,
        "membres": [
            {
                "role": m.role,
                "date_naissance": m.date_naissance.isoformat(),
                **{champ: str(getattr(m, champ)) for champ in CHAMPS_RESSOURCES},
            }
            for m in foyer.membres.all()
        ],
    }


def empreinte(entrees: dict, periode: str) -> str:
    """SHA-256 of the inputs and the month: equal fingerprints, equal estimations (same model)."""
    texte = json.dumps({"periode": periode, "entrees": entrees}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(texte.encode()).hexdigest()


def date_legislation(periode: str) -> date:
    """The legislation applied: the one in force on the first day of the month estimated."""
    annee, mois = (int(x) for x in periode.split("-"))
    return date(annee, mois, 1)
