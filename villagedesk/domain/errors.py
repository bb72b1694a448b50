"""Domain errors: each carries a message a person can act on."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class ValidationError(DomainError):
    """One input field is wrong; ``field`` names it so a form can show the message beside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class TransitionError(DomainError):
    """An event is not allowed in the case's current state, or not for this role."""


class NotFoundError(DomainError):
    """A case, item or record that was asked for does not exist."""


class CaseNotFound(NotFoundError):
    """No case of this number on this PC (mistyped, or outside its scope): a refused argument, so every
    command that takes a case number exits 2 for it, as ``act`` and ``actions`` do."""
