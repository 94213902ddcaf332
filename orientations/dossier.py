"""Action 1.4 in the person's file (`usagers.dossier`): her path between the dispositifs, the
orientations made and received that the viewer may see, in date order, each with its outcome as far
as the viewer may know it (towards EMAS, « reçue » only)."""

from config.formats import date_fr
from orientations.models import Orientation, StatutOrientation
from usagers.dossier import Section, url_admin


def parcours(user, usager):
    """The orientations of `usager` that `user` may see, oldest first, with their outcome (one query)."""
    return (
        Orientation.objects.visibles_par(user)
        .filter(usager=usager)
        .avec_statut()
        .select_related("vers_partenaire")
        .order_by("date", "id")
    )


def sections(user, usager) -> list[Section]:
    section = Section(
        "Parcours : orientations (action 1.4)",
        ["date", "depuis", "vers", "motif", "suite"],
        vide="Aucune orientation.",
    )
    for o in parcours(user, usager):
        section.lignes.append(
            (
                url_admin("orientations_orientation_change", o.pk),
                [
                    date_fr(o.date, "—"),
                    o.depuis_libelle,
                    o.vers,
                    o.get_motif_display(),
                    StatutOrientation(o.statut).label,
                ],
            )
        )
    return [section]
