"""Who reads which entries of the access journal (who reads the journals at all: `comptes.perms`)."""

from communes.habilitations import dans_le_compartiment
from config import dispositifs as registre


def compartiments_de(user) -> list[str]:
    """Les compartiments (données de santé) dont `user` est membre (`communes.habilitations`)."""
    return [code for code in registre.codes(compartiment=True) if dans_le_compartiment(user, code)]
