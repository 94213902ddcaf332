"""Change history of the persons and of every dispositif's records (django-pghistory).

PostgreSQL triggers write a row of previous values for every insert and update, whatever the
path (API, admin, service, `QuerySet.update`, `bulk_update`, raw SQL), with the author and the
request in its context (`historique.middleware`). The event tables are append-only (pgtrigger
`Protect` on UPDATE/DELETE, created by migration); only the anonymisation of a person erases her
own history (`conservation.services.usager_anonymiser`, under `pgtrigger.ignore`).

On SQLite (embedded mode: `make run`, `make test` without DATABASE_URL) pgtrigger installs no
trigger: the tables exist but stay empty. The rights' status journal (`TransitionDroit`) is
separate and unchanged.

**A new dispositif** adds its record models to `MODELES_HISTORISES` and runs `makemigrations
historique`.
"""

import pghistory
from django.apps import apps

# "app_label.Model": the person and each dispositif's records.
MODELES_HISTORISES: tuple[str, ...] = (
    "usagers.Usager",
    "usagers.Residence",
    "accompagnements.Accompagnement",
    "accompagnements.Contact",
    "accompagnements.Demarche",
    "accompagnements.Droit",
    "estimations.Foyer",
    "estimations.MembreFoyer",
    "logement.MesureASLL",
    "logement.PointEtape",
    "logement.SituationACOR",
    "emas.Signalement",
    "emas.SuiviEMAS",
    "emas.Intervention",
)

for _label in MODELES_HISTORISES:
    _modele = apps.get_registered_model(*_label.split("."))  # apps listed before `historique`
    pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        app_label="historique",
        model_name=f"{_modele.__name__}Historique",
        append_only=True,
        # The person's current commune carried for the lists (config.models.SuitLaCommune) is derived
        # data, already in the person's own history: a move writes no event on her records.
        exclude=["commune_actuelle"]
        if any(f.name == "commune_actuelle" for f in _modele._meta.fields)
        else None,
        # related_name "+": hidden, so code walking relations (usager_fusionner) never touches history
        obj_field=pghistory.ObjForeignKey(related_name="+", db_index=True),
    )(_modele)


def modele_historique(label: str):
    """The event model of a tracked model ("usagers.usager" → `historique.UsagerHistorique`)."""
    for nom in MODELES_HISTORISES:
        if nom.lower() == label.lower():
            return apps.get_model("historique", f"{nom.split('.')[1]}Historique")
    return None


def modeles_historiques() -> list:
    return [modele_historique(nom) for nom in MODELES_HISTORISES]
