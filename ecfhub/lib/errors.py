"""The one error type services raise for a broken business rule."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the operation. `code` is stable for tests and the API;
    `message` is written for the person who asked."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message
