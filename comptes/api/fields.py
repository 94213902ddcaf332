from comptes.models import User
from config.api.fields import DossierVisibleField


def compte_actif(**kwargs) -> DossierVisibleField:
    """An active account, by id (« Compte introuvable. » otherwise). Whether it may be the référent
    of a record is a rule of the service (`communes.habilitations.peut_etre_referent`): a référent's
    field passes `introuvable=` the service's refusal, so that an unknown id and an account that may
    not be the référent answer the same (the answer never tells whether an account exists)."""
    return DossierVisibleField(lambda user: User.objects.filter(is_active=True), **kwargs)
