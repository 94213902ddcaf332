"""The person's right of access (RGPD art. 15): everything the system holds about one person, as
JSON — identity, residences, every dispositif's records, their change history, the journal
entries about her. EMAS content (health data) only for a requester holding the `emas` grant on her
commune; otherwise one fixed sentence, the same for every person, so the export reveals nothing
about whether the team knows her."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone

from config.errors import Introuvable
from conservation.activite import toutes_les_activites
from journal.models import Action, EntreeJournal, Origine
from journal.services import journaliser
from usagers.compartiment import est_compartimente, filtre_emas
from usagers.models import Compartiment, Usager

MENTION_EMAS = (
    "Les éventuelles données de santé (équipe mobile EMAS, action 2.3) sont détenues par l'équipe "
    "EMAS et communiquées par elle seule ; cet export n'en contient pas."
)


def peut_exporter(user) -> bool:
    """L'export des données d'une personne et son anonymisation anticipée sont des actes
    d'administrateur (superutilisateur actif)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def _voit_emas(par, usager: Usager) -> bool:
    return Usager.objects.filter(filtre_emas(par), pk=usager.pk).exists()


def usager_pour_export(*, usager_id: int, par) -> Usager:
    """The person, or `Introuvable` — also for a person known only to the EMAS compartment when the
    requester is outside it (her existence is itself health data)."""
    try:
        usager = Usager.objects.get(pk=usager_id)
    except (Usager.DoesNotExist, ValueError, TypeError) as exc:
        raise Introuvable("Usager introuvable.") from exc
    if usager.compartiment == Compartiment.EMAS and not _voit_emas(par, usager):
        raise Introuvable("Usager introuvable.")
    return usager


def _ligne(objet: Model) -> dict:
    donnees = model_to_dict(objet, fields=[f.name for f in objet._meta.concrete_fields])
    return {"modele": objet._meta.label_lower, **{k: _json(v) for k, v in donnees.items()}}


def _json(valeur):
    if isinstance(valeur, Model):
        return valeur.pk
    if isinstance(valeur, list | tuple):
        return [_json(v) for v in valeur]
    return (
        DjangoJSONEncoder().default(valeur)
        if not isinstance(valeur, str | int | float | bool | type(None))
        else valeur
    )


def _historique(modele_label: str, ids: list[int]) -> list[dict]:
    from historique.models import modele_historique

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
    voit_emas = _voit_emas(par, usager)
    dossiers: dict[str, list[dict]] = {}
    historique = _historique("usagers.usager", [usager.pk])
    residences = list(usager.residences.all())
    historique += _historique("usagers.residence", [r.pk for r in residences])
    exportes: list[Model] = [usager]
    for dispositif, activite in toutes_les_activites():
        if est_compartimente(activite.model) and not voit_emas:
            continue
        lignes = list(activite.model.objects.filter(**{activite.usager: usager.pk}).order_by("pk"))
        if lignes:
            dossiers.setdefault(dispositif, []).extend(_ligne(o) for o in lignes)
            historique += _historique(activite.modele.lower(), [o.pk for o in lignes])
            exportes += lignes
    journal = EntreeJournal.objects.filter(usager_id=usager.pk)
    if not voit_emas:
        journal = journal.filter(emas=False)
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
    if not voit_emas:
        export["emas"] = MENTION_EMAS
    journaliser(par=par, action=Action.EXPORTE, objets=exportes, origine=Origine.API)
    return export
