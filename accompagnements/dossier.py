"""Action 1.1's part of the person's file (`usagers.dossier`): her follow-ups and her rights."""

from accompagnements.models import Accompagnement, Droit, StatutAccompagnement
from config.formats import date_fr
from usagers.dossier import Section, url_admin


def sections(user, usager) -> list[Section]:
    accompagnements = Section(
        "Accompagnements (action 1.1)",
        ["début", "fin", "statut", "référent", ""],
        ajouts=[
            ("Ouvrir un accompagnement", url_admin("accompagnements_accompagnement_add", usager=usager.pk))
        ],
    )
    for a in Accompagnement.objects.visibles_par(user).filter(usager=usager).select_related("referent"):
        ajout_contact = (
            url_admin("accompagnements_contact_add", accompagnement=a.pk)
            if a.statut == StatutAccompagnement.OUVERT
            else ""
        )
        accompagnements.lignes.append(
            (
                url_admin("accompagnements_accompagnement_change", a.pk),
                [
                    date_fr(a.date_debut, "—"),
                    date_fr(a.date_fin, "—"),
                    a.get_statut_display(),
                    str(a.referent),
                    ajout_contact,
                ],
            )
        )
    droits = Section(
        "Droits",
        ["droit", "statut", "identifié le", "demandé le", "ouvert le"],
        ajouts=[("Enregistrer un droit", url_admin("accompagnements_droit_add", usager=usager.pk))],
    )
    for d in Droit.objects.visibles_par(user).filter(usager=usager).select_related("type"):
        droits.lignes.append(
            (
                url_admin("accompagnements_droit_change", d.pk),
                [
                    d.type.libelle,
                    d.get_statut_display(),
                    date_fr(d.date_identification, "—"),
                    date_fr(d.date_demande, "—"),
                    date_fr(d.date_ouverture, "—"),
                ],
            )
        )
    return [accompagnements, droits]
