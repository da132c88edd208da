"""Project checks on openapi.json beyond schema validity: what the generator and facade rely on.

Each check returns a list of problems (empty when the spec passes), so tests can run them on
mutated copies of the spec and show that they catch what they name. Run directly to check the
committed spec: `python scripts/check_spec.py`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.json"

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
INFERENCE_MARK = "Not in the published reference:"

# The reference's operation list; the browser authorize URL /#/oauth is not an API path.
EXPECTED_OPERATIONS = frozenset(
    {
        ("post", "/oauth/token"),
        ("post", "/oauth/revoke"),
        ("post", "/files"),
        ("post", "/files/merge"),
        ("delete", "/files/{fileId}"),
        ("get", "/files/{fileId}/fields"),
        ("post", "/docs"),
        ("get", "/docs"),
        ("get", "/docs/{documentId}"),
        ("delete", "/docs/{documentId}"),
        ("patch", "/docs/{documentId}/signature-field"),
        ("post", "/docs/{documentId}/reminder"),
        ("put", "/docs/{documentId}/revoke"),
        ("get", "/docs/{documentId}/history"),
        ("get", "/docs/{documentId}/signed-file"),
        ("get", "/docs/{documentId}/fields"),
        ("get", "/docs/{documentId}/field-values"),
        ("post", "/docs/{documentId}/field-values"),
        ("get", "/templates"),
        ("get", "/templates/{templateId}"),
        ("get", "/templates/{templateId}/fields"),
        ("get", "/account/users"),
        ("get", "/user"),
        ("post", "/webhooks"),
        ("get", "/webhooks"),
        ("get", "/webhooks/{webhookId}"),
        ("delete", "/webhooks/{webhookId}"),
        ("post", "/webhooks/{webhookId}/rotate-secret"),
    }
)

# operationIds the published reference links to; the facade and docs use them as anchors.
PUBLISHED_OPERATION_IDS = {
    ("post", "/files"): "uploadFile",
    ("post", "/docs"): "createDocument",
    ("post", "/webhooks"): "registerWebhook",
    ("get", "/docs/{documentId}/signed-file"): "downloadSignedFile",
}

# Where the reference offers an error language, and how: query parameter or body member.
ERROR_LANGUAGE = {
    ("post", "/oauth/token"): ("body", "error_language"),
    ("post", "/files"): ("body", "errorLanguage"),
    ("delete", "/files/{fileId}"): ("query", "errorLanguage"),
    ("post", "/docs"): ("body", "errorLanguage"),
    ("get", "/docs"): ("query", "errorLanguage"),
    ("get", "/docs/{documentId}"): ("query", "errorLanguage"),
    ("delete", "/docs/{documentId}"): ("query", "errorLanguage"),
    ("post", "/docs/{documentId}/reminder"): ("body", "errorLanguage"),
    ("put", "/docs/{documentId}/revoke"): ("body", "errorLanguage"),
    ("get", "/docs/{documentId}/history"): ("query", "errorLanguage"),
    ("get", "/docs/{documentId}/signed-file"): ("query", "errorLanguage"),
    ("get", "/templates"): ("query", "errorLanguage"),
    ("get", "/account/users"): ("query", "errorLanguage"),
    ("get", "/user"): ("query", "errorLanguage"),
    ("get", "/webhooks"): ("query", "errorLanguage"),
    ("post", "/webhooks/{webhookId}/rotate-secret"): ("query", "errorLanguage"),
}

# Success statuses that legitimately carry no body, per the reference.
EMPTY_SUCCESS = {"204", "302"}
EMPTY_200_ALLOWED = frozenset({("post", "/oauth/revoke")})


def load(path: Path = SPEC_PATH) -> dict[str, Any]:
    """Read the spec as a JSON object."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield (method, path, operation) for every operation under `paths`."""
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow a local `$ref` chain to the referenced object (the node itself otherwise)."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"]
        if pointer in seen or not pointer.startswith("#/"):
            raise KeyError(pointer)
        seen.add(pointer)
        target: Any = spec
        for part in pointer[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def walk(node: Any, where: str = "#") -> Iterator[tuple[str, Any]]:
    """Yield (JSON pointer, value) for every value in a JSON tree."""
    yield where, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{where}/{index}")


def check_refs(spec: dict[str, Any]) -> list[str]:
    """Every `$ref` points at something that exists."""
    problems = []
    for where, node in walk(spec):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                resolve(spec, {"$ref": node["$ref"]})
            except (KeyError, IndexError, TypeError):
                problems.append(f"{where}: unresolved $ref {node['$ref']}")
    return problems


def check_operations(spec: dict[str, Any]) -> list[str]:
    """Declared tags, unique camelCase operationIds, summaries and a usable success response."""
    problems = []
    declared_tags = {tag["name"] for tag in spec.get("tags", [])}
    seen_ids: dict[str, str] = {}
    for method, path, op in operations(spec):
        name = f"{method.upper()} {path}"
        tags = op.get("tags") or []
        if not tags:
            problems.append(f"{name}: no tag")
        problems += [
            f"{name}: tag {t!r} not declared at top level" for t in tags if t not in declared_tags
        ]
        op_id = op.get("operationId")
        if not op_id:
            problems.append(f"{name}: no operationId")
        elif not CAMEL_CASE.match(op_id):
            problems.append(f"{name}: operationId {op_id!r} is not camelCase")
        elif op_id in seen_ids:
            problems.append(f"{name}: operationId {op_id!r} also used by {seen_ids[op_id]}")
        else:
            seen_ids[op_id] = name
        if not op.get("summary"):
            problems.append(f"{name}: no summary")
        problems += _success_problems(spec, method, path, op)
    return problems


def _success_problems(
    spec: dict[str, Any], method: str, path: str, op: dict[str, Any]
) -> list[str]:
    name = f"{method.upper()} {path}"
    successes = {
        code: resolve(spec, response)
        for code, response in op.get("responses", {}).items()
        if code[0] in "23"
    }
    if not successes:
        return [f"{name}: no documented 2xx/3xx response"]
    problems = []
    for code, response in successes.items():
        content = response.get("content")
        if content:
            for media, media_obj in content.items():
                if "schema" not in media_obj:
                    problems.append(f"{name}: {code} {media} has no schema")
            if code in EMPTY_SUCCESS:
                problems.append(f"{name}: {code} must not have a body")
        elif code not in EMPTY_SUCCESS and (method, path) not in EMPTY_200_ALLOWED:
            problems.append(f"{name}: {code} has neither a content schema nor a reason to be empty")
    return problems


def check_no_inline_objects(spec: dict[str, Any]) -> list[str]:
    """No object schema with `properties` written inline under `paths` or `webhooks`."""
    problems = []
    for section in ("paths", "webhooks"):
        for where, node in walk(spec.get(section, {}), f"#/{section}"):
            if isinstance(node, dict) and "properties" in node and "$ref" not in node:
                if where.endswith("/properties"):
                    continue  # a property literally named "properties" inside a schema map
                problems.append(f"{where}: inline object schema; use a named component")
    return problems


def check_expected_operations(spec: dict[str, Any]) -> list[str]:
    """Exactly the reference's 28 operations, and the four published operationIds."""
    found = {(method, path): op for method, path, op in operations(spec)}
    problems = [f"missing {m.upper()} {p}" for m, p in sorted(EXPECTED_OPERATIONS - set(found))]
    problems += [f"unexpected {m.upper()} {p}" for m, p in sorted(set(found) - EXPECTED_OPERATIONS)]
    for key, op_id in PUBLISHED_OPERATION_IDS.items():
        if key in found and found[key].get("operationId") != op_id:
            got = found[key].get("operationId")
            problems.append(f"{key[0].upper()} {key[1]}: operationId {got!r}, want {op_id!r}")
    return problems


def _body_properties(spec: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    body = resolve(spec, op.get("requestBody", {}))
    props: dict[str, Any] = {}
    for media in body.get("content", {}).values():
        props.update(resolve(spec, media.get("schema", {})).get("properties", {}))
    return props


def _is_error_language(spec: dict[str, Any], schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("$ref") == "#/components/schemas/ErrorLanguage"


def check_error_language(spec: dict[str, Any]) -> list[str]:
    """`errorLanguage` (an `ErrorLanguage` ref) on every operation the reference gives it to."""
    enum = spec.get("components", {}).get("schemas", {}).get("ErrorLanguage", {})
    problems = []
    if sorted(enum.get("enum", [])) != ["en", "es", "sv"]:
        problems.append("components.schemas.ErrorLanguage must be the enum en|sv|es")
    found = {(method, path): op for method, path, op in operations(spec)}
    for key, (place, member) in ERROR_LANGUAGE.items():
        op = found.get(key)
        if op is None:
            continue  # reported by check_expected_operations
        name = f"{key[0].upper()} {key[1]}"
        if place == "query":
            params = [resolve(spec, p) for p in op.get("parameters", [])]
            hits = [p for p in params if p.get("in") == "query" and p.get("name") == member]
            if not hits or not _is_error_language(spec, hits[0].get("schema")):
                problems.append(f"{name}: no query parameter {member} referencing ErrorLanguage")
        else:
            prop = _body_properties(spec, op).get(member)
            if not _is_error_language(spec, prop):
                problems.append(f"{name}: no body member {member} referencing ErrorLanguage")
    return problems


def inference_marks(spec: dict[str, Any]) -> list[str]:
    """JSON pointers of every description that records an inference."""
    marks = []
    for where, node in walk(spec):
        if not (isinstance(node, dict) and isinstance(node.get("description"), str)):
            continue
        if INFERENCE_MARK in node["description"]:
            marks.append(where)
    return marks


def check_inference_marks(spec: dict[str, Any]) -> list[str]:
    """Inference notes open their description, and sit on a schema, parameter or response."""
    problems = []
    for where, node in walk(spec):
        if isinstance(node, str) and INFERENCE_MARK in node:
            if not where.endswith("/description"):
                problems.append(f"{where}: inference note outside a description")
            elif not node.startswith(INFERENCE_MARK):
                problems.append(f"{where}: inference note must open the description")
    return problems


def check_all(spec: dict[str, Any]) -> list[str]:
    """Every project check, in one list of problems."""
    return (
        check_refs(spec)
        + check_operations(spec)
        + check_no_inline_objects(spec)
        + check_expected_operations(spec)
        + check_error_language(spec)
        + check_inference_marks(spec)
    )


def main() -> int:
    spec = load()
    problems = check_all(spec)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s); {len(inference_marks(spec))} inference note(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
