"""The versions of a record, as people read them: when, by whom, what changed (previous → new).
Answers `config.signaux.versions_demandees` (the admin's « Historique » page, `historique.apps`)."""

from django.contrib.auth import get_user_model

from historique.models import modele_historique


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
    auteurs = dict(
        get_user_model().objects.filter(pk__in=[a for a in auteurs_ids if a]).values_list("pk", "username")
    )
    versions, precedent = [], None
    for e in lignes:
        contexte = e.pgh_context.metadata if e.pgh_context_id else {}
        changements = [
            (str(f.verbose_name), getattr(precedent, f.attname) if precedent else None, getattr(e, f.attname))
            for f in champs
            if precedent is None or getattr(precedent, f.attname) != getattr(e, f.attname)
        ]
        versions.append(
            {
                "quand": e.pgh_created_at,
                "evenement": e.pgh_label,
                "auteur": auteurs.get(contexte.get("user"), ""),
                "changements": changements,
            }
        )
        precedent = e
    return versions


def repondre(sender, *, objet, **kwargs) -> list[dict]:
    """Receiver of `config.signaux.versions_demandees`."""
    return versions_de(objet)
