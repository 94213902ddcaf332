"""Domain exceptions shared by every app. The API maps them in config.api.exceptions, once."""


class RegleMetierError(Exception):
    """A business rule refuses the operation (answered 400). `champ` names the field at fault."""

    def __init__(self, message: str, champ: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.champ = champ


class AccesRefuse(Exception):
    """The user may see the record but not do this with it (answered 403)."""

    def __init__(self, message: str, champ: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.champ = champ


class Introuvable(Exception):
    """The record does not exist for this user (answered 404, like a record that does not exist).

    Services raise it when `par` may not see the record they were handed: the API has already
    answered 404 by then, this is the same rule enforced once more where the write happens."""


class DoublonPossible(Exception):
    """A person with the same normalised name and birth date is already recorded where the author
    can see (answered 409, listing `candidats`, which the caller may all see). Sent again with
    `confirmer_doublon`, the record is created."""

    message = (
        "Une personne de même nom, prénom et date de naissance existe déjà. Vérifiez qu'il ne s'agit "
        "pas de la même personne ; pour l'enregistrer malgré tout, confirmez le doublon."
    )

    def __init__(self, candidats: list) -> None:
        super().__init__(self.message)
        self.candidats = candidats


MESSAGE_CONFLIT = (
    "Ce dossier a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : "
    "rechargez-le, vérifiez ses nouvelles valeurs, puis refaites votre modification."
)


class ConflitDeVersion(Exception):
    """The record changed since the caller read it (answered 412): nothing was overwritten."""

    def __init__(self, message: str = MESSAGE_CONFLIT) -> None:
        super().__init__(message)
        self.message = message


class VersionRequise(Exception):
    """A change without the version it was made from (answered 428)."""

    message = (
        "Indiquez la version du dossier que vous modifiez : l'en-tête If-Match (l'ETag reçu) "
        "ou le champ « version »."
    )


class Conflit(Exception):
    """The operation would duplicate something still open (answered 409, its message in French)."""

    def __init__(self, message: str, champ: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.champ = champ
