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
