from comptes.models import User
from config.api.fields import DossierVisibleField


def compte_actif(**kwargs) -> DossierVisibleField:
    """An active account, by id (« Compte introuvable. » otherwise). Whether it may be the référent
    of a record is a rule of the service (`communes.habilitations.peut_etre_referent`)."""
    return DossierVisibleField(lambda user: User.objects.filter(is_active=True), **kwargs)
