"""The person's right of access (RGPD art. 15): everything the system holds about one person, as
JSON — identity, residences, every dispositif's records, their change history, the journal
entries about her. A compartment's content (health data) only for a requester inside it on her
commune; otherwise one fixed sentence per compartment, the same for every person, so the export
reveals nothing about whether the team knows her."""

import base64

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone

from comptes.perms import est_dpo
from config import dispositifs as registre
from config.errors import Introuvable
from conservation.services import activites
from historique.models import modele_historique
from journal.models import Action, EntreeJournal, Origine
from journal.services import journaliser
from usagers.compartiment import REGISTRE, filtre_compartiment
from usagers.models import Usager


def peut_exporter(user) -> bool:
    """L'export des données d'une personne et son anonymisation anticipée sont des actes
    d'administrateur (superutilisateur actif) ou du délégué à la protection des données."""
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and (user.is_superuser or est_dpo(user))
    )


def _compartiments_vus(par, usager: Usager) -> set[str]:
    """The compartments whose data on `usager` the requester may read (inside them on her commune)."""
    return {
        code
        for code in registre.codes(compartiment=True)
        if Usager.objects.filter(filtre_compartiment(par, code), pk=usager.pk).exists()
    }


def usager_pour_export(*, usager_id: int, par) -> Usager:
    """The person, or `Introuvable` — also for a person known only to a compartment when the
    requester is outside it (her existence is itself health data)."""
    try:
        usager = Usager.objects.get(pk=usager_id)
    except (Usager.DoesNotExist, ValueError, TypeError) as exc:
        raise Introuvable("Usager introuvable.") from exc
    if usager.compartiment != REGISTRE and usager.compartiment not in _compartiments_vus(par, usager):
        raise Introuvable("Usager introuvable.")
    return usager


def _ligne(objet: Model) -> dict:
    donnees = model_to_dict(objet, fields=[f.name for f in objet._meta.concrete_fields])
    return {"modele": objet._meta.label_lower, **{k: _json(v) for k, v in donnees.items()}}


def _json(valeur):
    """A value of any model field as JSON: a related record by its id, a JSON field's dicts and lists
    walked, bytes in base64, dates, decimals and ids by Django's encoder (a new field type that none
    of these knows fails `tests/conservation/test_droit_d_acces.py`, generated from the models)."""
    if isinstance(valeur, Model):
        return valeur.pk
    if isinstance(valeur, dict):
        return {str(cle): _json(v) for cle, v in valeur.items()}
    if isinstance(valeur, list | tuple | set | frozenset):
        return [_json(v) for v in valeur]
    if isinstance(valeur, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(valeur)).decode("ascii")
    if isinstance(valeur, str | int | float | bool | type(None)):
        return valeur
    return DjangoJSONEncoder().default(valeur)


def _historique(modele_label: str, ids: list[int]) -> list[dict]:
    evenements = modele_historique(modele_label)
    if evenements is None or not ids:
        return []
    lignes = evenements.objects.filter(pgh_obj_id__in=ids).select_related("pgh_context").order_by("pgh_id")
    resultat = []
    for e in lignes:
        valeurs = {
            f.attname: _json(getattr(e, f.attname))
            for f in e._meta.concrete_fields
            if not f.name.startswith("pgh_")
        }
        contexte = e.pgh_context.metadata if e.pgh_context_id else {}
        resultat.append(
            {
                "modele": modele_label,
                "objet_id": e.pgh_obj_id,
                "quand": _json(e.pgh_created_at),
                "evenement": e.pgh_label,
                "auteur_id": contexte.get("user"),
                "valeurs": valeurs,
            }
        )
    return resultat


def donnees_de_la_personne(*, usager: Usager, par) -> dict:
    """Everything about `usager` (journaled as `exporte`)."""
    vus = _compartiments_vus(par, usager)
    dossiers: dict[str, list[dict]] = {}
    historique = _historique("usagers.usager", [usager.pk])
    residences = list(usager.residences.all())
    historique += _historique("usagers.residence", [r.pk for r in residences])
    exportes: list[Model] = [usager]
    for dispositif, dossier in activites():
        compartiment = registre.compartiment_du_modele(dossier.model)
        if compartiment and compartiment not in vus:
            continue
        lignes = list(dossier.model.objects.filter(**{dossier.usager: usager.pk}).order_by("pk"))
        caches = set(registre.codes(compartiment=True)) - vus  # rows pointing into an unseen compartment
        lignes = [o for o in lignes if getattr(o, dossier.compartiment_vise, "") not in caches]
        if lignes:
            dossiers.setdefault(dispositif, []).extend(_ligne(o) for o in lignes)
            historique += _historique(dossier.modele.lower(), [o.pk for o in lignes])
            exportes += lignes
    journal = EntreeJournal.objects.filter(usager_id=usager.pk, compartiment__in=[REGISTRE, *vus])
    export = {
        "exporte_le": timezone.now().isoformat(),
        "exporte_par": par.get_username(),
        "identite": {k: v for k, v in _ligne(usager).items() if k not in ("modele", "compartiment")},
        "residences": [_ligne(r) for r in residences],
        "dossiers": dossiers,
        "historique": historique,
        "journal": [
            {
                "quand": _json(e.quand),
                "auteur": e.auteur,
                "action": e.action,
                "origine": e.origine,
                "objet_type": e.objet_type,
                "objet_id": e.objet_id,
            }
            for e in journal.order_by("quand", "id")
        ],
    }
    for code in registre.codes(compartiment=True):
        if code not in vus:
            export[code] = registre.dispositif(code).mention_droit_d_acces
    journaliser(par=par, action=Action.EXPORTE, objets=exportes, origine=Origine.API)
    return export
