"""Who orients, and from which dispositif: one source for the API, the services and the workspace."""

from comptes.roles import role_de
from config import dispositifs as registre


def dispositif_d_origine(user) -> str | None:
    """Un agent oriente depuis le dispositif de son rôle, s'il n'est pas un compartiment : l'équipe
    EMAS, elle, réoriente ses signalements (sa décision ne sort pas du compartiment). Encadrants,
    administrateurs et délégué à la protection des données n'orientent pas."""
    role = role_de(user)
    if role in registre.codes(compartiment=False):
        return role
    return None


def peut_voir_orientation(user, orientation) -> bool:
    """Une orientation se voit selon `Orientation.objects.visibles_par`."""
    return type(orientation).objects.visibles_par(user).filter(pk=orientation.pk).exists()
