"""The public surface DESIGN.md promises is importable from the top-level package."""

from __future__ import annotations

import inspect

import formify
from formify import errors

CONTRACT = {
    "Formify",
    "AsyncFormify",
    "OAuthApp",
    "Token",
    "FileTokenStore",
    "MemoryTokenStore",
    "errors",
    "types",  # the typed inputs (SigneeParam, ...), for users' annotations
    "webhooks",
    "FormifyError",
    "APIError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "APIConnectionError",
    "APITimeoutError",
    "ValidationError",
    "OAuthError",
    "WebhookVerificationError",
}


def test_contract_names_are_exported() -> None:
    assert set(formify.__all__) >= CONTRACT
    for name in formify.__all__:
        assert hasattr(formify, name), name


def test_all_is_sorted_and_unique() -> None:
    assert formify.__all__ == sorted(set(formify.__all__))
    assert errors.__all__ == sorted(set(errors.__all__))


def test_every_exception_class_is_in_errors_and_derives_from_formify_error() -> None:
    from formify import _exceptions

    defined = {
        name
        for name, obj in vars(_exceptions).items()
        if inspect.isclass(obj)
        and issubclass(obj, BaseException)
        and obj.__module__ == _exceptions.__name__
    }
    assert defined == set(errors.__all__)
    for name in defined:
        assert issubclass(getattr(errors, name), formify.FormifyError), name


def test_status_errors_are_api_errors() -> None:
    for cls in (
        errors.BadRequestError,
        errors.AuthenticationError,
        errors.PermissionDeniedError,
        errors.NotFoundError,
        errors.RateLimitError,
        errors.ServerError,
    ):
        assert issubclass(cls, errors.APIError)


def test_public_callables_have_docstrings() -> None:
    for name in formify.__all__:
        obj = getattr(formify, name)
        if inspect.isclass(obj) or inspect.isfunction(obj) or inspect.ismodule(obj):
            assert inspect.getdoc(obj), f"formify.{name} has no docstring"
