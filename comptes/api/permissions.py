"""Who may write through the API, beyond the commune grants (docs/ARCHITECTURE.md). A default
permission of every API view (settings `DEFAULT_PERMISSION_CLASSES`): a new endpoint is read-only
for supervisors without anyone remembering it."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from comptes.roles import Role, role_de


class EncadrantEnLecture(BasePermission):
    """Un encadrant lit les dossiers nominatifs de ses communes mais ne les modifie pas : il encadre,
    les agents saisissent. Seules les décisions qui lui reviennent restent ouvertes (une vue les nomme
    dans `actions_encadrant`, ainsi forcer une prise en charge ACOR au-delà des places) ; une vue qui
    n'écrit aucun dossier le dit (`encadrant_en_lecture = False` : marquer un rappel comme lu, se
    déconnecter)."""

    message = "Un encadrant consulte les dossiers nominatifs ; la saisie revient aux agents."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or not getattr(view, "encadrant_en_lecture", True):
            return True
        if getattr(view, "action", None) in getattr(view, "actions_encadrant", ()):
            return True
        return role_de(request.user) != Role.ENCADRANT
