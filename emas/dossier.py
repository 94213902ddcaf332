"""Action 2.3 in the person's file (`usagers.dossier`), for the team alone: her referrals."""

from config.formats import date_fr
from emas.models import Signalement
from usagers.dossier import Section, url_admin


def sections(user, usager) -> list[Section]:
    signalements = Section(
        "Signalements EMAS (action 2.3, équipe seulement)",
        ["date", "décision", "décidé le"],
        ajouts=[("Enregistrer un signalement", url_admin("emas_signalement_add", usager=usager.pk))],
    )
    for s in Signalement.objects.visibles_par(user).filter(usager=usager):
        signalements.lignes.append(
            (
                url_admin("emas_signalement_change", s.pk),
                [date_fr(s.date, "—"), s.get_decision_display(), date_fr(s.date_decision, "—")],
            )
        )
    return [signalements]
