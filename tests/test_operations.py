"""Every operation in openapi.json is covered by a facade method, sync and async."""

import inspect

import pytest
from _operations import CLIENT_OPERATIONS, OAUTH_OPERATIONS, SPEC_OPERATIONS

from formify import AsyncFormify, Formify


def operation_ids():
    return sorted(op.operation_id for op in SPEC_OPERATIONS)


def resolve(client, dotted):
    target = client
    for name in dotted.split("."):
        target = getattr(target, name)
    return target


@pytest.fixture(scope="module")
def clients():
    sync = Formify("tok", base_url="http://127.0.0.1:9/v1")
    asyn = AsyncFormify("tok", base_url="http://127.0.0.1:9/v1")
    yield sync, asyn
    sync.close()


def test_every_operation_of_the_spec_has_a_facade_method():
    """The one place a new operation in openapi.json shows up: it needs a facade method."""
    uncovered = [
        f"{op.operation_id} ({op.method} {op.path})"
        for op in SPEC_OPERATIONS
        if op.operation_id not in CLIENT_OPERATIONS and op.operation_id not in OAUTH_OPERATIONS
    ]
    assert not uncovered, (
        "operations without a facade method (add one in formify/resources/ and list it in "
        f"tests/_operations.py): {', '.join(uncovered)}"
    )


@pytest.mark.parametrize("operation_id", operation_ids())
def test_operation_is_covered(operation_id, clients):
    sync, asyn = clients
    if operation_id in OAUTH_OPERATIONS:
        from formify import OAuthApp

        for dotted in OAUTH_OPERATIONS[operation_id]:
            owner, name = dotted.split(".")
            assert owner == "OAuthApp" and callable(getattr(OAuthApp, name))
            assert inspect.iscoroutinefunction(getattr(OAuthApp, name)) == name.startswith("a")
        return
    assert operation_id in CLIENT_OPERATIONS, f"{operation_id} has no facade method"
    dotted = CLIENT_OPERATIONS[operation_id]
    sync_method, async_method = resolve(sync, dotted), resolve(asyn, dotted)
    assert callable(sync_method) and callable(async_method)
    assert not inspect.iscoroutinefunction(sync_method)
    # `list` returns an async iterator at once; every other async method is awaited
    if not dotted.endswith(".list") or dotted == "webhooks.list":
        assert inspect.iscoroutinefunction(async_method), dotted


def test_the_table_lists_no_operation_the_spec_lacks():
    known = set(operation_ids())
    assert set(CLIENT_OPERATIONS) | set(OAUTH_OPERATIONS) <= known
    assert not set(CLIENT_OPERATIONS) & set(OAUTH_OPERATIONS)


def test_sync_and_async_resources_have_the_same_public_methods(clients):
    sync, asyn = clients
    for resource in ("files", "documents", "templates", "account", "user", "webhooks"):
        names = {n for n in dir(getattr(sync, resource)) if not n.startswith("_")}
        assert names == {n for n in dir(getattr(asyn, resource)) if not n.startswith("_")}


def _snake(name):
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _takes_error_language(operation_id):
    import importlib
    import typing

    tag = next(op.tag for op in SPEC_OPERATIONS if op.operation_id == operation_id)
    module = importlib.import_module(f"formify_api.api.{tag}.{_snake(operation_id)}")
    params = inspect.signature(module._get_kwargs).parameters
    if "error_language" in params:
        return True
    if "body" in params:
        body_type = typing.get_type_hints(module._get_kwargs)["body"]
        return "error_language" in getattr(body_type, "__annotations__", {})
    return False


@pytest.mark.parametrize("operation_id", sorted(CLIENT_OPERATIONS))
def test_error_language_is_offered_wherever_the_api_takes_it(operation_id, clients):
    dotted = CLIENT_OPERATIONS[operation_id]
    for client in clients:
        params = inspect.signature(resolve(client, dotted)).parameters
        assert ("error_language" in params) == _takes_error_language(operation_id), dotted
