"""Domain errors carry their HTTP status; one handler renders them as RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """An error the caller can act on. `detail` says what happened to this request."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"
    slug: ClassVar[str] = "internal-error"
    headers: ClassVar[dict[str, str]] = {}  # sent with the problem, e.g. WWW-Authenticate

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions

    @property
    def type(self) -> str:
        return f"urn:zonefacts:problem:{self.slug}"


class NotFound(DomainError):
    status = 404
    title = "Not found"
    slug = "not-found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"
    slug = "invalid-input"


class Unavailable(DomainError):
    status = 503
    title = "Service unavailable"
    slug = "unavailable"
    headers = {"Retry-After": "5"}  # noqa: RUF012 - read-only


class Unauthorized(DomainError):
    status = 401
    title = "Unauthorized"
    slug = "unauthorized"
    headers = {"WWW-Authenticate": 'Bearer realm="zonefacts"'}  # noqa: RUF012 - read-only


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class PayloadTooLarge(DomainError):
    status = 413
    title = "Payload too large"
    slug = "payload-too-large"


class UriTooLong(DomainError):
    status = 414
    title = "URI too long"
    slug = "uri-too-long"


class UnsupportedMediaType(DomainError):
    status = 415
    title = "Unsupported media type"
    slug = "unsupported-media-type"
