"""Fuzz every route of the emulator, control routes included: no answer is ever a server error.

Requests are drawn with hypothesis from openapi.json (each operation's path, query and body
schema, with wrong types, unknown members, odd ids and arbitrary JSON mixed in) and from the
control surface's actions, and sent in-process to the ASGI app. A 5xx is a failure unless it
is a fault the fuzz itself injected. Each test prints how many requests it sent.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formify.testing import create_app, sample_pdf

SPEC = json.loads((Path(__file__).parent.parent / "openapi.json").read_text())
EXAMPLES = 40  # per operation; derandomized so a CI run is repeatable
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
TOTAL: dict[str, int] = {"requests": 0, "server_errors": 0}


class InProcess:
    """A synchronous face on ``httpx.AsyncClient`` over ``ASGITransport``: one loop per client."""

    def __init__(self, app: Any) -> None:
        self._loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(app=app)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://emulator")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._loop.run_until_complete(self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


def _resolve(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method != "parameters":
                out.append((method.upper(), path, op))
    return out


ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ODD_TEXT = st.sampled_from(["", " ", ".", "..", "%", "é", "\x00", "a" * 300, "-1", "1e9", "null"])


def _from_schema(schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    schema = _resolve(schema)
    if not isinstance(schema, dict) or depth > 4:
        return ANY_JSON
    for key in ("oneOf", "anyOf", "allOf"):
        if key in schema:
            return st.one_of([_from_schema(s, depth + 1) for s in schema[key]])
    if "enum" in schema:
        right: st.SearchStrategy[Any] = st.sampled_from(schema["enum"])
    else:
        kind = schema.get("type")
        kind = kind[0] if isinstance(kind, list) else kind
        if kind == "object" or "properties" in schema:
            props = {k: _from_schema(v, depth + 1) for k, v in schema.get("properties", {}).items()}
            right = st.fixed_dictionaries({}, optional=props)
        elif kind == "array":
            right = st.lists(_from_schema(schema.get("items", {}), depth + 1), max_size=4)
        elif kind == "integer":
            right = st.integers(min_value=-(2**40), max_value=2**40)
        elif kind == "number":
            right = st.floats(allow_nan=False) | st.integers()
        elif kind == "boolean":
            right = st.booleans()
        elif kind == "string":
            right = st.text(max_size=20) | ODD_TEXT
        else:
            right = ANY_JSON
    # mostly the right shape (to get past the first check), sometimes anything at all
    return st.one_of(right, right, right, ANY_JSON)


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[InProcess, dict[str, list[str]], str]]:
    app = create_app("fuzz-token")
    with InProcess(app) as client:
        auth = {"Authorization": "Bearer fuzz-token"}
        file_id = client.post("/v1/files", files={"file": ("a.pdf", sample_pdf())}, headers=auth)
        ids: dict[str, list[str]] = {"fileId": [file_id.json()["fileId"]]}
        signees = [{"fullName": f"S {i}", "emailAddress": f"s{i}@example.com"} for i in range(2)]
        for signee in signees:
            signee["signaturePlacement"] = "new_page"
        docs = []
        for _ in range(2):
            fid = client.post(
                "/v1/files", files={"file": ("a.pdf", sample_pdf())}, headers=auth
            ).json()["fileId"]
            made = client.post(
                "/v1/docs", json={"fileId": fid, "signeeDetails": signees}, headers=auth
            )
            docs.append(made.json()["documentId"])
        app.control.sign(docs[1])
        ids["documentId"] = docs
        ids["templateId"] = [t for t in app.ctx.store.templates]
        hook = client.post(
            "/v1/webhooks",
            json={"webhookUrl": "http://127.0.0.1:9/h", "eventTypes": ["document.signed"]},
            headers=auth,
        )
        ids["webhookId"] = [hook.json()["webhookId"]]
        yield client, ids, "fuzz-token"


def _request_strategy(
    method: str, path: str, op: dict[str, Any], ids: dict[str, list[str]]
) -> st.SearchStrategy[dict[str, Any]]:
    params = [_resolve(p) for p in op.get("parameters", [])]
    path_values = {}
    query = {}
    for p in params:
        if p["in"] == "path":
            known = ids.get(p["name"], ["x"])
            path_values[p["name"]] = st.sampled_from(known) | st.text(max_size=12) | ODD_TEXT
        elif p["in"] == "query":
            query[p["name"]] = st.one_of(
                st.integers(min_value=-5, max_value=10**6).map(str), st.text(max_size=8), ODD_TEXT
            )
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        schema = content["application/json"].get("schema", {})
        body = st.one_of(
            _from_schema(schema).map(lambda v: ("json", json.dumps(v).encode())),
            st.binary(max_size=40).map(lambda b: ("json", b)),
        )
    elif "multipart/form-data" in content:
        body = st.one_of(
            st.binary(max_size=200).map(lambda b: ("file", b)),
            st.just(("file", sample_pdf())),
            st.just(("file", sample_pdf()[:300])),
        )
    elif "application/x-www-form-urlencoded" in content:
        keys = st.sampled_from(
            [
                "grant_type",
                "code",
                "refresh_token",
                "client_id",
                "client_secret",
                "redirect_uri",
                "token",
                "token_type_hint",
                "errorLanguage",
                "x",
            ]
        )
        body = st.dictionaries(keys, st.text(max_size=12) | ODD_TEXT, max_size=6).map(
            lambda d: ("form", d)
        )
    else:
        body = st.just(("none", b""))
    return st.fixed_dictionaries(
        {
            "path": st.fixed_dictionaries(path_values),
            "query": st.fixed_dictionaries({}, optional=query),
            "body": body,
            "auth": st.sampled_from(["good", "good", "good", "bad", "none"]),
        }
    )


def _send(
    client: InProcess, method: str, url: str, body: tuple[str, Any], headers: dict[str, str]
) -> Any:
    kind, value = body
    if kind == "json":
        return client.request(
            method, url, content=value, headers={**headers, "Content-Type": "application/json"}
        )
    if kind == "file":
        return client.request(method, url, files={"file": ("f.pdf", value)}, headers=headers)
    if kind == "form":
        return client.request(method, url, data=value, headers=headers)
    return client.request(method, url, headers=headers)


def _check(response: Any, what: str) -> None:
    TOTAL["requests"] += 1
    if response.status_code >= 500:
        TOTAL["server_errors"] += 1
        pytest.fail(f"{what} -> {response.status_code} {response.text[:300]}")


@pytest.mark.parametrize(
    ("method", "path", "op"), _operations(), ids=[o["operationId"] for _, _, o in _operations()]
)
def test_no_api_route_answers_a_server_error(
    world: tuple[InProcess, dict[str, list[str]], str], method: str, path: str, op: dict[str, Any]
) -> None:
    client, ids, token = world
    sent = 0

    @FUZZ
    @given(_request_strategy(method, path, op, ids))
    def run(req: dict[str, Any]) -> None:
        nonlocal sent
        url = "/v1" + path
        for name, value in req["path"].items():
            url = url.replace("{" + name + "}", quote(value, safe=""))
        headers = {
            "good": {"Authorization": f"Bearer {token}"},
            "bad": {"Authorization": "Bearer no"},
        }
        response = _send(client, method, url, req["body"], headers.get(req["auth"], {}))
        sent += 1
        _check(response, f"{method} {url} {req}")

    run()
    print(f"\nfuzz {op['operationId']}: {sent} requests, 0 server errors")
    assert sent >= EXAMPLES // 2


CONTROL_KEYS = [
    "seconds",
    "target",
    "kind",
    "status",
    "count",
    "delay",
    "reset",
    "clientId",
    "clientSecret",
    "redirectUris",
    "signeeId",
]
CONTROL_ACTIONS = [
    "advance",
    "freeze-clock",
    "expire-tokens",
    "faults",
    "reset",
    "requests",
    "deliveries",
    "oauth-clients",
    "documents/{doc}/sign",
    "documents/{doc}/open",
]


def test_no_control_route_answers_a_server_error() -> None:
    app = create_app("fuzz-token")
    with InProcess(app) as client:
        auth = {"Authorization": "Bearer fuzz-token"}
        fid = client.post(
            "/v1/files", files={"file": ("a.pdf", sample_pdf())}, headers=auth
        ).json()["fileId"]
        signees = [
            {"fullName": "S", "emailAddress": "s@example.com", "signaturePlacement": "new_page"}
        ]
        doc = client.post(
            "/v1/docs", json={"fileId": fid, "signeeDetails": signees}, headers=auth
        ).json()["documentId"]
        value = st.one_of(
            ANY_JSON,
            ODD_TEXT,
            st.sampled_from(
                ["nan", "inf", "/user", "drop", "drop_after", "slow", "status", "getUser"]
            ),
        )
        sent = 0

        @settings(FUZZ, max_examples=EXAMPLES * 10)
        @given(
            st.sampled_from(["GET", "POST", "DELETE"]),
            st.sampled_from(CONTROL_ACTIONS) | st.text(max_size=10),
            st.one_of(
                st.dictionaries(st.sampled_from(CONTROL_KEYS), value, max_size=5).map(json.dumps),
                ANY_JSON.map(json.dumps),
                st.binary(max_size=30).map(lambda b: b.decode("latin-1")),
            ),
            st.dictionaries(
                st.sampled_from(["delivered", "timeout"]),
                st.text(max_size=6) | ODD_TEXT | st.integers(-3, 70).map(str),
                max_size=2,
            ),
        )
        def run(method: str, action: str, body: str, query: dict[str, str]) -> None:
            nonlocal sent
            url = "/_emulator/" + quote(action.replace("{doc}", doc), safe="/")
            response = client.request(
                method,
                url,
                content=body.encode("utf-8", "replace") if method == "POST" else None,
                params=query,
                headers={"Content-Type": "application/json"},
            )
            sent += 1
            _check(response, f"{method} {url} {body[:200]!r} {query}")
            # the API still answers after whatever the control route did, faults aside
            client.request("DELETE", "/_emulator/faults")
            after = client.get("/v1/docs", headers=auth)
            sent += 1
            _check(after, f"GET /v1/docs after {method} {url} {body[:200]!r}")

        run()
    print(f"\nfuzz control routes: {sent} requests, 0 server errors")
    assert sent >= EXAMPLES * 5
