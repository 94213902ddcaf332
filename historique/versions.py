"""The versions of a record, as people read them: when, by whom, what changed (previous → new).
Answers `config.signaux.versions_demandees` (the admin's « Historique » page, `historique.apps`)."""

from django.contrib.auth import get_user_model

from communes.models import Commune
from config.formats import date_fr
from config.validators import ValidateurCodes
from historique.models import modele_historique


def _nom_de_l_auteur(prenom: str, nom: str, identifiant: str) -> str:
    """An author as colleagues name them: « Hélène Dupré (h.dupre) », the account alone without a name."""
    nom_complet = f"{prenom} {nom}".strip()
    return f"{nom_complet} ({identifiant})" if nom_complet else identifiant


def _nom_de(objet) -> str:
    """A related record as people name it: a commune by its name (not its code), an agent by theirs."""
    if isinstance(objet, Commune):
        return objet.nom
    if isinstance(objet, get_user_model()):
        return _nom_de_l_auteur(objet.first_name, objet.last_name, objet.get_username())
    return str(objet)


def versions_de(objet) -> list[dict]:
    """Each version of `objet`, oldest first: when, by whom, what changed (previous → new)."""
    evenements = modele_historique(objet._meta.label_lower)
    if evenements is None:
        return []
    lignes = list(
        evenements.objects.filter(pgh_obj_id=objet.pk).select_related("pgh_context").order_by("pgh_id")
    )
    champs = [f for f in evenements._meta.concrete_fields if not f.name.startswith("pgh_")]
    auteurs_ids = {(e.pgh_context.metadata or {}).get("user") for e in lignes if e.pgh_context_id}
    auteurs = {
        pk: _nom_de_l_auteur(prenom, nom, identifiant)
        for pk, prenom, nom, identifiant in get_user_model()
        .objects.filter(pk__in=[a for a in auteurs_ids if a])
        .values_list("pk", "first_name", "last_name", "username")
    }
    versions, precedent = [], None
    for e in lignes:
        contexte = e.pgh_context.metadata if e.pgh_context_id else {}
        bruts = [
            (f.name, getattr(precedent, f.attname) if precedent else None, getattr(e, f.attname))
            for f in champs
            if precedent is None or getattr(precedent, f.attname) != getattr(e, f.attname)
        ]
        noms = {f.name: str(f.verbose_name) for f in champs}
        versions.append(
            {
                "quand": e.pgh_created_at,
                "evenement": e.pgh_label,
                "auteur": auteurs.get(contexte.get("user"), ""),
                "changements": [(noms[nom], avant, apres) for nom, avant, apres in bruts],
                "changements_bruts": bruts,
            }
        )
        precedent = e
    return versions


def repondre(sender, *, objet, **kwargs) -> list[dict]:
    """Receiver of `config.signaux.versions_demandees` (the admin's « Historique »): as people read them."""
    return versions_lisibles(objet)


# Never shown to a person: identifiers, the version counter, fields no one types (search key,
# compartment, archive dates, authorship columns are told by « par »).
_INTERNES = {"id", "version"}


def _lisible(champ, valeur, libelles: dict) -> str:
    if valeur is None or valeur == "":
        return "—"
    if champ.is_relation:
        return libelles.get((champ.name, valeur), "—")
    if champ.flatchoices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if hasattr(valeur, "strftime"):
        return date_fr(valeur)
    if isinstance(valeur, list):
        # A list of codes (`ValidateurCodes`: objectives, motives…) by their labels.
        choix = {
            c: str(libelle)
            for v in champ.validators
            if isinstance(v, ValidateurCodes)
            for c, libelle in v.enum.choices
        }
        return ", ".join(choix.get(v, str(v)) for v in valeur)
    return str(valeur)


def versions_lisibles(objet) -> list[dict]:
    """The versions of `objet` as a person reads them: the fields people fill only (no identifier,
    version, search key, compartment, authorship column), a related record by its name, a choice by
    its label, a date in French; newest first."""
    evenements = modele_historique(objet._meta.label_lower)
    if evenements is None:
        return []
    champs = {
        f.name: f
        for f in type(objet)._meta.concrete_fields
        if f.editable and f.name not in _INTERNES and not f.name.startswith(("cree_", "modifie_"))
    }
    versions = versions_de(objet)
    # Related records named in one query per relation.
    ids: dict[str, set] = {}
    for version in versions:
        for nom, avant, apres in version["changements_bruts"]:
            champ = champs.get(nom)
            if champ is not None and champ.is_relation:
                ids.setdefault(nom, set()).update(v for v in (avant, apres) if v is not None)
    libelles = {
        (nom, pk): _nom_de(o)
        for nom, valeurs in ids.items()
        for pk, o in champs[nom].related_model._base_manager.in_bulk(list(valeurs)).items()
    }
    lisibles = []
    for version in versions:
        changements = [
            (
                str(champs[nom].verbose_name),
                _lisible(champs[nom], avant, libelles),
                _lisible(champs[nom], apres, libelles),
            )
            for nom, avant, apres in version["changements_bruts"]
            if nom in champs
            and not (avant in (None, "") and apres in (None, "") and version["evenement"] == "insert")
        ]
        if changements:
            lisibles.append(
                {
                    "quand": version["quand"],
                    "evenement": "création" if version["evenement"] == "insert" else "modification",
                    "auteur": version["auteur"] or "—",
                    "changements": changements,
                }
            )
    return lisibles[::-1]
