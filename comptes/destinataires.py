"""Who receives a dispositif's reminders, beyond the référent: the supervisors of the person's
commune (escalations). Used by the dispositifs' rules (`config.dispositifs.RegleRappel`)."""

from collections.abc import Callable, Iterable

from communes.habilitations import comptes_par_commune
from comptes.roles import Role
from config.dispositifs import Rappel


def encadrants_par_commune(dispositif: str) -> dict[str, set[int]]:
    """The supervisors (`encadrant`) granted `dispositif`, per commune."""
    return comptes_par_commune(dispositif, Role.ENCADRANT)


def sans_inactifs(lignes: Iterable[tuple]) -> Iterable[tuple]:
    """(pk, commune, référent, référent actif, …) → (pk, commune, référent or None, …)."""
    for pk, commune, referent_id, actif, *reste in lignes:
        yield (pk, commune, referent_id if actif else None, *reste)


def escalader(
    lignes: Iterable[tuple], dispositif: str, fabriquer: Callable[[tuple, int], Rappel]
) -> list[Rappel]:
    """`lignes`: (objet_id, commune de l'usager, référent ou None, …). One reminder to the référent and
    to each supervisor granted on the commune, each person once. No row (the daily re-run, where
    everything is reminded already): no query for the supervisors."""
    lignes = list(lignes)
    if not lignes:
        return []
    encadrants = encadrants_par_commune(dispositif)
    rappels = []
    for ligne in lignes:
        _objet_id, commune_id, referent_id = ligne[:3]
        destinataires = set(encadrants.get(commune_id, ()))
        if referent_id is not None:
            destinataires.add(referent_id)
        rappels.extend(fabriquer(ligne, destinataire) for destinataire in sorted(destinataires))
    return rappels
