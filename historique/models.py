"""Change history of the persons and of every dispositif's records (django-pghistory).

PostgreSQL triggers write a row of previous values for every insert and update, whatever the
path (API, admin, service, `QuerySet.update`, `bulk_update`, raw SQL), with the author and the
request in its context (`historique.middleware`). The event tables are append-only (pgtrigger
`Protect` on UPDATE/DELETE, created by migration); only the anonymisation of a person erases her
own history (`conservation.services.usager_anonymiser`, under `pgtrigger.ignore`).

The tracked models are the person and her residences, and every record a dispositif declares
(`config.dispositifs.Dossier.historise`). The event model of a record lives in the record's own
app (`<Model>Historique`, table `historique_<model>historique`): a dispositif's migrations hold
its history, and no migration here names a dispositif.

On SQLite (embedded mode: `make run`, `make test` without DATABASE_URL) pgtrigger installs no
trigger: the tables exist but stay empty. The rights' status journal (`TransitionDroit`) is
separate and unchanged.
"""

import pghistory
from django.apps import apps

from config import dispositifs as registre

# The register's own records: the person and her residence history.
MODELES_DU_REGISTRE: tuple[str, ...] = ("usagers.Usager", "usagers.Residence")


def modeles_historises() -> list[str]:
    """ "app_label.Model" of every tracked model."""
    return [
        *MODELES_DU_REGISTRE,
        *(dossier.modele for _, dossier in registre.dossiers() if dossier.historise),
    ]


def _suivre(label: str) -> None:
    modele = apps.get_registered_model(*label.split("."))
    nom = f"{modele.__name__}Historique"
    pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        app_label=modele._meta.app_label,
        model_name=nom,
        meta={
            "db_table": f"historique_{nom.lower()}",
            "verbose_name": f"version : {modele._meta.verbose_name}",
            "verbose_name_plural": f"historique : {modele._meta.verbose_name_plural}",
        },
        append_only=True,
        # The person's current commune carried for the lists (config.models.FollowsPersonCommune) is derived
        # data, already in the person's own history: a move writes no event on her records.
        exclude=["commune_actuelle"]
        if any(f.name == "commune_actuelle" for f in modele._meta.fields)
        else None,
        # related_name "+": hidden, so code walking relations (usager_fusionner) never touches history
        obj_field=pghistory.ObjForeignKey(related_name="+", db_index=True),
    )(modele)


for _label in modeles_historises():
    _suivre(_label)


def modele_historique(label: str):
    """The event model of a tracked model ("usagers.usager" → `usagers.UsagerHistorique`)."""
    for nom in modeles_historises():
        if nom.lower() == label.lower():
            app_label, modele = nom.split(".")
            return apps.get_model(app_label, f"{modele}Historique")
    return None


def modeles_historiques() -> list:
    return [modele_historique(nom) for nom in modeles_historises()]
