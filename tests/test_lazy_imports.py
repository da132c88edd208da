"""`import formify` and `from formify import Formify` load only what a first call needs."""

from __future__ import annotations

import json
import subprocess
import sys

import formify

PROBE = """
import json, sys
{setup}
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(setup: str) -> set[str]:
    code = PROBE.format(setup=setup)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def _under(modules: set[str], *prefixes: str) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


HEAVY = ("asyncio", "dateutil", "formify_api.api", "formify.resources", "formify.webhooks")
# (not rich or click: httpx imports its own CLI when they are installed, as in the dev venv)
NEVER = ("formify.testing", "formify.cli", "starlette", "uvicorn", "pypdf", "typer")


def test_import_formify_loads_no_client_machinery() -> None:
    loaded = _modules_after("import formify")
    assert not _under(loaded, *HEAVY, *NEVER, "formify._client", "httpx")


def test_the_client_class_comes_without_resources_asyncio_or_webhooks() -> None:
    loaded = _modules_after("from formify import Formify")
    assert not _under(loaded, *HEAVY, *NEVER)
    models = _under(loaded, "formify_api.models") - {"formify_api.models"}
    assert len(models) <= 8, models  # the enums the input checks use, not all 67 models


def test_a_resource_loads_its_own_endpoints_and_models_only() -> None:
    loaded = _modules_after(
        "from formify import Formify\n"
        "client = Formify(access_token='t')\n"
        "client.documents\n"
        "assert client.documents is client.documents\n"
    )
    assert "formify.resources.documents" in loaded
    assert not _under(loaded, "formify.resources.webhooks", "formify_api.api.webhooks", *NEVER)
    assert not _under(loaded, "formify_api.models.webhook_created", "formify_api.models.template")
    assert not _under(loaded, "asyncio")  # sync code, downloads included, never needs it


def test_a_first_call_loads_its_own_endpoint_and_models_only() -> None:
    loaded = _modules_after(
        "import httpx\n"
        "from formify import Formify\n"
        'body = b\'{"documentId": "d1", "signeeDetails": [{"signeeId": "s"}]}\'\n'
        "reply = lambda request: httpx.Response(200, content=body)\n"
        "http = httpx.Client(transport=httpx.MockTransport(reply))\n"
        "client = Formify(access_token='t', base_url='https://x.test/v1', http_client=http)\n"
        "assert client.documents.get('d1').signee_details[0].signee_id == 's'\n"
    )
    assert _under(loaded, "formify_api.api") == {
        "formify_api.api",
        "formify_api.api.docs",
        "formify_api.api.docs.get_document",
    }
    assert "formify_api.models.document" in loaded
    assert not _under(loaded, "formify_api.models.create_document_request", "formify._downloads")
    assert not _under(loaded, "formify._signee_updates", "asyncio", *NEVER)


def test_every_public_name_resolves_and_dir_lists_it() -> None:
    for name in formify.__all__:
        assert getattr(formify, name) is not None, name
    assert set(formify.__all__) <= set(dir(formify))
    from formify._client import AsyncFormify

    assert formify.AsyncFormify is AsyncFormify
    assert formify.webhooks.construct_event.__module__ == "formify.webhooks._construct"


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        formify.NoSuchThing  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("formify.NoSuchThing did not raise")


def test_every_resource_of_both_clients_loads_its_own_class() -> None:
    from formify import AsyncFormify, Formify
    from formify._modes import Async, Sync

    # One class per resource states its methods once; the client's mode picks their form.
    for cls, mode in ((Formify, Sync), (AsyncFormify, Async)):
        client = cls(access_token="t")
        for name in ("files", "documents", "templates", "account", "user", "webhooks"):
            resource = getattr(client, name)
            assert type(resource).__name__ == name.capitalize(), (cls, name)
            assert resource._mode is mode, (cls, name)
            assert resource._client is client and getattr(client, name) is resource


def test_webhooks_parse_documented_dates_without_importing_dateutil() -> None:
    loaded = _modules_after(
        "from formify import webhooks\n"
        'body = b\'{"event": {"eventId": "e", "type": "document.signed", \''
        'b\'"date": "2024-10-25T14:23:55Z"}}\'\n'
        "headers = webhooks.sign(body, 'whsec_x', timestamp=1_700_000_000)\n"
        "webhooks.construct_event(body, headers, 'whsec_x', now=1_700_000_000)\n"
    )
    assert "formify.webhooks._event" in loaded
    assert not _under(loaded, "dateutil", "asyncio", "formify._client")
