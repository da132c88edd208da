"""Python client for the Formify e-signature API."""

# `import formify` loads only the exceptions; everything else is imported on first use of its
# name (PEP 562 module __getattr__), so scripts, the CLI's start-up and `import formify` pay
# for what they touch (webhooks parsing needs dateutil; a call needs its resource's generated
# endpoints and models, see formify._lazy). Type checkers read the imports below.
from importlib import import_module
from typing import TYPE_CHECKING, Any

from formify._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConsentRequiredError,
    DownloadError,
    FormifyError,
    NotFoundError,
    OAuthError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    RefreshOutcomeUnknownError,
    ServerError,
    TokenStoreError,
    UnprocessableEntityError,
    ValidationError,
    WebhookPayloadError,
    WebhookVerificationError,
)
from formify._version import __version__

if TYPE_CHECKING:
    from formify import errors, types, webhooks
    from formify._client import AsyncFormify, Formify
    from formify._oauth import OAuthApp
    from formify._tokens import FileTokenStore, MemoryTokenStore, Token, TokenStore

_LAZY = {
    "AsyncFormify": "formify._client",
    "Formify": "formify._client",
    "OAuthApp": "formify._oauth",
    "FileTokenStore": "formify._tokens",
    "MemoryTokenStore": "formify._tokens",
    "Token": "formify._tokens",
    "TokenStore": "formify._tokens",
}
_SUBMODULES = {"errors", "types", "webhooks"}

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncFormify",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ConsentRequiredError",
    "DownloadError",
    "FileTokenStore",
    "Formify",
    "FormifyError",
    "MemoryTokenStore",
    "NotFoundError",
    "OAuthApp",
    "OAuthError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RefreshOutcomeUnknownError",
    "ServerError",
    "Token",
    "TokenStore",
    "TokenStoreError",
    "UnprocessableEntityError",
    "ValidationError",
    "WebhookPayloadError",
    "WebhookVerificationError",
    "__version__",
    "errors",
    "types",
    "webhooks",
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"formify.{name}")  # importing sets the attribute as well
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'formify' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
