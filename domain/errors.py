"""One error hierarchy for Warmline.

Every error a caller may need to handle derives from :class:`WarmlineError`. Each carries a
stable machine ``code`` (used on the wire) and a message that is safe to show to a client.
Mapping to HTTP status codes / WebSocket close codes happens in one place (``api/errors.py``).
"""

from __future__ import annotations


class WarmlineError(Exception):
    code = "error"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message or self.__class__.__doc__ or self.code)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self)


class InvalidInput(WarmlineError):
    """The input is malformed or out of bounds."""

    code = "invalid"


class NotFound(WarmlineError):
    """The thing asked for does not exist."""

    code = "not_found"


class Conflict(WarmlineError):
    """The request collides with the current state (e.g. someone else claimed it)."""

    code = "conflict"


class IllegalTransition(Conflict):
    """A conversation cannot move between these ownership states."""

    code = "illegal_transition"


class Unauthorized(WarmlineError):
    """Authentication failed or is missing."""

    code = "unauthorized"


class Forbidden(WarmlineError):
    """Authenticated, but not allowed to do this."""

    code = "forbidden"


class TooManyRequests(WarmlineError):
    """Too many attempts; wait before trying again."""

    code = "rate_limited"

    def __init__(self, message: str = "", *, retry_after: float, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after  # seconds until a retry can succeed


class UpstreamError(WarmlineError):
    """A backing service (language model, vector store) failed."""

    code = "upstream"


class ConfigurationError(WarmlineError):
    """Settings are inconsistent or a resource is missing."""

    code = "configuration"
