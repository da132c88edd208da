"""Python client for the Formify e-signature API."""

from formify import errors, webhooks
from formify._client import AsyncFormify, Formify
from formify._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DownloadError,
    FormifyError,
    NotFoundError,
    OAuthError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
    ValidationError,
    WebhookPayloadError,
    WebhookVerificationError,
)
from formify._oauth import OAuthApp
from formify._tokens import FileTokenStore, MemoryTokenStore, Token, TokenStore
from formify._version import __version__

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncFormify",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
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
    "ServerError",
    "Token",
    "TokenStore",
    "UnprocessableEntityError",
    "ValidationError",
    "WebhookPayloadError",
    "WebhookVerificationError",
    "__version__",
    "errors",
    "webhooks",
]
