from config.api.fields import DossierVisibleField
from usagers.models import Usager


def usager_visible(dispositif: str, **kwargs) -> DossierVisibleField:
    """A usager among those the caller may see for `dispositif` (any other id is « Usager introuvable. »)."""
    return DossierVisibleField(lambda user: Usager.objects.visibles_par(user, [dispositif]), **kwargs)
