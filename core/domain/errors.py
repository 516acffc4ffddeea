"""Errors the domain raises; messages are Thai because staff and complainants read them."""


class DomainError(ValueError):
    """A request the rules refuse; `str(error)` is a Thai sentence for the person."""


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""


class StaleChange(DomainError):
    """The case changed since the person loaded it; their change was not applied."""
