"""Errors a command reports as one line."""


class CommandError(Exception):
    """A failure the user can act on; exit 1 (or 2 for bad arguments)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class UsageError(CommandError):
    """Bad arguments: exit 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)
