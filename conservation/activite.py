"""What "activity" means for each dispositif — the one place retention reads it.

A person is active in a dispositif while one of her records there has a date on or after the
dispositif's cut-off (today minus its inactivity delay), or while a record is still open (no end
date). Each entry names a record model, the path to the person, its dated fields and, when it has
one, the field that closes it. A new dispositif adds its records here (and its delay in
`CONSERVATION_INACTIVITE_MOIS`)."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q


@dataclass(frozen=True)
class Activite:
    modele: str  # "app_label.Model"
    usager: str  # ORM path to the person
    dates: tuple[str, ...]  # date fields (a date-time as `champ__date`, its day in Paris)
    ouvert_tant_que_vide: str | None = None  # the end-date field: empty = still running
    # Free text cleared by the anonymisation (every TextField is cleared too).
    textes_libres: tuple[str, ...] = ()

    @property
    def model(self):
        return apps.get_model(self.modele)

    def actifs_depuis(self, limite) -> Q:
        condition = Q(_connector=Q.OR)
        for champ in self.dates:
            condition |= Q(**{f"{champ}__gte": limite})
        if self.ouvert_tant_que_vide:
            condition |= Q(**{f"{self.ouvert_tant_que_vide}__isnull": True})
        return condition


ACTIVITES: dict[str, tuple[Activite, ...]] = {
    "acces_droits": (
        Activite("accompagnements.Accompagnement", "usager", ("date_debut", "date_fin"), "date_fin"),
        Activite(
            "accompagnements.Contact", "accompagnement__usager", ("date__date",), textes_libres=("note",)
        ),
        Activite("accompagnements.Demarche", "accompagnement__usager", ("date",), textes_libres=("note",)),
        Activite(
            "accompagnements.Droit",
            "usager",
            ("date_identification", "date_demande", "date_ouverture", "date_refus", "date_abandon"),
        ),
    ),
    # 1.1 too (issue 15): the household's resources and the estimations of its rights.
    "estimations": (
        Activite("estimations.Foyer", "usager", ("valide_du", "valide_au")),
        Activite("estimations.MembreFoyer", "foyer__usager", ()),
        Activite("estimations.Estimation", "foyer__usager", ("demandee_le__date",)),
        Activite("estimations.DroitDetecte", "estimation__foyer__usager", ()),
    ),
    "asll": (
        Activite("logement.MesureASLL", "usager", ("date_debut", "date_fin"), "date_fin"),
        Activite(
            "logement.PointEtape", "mesure__usager", ("date_realisee",)
        ),  # a planned date is no activity
    ),
    "acor": (
        Activite(
            "logement.SituationACOR",
            "usager",
            ("date_orientation", "date_entree", "date_sortie"),
            "date_sortie",
        ),
    ),
    "emas": (
        Activite("emas.Signalement", "usager", ("date", "date_decision"), textes_libres=("contact",)),
        Activite("emas.SuiviEMAS", "usager", ("date_debut", "date_fin"), "date_fin"),
        Activite("emas.Intervention", "suivi__usager", ("date",)),
    ),
}


def toutes_les_activites() -> list[tuple[str, Activite]]:
    return [(dispositif, a) for dispositif, liste in ACTIVITES.items() for a in liste]


def chemin_vers_usager(modele) -> str | None:
    """The ORM path from a record to its person ("" for the person herself, None when the model is
    not about a person: catalogues, settings)."""
    label = modele._meta.label_lower
    if label == "usagers.usager":
        return ""
    for _dispositif, activite in toutes_les_activites():
        if activite.modele.lower() == label:
            return activite.usager
    return "usager" if any(f.name == "usager" for f in modele._meta.concrete_fields) else None
