"""Every error the library raises, in one hierarchy.

    FormifyError
    ├── APIError                  the API answered with a 4xx/5xx status
    │   ├── BadRequestError           400
    │   ├── AuthenticationError       401
    │   ├── PermissionDeniedError     403 (also: document in the wrong state)
    │   ├── NotFoundError             404
    │   ├── ConflictError             409
    │   ├── UnprocessableEntityError  422
    │   ├── RateLimitError            429 (.retry_after)
    │   └── ServerError               5xx
    ├── APIConnectionError        no usable answer (connection refused, dropped, ...)
    │   └── APITimeoutError           the request timed out
    ├── ValidationError           bad input, caught before any request was sent
    ├── OAuthError                token endpoint refused, or the OAuth state did not match
    ├── DownloadError             the signed-file download failed or was cut short
    ├── PaginationError           the server's pages would make the iteration loop
    ├── WebhookPayloadError       a verified webhook body is not the documented JSON
    └── WebhookVerificationError  a webhook delivery failed verification
        ├── MissingHeaderError        a signature header is absent
        ├── MalformedHeaderError      a header is present but unusable
        ├── TimestampOutOfToleranceError
        └── SignatureMismatchError

`APIError` is raised for undocumented statuses too: `make_status_error` picks the class
from the status code alone, so callers can rely on `except NotFoundError` whatever the spec
says about a given operation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DownloadError",
    "FormifyError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "NotFoundError",
    "OAuthError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "SignatureMismatchError",
    "TimestampOutOfToleranceError",
    "UnprocessableEntityError",
    "ValidationError",
    "WebhookPayloadError",
    "WebhookVerificationError",
    "make_status_error",
]


class FormifyError(Exception):
    """Base class of every error raised by this library."""


class APIError(FormifyError):
    """The API answered with an error status."""

    status_code: int
    message: str
    body: Any
    headers: Mapping[str, str]

    def __init__(
        self,
        status_code: int,
        message: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status_code}: {message}")
        self.status_code = status_code
        self.message = message
        self.body = body
        self.headers = dict(headers or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"


class BadRequestError(APIError):
    """400: the request was malformed or failed the server's validation."""


class AuthenticationError(APIError):
    """401: the access token is missing, expired or revoked."""


class PermissionDeniedError(APIError):
    """403: not allowed, or the document is in the wrong state for this operation."""


class NotFoundError(APIError):
    """404: no such resource."""


class ConflictError(APIError):
    """409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(APIError):
    """422: the request was well-formed but semantically refused."""


class RateLimitError(APIError):
    """429: too many requests; `retry_after` says how long to wait (seconds)."""

    def __init__(
        self,
        status_code: int,
        message: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(status_code, message, body=body, headers=headers)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the server failed."""


class APIConnectionError(FormifyError):
    """The request got no usable answer: refused, reset or dropped connection."""

    def __init__(self, message: str = "Connection error.", *, method: str = "", url: str = ""):
        super().__init__(message)
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, message: str = "Request timed out.", *, method: str = "", url: str = ""):
        super().__init__(message, method=method, url=url)


class ValidationError(FormifyError, ValueError):
    """Bad input, caught before any request; `field` names it and `rule` says what failed."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}")
        self.field = field
        self.rule = rule


class OAuthError(FormifyError):
    """The token endpoint refused (e.g. `invalid_grant`), or the OAuth state did not match."""

    def __init__(
        self,
        error: str,
        description: str | None = None,
        *,
        status_code: int | None = None,
    ) -> None:
        text = error if not description else f"{error}: {description}"
        super().__init__(text)
        self.error = error
        self.description = description
        self.status_code = status_code


class DownloadError(FormifyError):
    """A signed-file download failed, was refused by the storage host, or came up short."""


class PaginationError(FormifyError):
    """The server's page links would make the iteration loop forever."""


class WebhookVerificationError(FormifyError):
    """A webhook delivery failed verification; the message says which check failed."""


class WebhookPayloadError(FormifyError, ValueError):
    """A delivery verified but its body is not the documented event JSON."""


class MissingHeaderError(WebhookVerificationError):
    """A required signature header is absent."""


class MalformedHeaderError(WebhookVerificationError):
    """A signature header is present but not in the expected format."""


class TimestampOutOfToleranceError(WebhookVerificationError):
    """The delivery's timestamp is too far from now (replay or clock abuse)."""


class SignatureMismatchError(WebhookVerificationError):
    """The signature does not match the body under any of the given secrets."""


_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(
    status_code: int,
    message: str,
    *,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    retry_after: float | None = None,
) -> APIError:
    """Build the `APIError` subclass that belongs to `status_code`."""
    if status_code == 429:
        return RateLimitError(
            status_code, message, body=body, headers=headers, retry_after=retry_after
        )
    cls = _STATUS_CLASSES.get(status_code)
    if cls is None:
        cls = ServerError if status_code >= 500 else APIError
    return cls(status_code, message, body=body, headers=headers)


# Token stores and refreshes (formify.stores, RefreshingAuth).


class TokenStoreError(FormifyError):
    """A token (or event-id) store could not be read, written or locked; `store` names it.

    The name is the store's repr: host, port, database and key, never a password.

    No request is sent with a token known to be expired meanwhile, and a refreshed token that
    could not be saved is kept and saved first on the next try: nothing is lost.
    """

    def __init__(self, store: str, action: str, cause: BaseException | str | None = None) -> None:
        self.reason = cause if isinstance(cause, str | None) else type(cause).__name__
        super().__init__(
            f"{store} could not {action}" + (f": {self.reason}" if self.reason else "")
        )
        self.store = store
        self.action = action

    def __reduce__(
        self,
    ) -> tuple[type[TokenStoreError], tuple[str, str, str | None], dict[str, object]]:
        return (type(self), (self.store, self.action, self.reason), dict(self.__dict__))


class ConsentRequiredError(OAuthError):
    """The account's grant is dead (e.g. `invalid_grant`): its user must authorize the app again.

    `key` names the account (the store's key, or None for a store without one). The refusal is
    recorded in a shared store, so no worker on any host spends the dead refresh token again.
    """

    def __init__(
        self,
        error: str,
        description: str | None = None,
        *,
        status_code: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(error, description, status_code=status_code)
        self.key = key
        if key is not None:
            self.add_note(f"account {key!r} must authorize the app again")


class RefreshOutcomeUnknownError(OAuthError):
    """The token call timed out or was cut off after it was sent: the server may have rotated.

    The refresh token is not sent again by this call or by its retries (a second spend of a
    rotated token can end the grant): it is an `OAuthError`, which the API retry loop does not
    repeat. The next request that needs a token re-reads the store and tries once.
    """

    def __init__(self, description: str, *, url: str = "") -> None:
        super().__init__("refresh_outcome_unknown", description)
        self.url = url

    def __reduce__(self) -> tuple[type[RefreshOutcomeUnknownError], tuple[str], dict[str, object]]:
        return (type(self), (self.description or "",), dict(self.__dict__))
