"""Writes of the partners' directory: its use, noted for fiche 1.4's indicator. The directory itself
is maintained by administrators in the admin (model validation; never deleted, deactivated)."""

from communes.habilitations import communes_habilitees
from comptes.models import User
from config.periodes import aujourdhui
from partenaires.models import ConsultationAnnuaire


def consultation_noter(*, par: User) -> None:
    """`par` consulted the directory this month: once per agent, month and commune of their grants
    (an administrator without grant is no agent: nothing is noted). One INSERT, duplicates dropped
    by the unique constraint."""
    communes = communes_habilitees(par)
    if not communes:
        return
    mois = aujourdhui().replace(day=1)
    ConsultationAnnuaire.objects.bulk_create(
        [ConsultationAnnuaire(agent=par, mois=mois, commune_id=c) for c in communes], ignore_conflicts=True
    )
