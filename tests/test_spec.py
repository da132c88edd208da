"""openapi.json: valid OpenAPI 3.1, complete against the reference, and fit for the generator.

Each project check is run on the committed spec (must pass) and on a copy broken in the one
way the check names (must fail), so a check that silently stops checking is caught too.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from scripts import check_spec, generate

# Every inference recorded in a description; a new one must be added here and to the report.
EXPECTED_INFERENCES = {
    "#/components/parameters/Limit",
    "#/components/parameters/Offset",
    "#/components/responses/BadRequest",
    "#/components/responses/NotFound",
    "#/components/responses/OAuthClientRejected",
    "#/components/responses/OAuthError",
    "#/components/responses/Unauthorized",
    "#/components/schemas/AccountUser/properties/fullName",
    "#/components/schemas/AiAssistant/properties/language",
    "#/components/schemas/BoundingBox",
    "#/components/schemas/CreateDocumentRequest/properties/signeeDetails",
    "#/components/schemas/Document/properties/completedAt",
    "#/components/schemas/Document/properties/documentId",
    "#/components/schemas/Document/properties/expiryDate",
    "#/components/schemas/Document/properties/revokedAt",
    "#/components/schemas/Document/properties/templateId",
    "#/components/schemas/DocumentCreated",
    "#/components/schemas/DocumentList",
    "#/components/schemas/Error",
    "#/components/schemas/Error/properties/error",
    "#/components/schemas/FieldValueInput",
    "#/components/schemas/FileUploaded",
    "#/components/schemas/FormField",
    "#/components/schemas/HistoryEntry",
    "#/components/schemas/OAuthErrorResponse",
    "#/components/schemas/PhoneNumberDeliveryMethod",
    "#/components/schemas/RegisterWebhookRequest",
    "#/components/schemas/SetFieldValuesRequest/properties/fields",
    "#/components/schemas/SignatureFieldUpdate/properties/signeeId",
    "#/components/schemas/SignatureFieldUpdated",
    "#/components/schemas/Signee/properties/signedAt",
    "#/components/schemas/SigneeDetails",
    "#/components/schemas/SigneeReminders/properties/lastReminderSentAt",
    "#/components/schemas/SigneeUpdates/properties/lastUpdateAt",
    "#/components/schemas/TemplateList",
    "#/components/schemas/TemplateSignee",
    "#/components/schemas/Timestamp",
    "#/components/schemas/WebhookCreated",
    "#/components/schemas/WebhookSecretRotated",
    "#/paths/~1docs/post/responses/403",
    "#/paths/~1docs~1{documentId}/delete/responses/403",
    "#/paths/~1docs~1{documentId}~1revoke/put/responses/403",
    "#/paths/~1docs~1{documentId}~1signature-field/patch/requestBody/content/application~1json/schema",
    "#/paths/~1docs~1{documentId}~1signed-file/get/responses/403",
}


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    return check_spec.load()


@pytest.fixture
def spec(committed: dict[str, Any]) -> dict[str, Any]:
    """A private copy to break."""
    return copy.deepcopy(committed)


def op(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"][path][method]
    return operation


# (1) OpenAPI validity


def test_spec_is_valid_openapi_3_1(committed: dict[str, Any]) -> None:
    assert committed["openapi"] == "3.1.0"
    validate(committed)


def test_validator_rejects_a_broken_copy(spec: dict[str, Any]) -> None:
    # OpenAPI 2's "body" parameters do not exist in 3.x.
    op(spec, "get", "/user")["parameters"].append({"name": "x", "in": "body", "schema": {}})
    with pytest.raises(OpenAPIValidationError):
        validate(spec)


def test_file_is_stable_pretty_json() -> None:
    """Two-space indent and a trailing newline, so diffs stay small and reviewable."""
    text = check_spec.SPEC_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


# (2) what the generator needs


def test_committed_spec_passes_every_project_check(committed: dict[str, Any]) -> None:
    assert check_spec.check_all(committed) == []


def test_unresolved_ref_is_caught(spec: dict[str, Any]) -> None:
    op(spec, "get", "/user")["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/NoSuchModel"
    }
    assert check_spec.check_refs(spec) == [
        "#/paths/~1user/get/responses/200/content/application~1json/schema: "
        "unresolved $ref #/components/schemas/NoSuchModel"
    ]


def test_inline_object_schema_is_caught(spec: dict[str, Any]) -> None:
    media = op(spec, "post", "/files/merge")["requestBody"]["content"]["application/json"]
    media["schema"] = copy.deepcopy(spec["components"]["schemas"]["MergeFilesRequest"])
    problems = check_spec.check_no_inline_objects(spec)
    assert problems == [
        "#/paths/~1files~1merge/post/requestBody/content/application~1json/schema: "
        "inline object schema; use a named component"
    ]


def test_inline_object_in_a_webhook_is_caught(spec: dict[str, Any]) -> None:
    body = spec["webhooks"]["documentEvent"]["post"]["requestBody"]["content"]
    body["application/json"]["schema"] = {"type": "object", "properties": {"x": {}}}
    assert len(check_spec.check_no_inline_objects(spec)) == 1


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda o: o.pop("tags"), "GET /user: no tag"),
        (lambda o: o.update(tags=["users"]), "GET /user: tag 'users' not declared at top level"),
        (lambda o: o.pop("operationId"), "GET /user: no operationId"),
        (lambda o: o.update(operationId="get_user"), "operationId 'get_user' is not camelCase"),
        (lambda o: o.update(operationId="listWebhooks"), "'listWebhooks' also used by"),
        (lambda o: o.pop("summary"), "GET /user: no summary"),
        (
            lambda o: o["responses"].pop("200"),
            "GET /user: no documented 2xx/3xx response",
        ),
        (
            lambda o: o["responses"]["200"].pop("content"),
            "GET /user: 200 has neither a content schema nor a reason to be empty",
        ),
    ],
)
def test_operation_check_catches(spec: dict[str, Any], breakage: Any, expected: str) -> None:
    breakage(op(spec, "get", "/user"))
    problems = check_spec.check_operations(spec)
    assert any(expected in p for p in problems), problems


def test_empty_bodies_only_where_the_reference_has_none(committed: dict[str, Any]) -> None:
    """204 deletes, 302 signed-file and the 200 of token revocation carry no content."""
    for method, path, code in [
        ("delete", "/files/{fileId}", "204"),
        ("delete", "/docs/{documentId}", "204"),
        ("delete", "/webhooks/{webhookId}", "204"),
        ("get", "/docs/{documentId}/signed-file", "302"),
        ("post", "/oauth/revoke", "200"),
    ]:
        responses = op(committed, method, path)["responses"]
        assert "content" not in responses[code], (method, path)
        assert [c for c in responses if c[0] in "23"] == [code], (method, path)


def test_a_body_on_302_is_caught(spec: dict[str, Any]) -> None:
    response = op(spec, "get", "/docs/{documentId}/signed-file")["responses"]["302"]
    response["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    assert check_spec.check_operations(spec) == [
        "GET /docs/{documentId}/signed-file: 302 must not have a body"
    ]


def test_signed_file_redirect_declares_location_and_rate_limit_headers(
    committed: dict[str, Any],
) -> None:
    response = op(committed, "get", "/docs/{documentId}/signed-file")["responses"]["302"]
    location = check_spec.resolve(committed, response["headers"]["Location"])
    assert location["required"] is True
    assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= set(
        response["headers"]
    )


def test_every_response_carries_the_rate_limit_headers(committed: dict[str, Any]) -> None:
    """The reference says every response has them; 429 handling reads X-RateLimit-Reset."""
    for method, path, operation in check_spec.operations(committed):
        for code, response in operation["responses"].items():
            headers = check_spec.resolve(committed, response).get("headers", {})
            assert headers.get("X-RateLimit-Reset") == {
                "$ref": "#/components/headers/X-RateLimit-Reset"
            }, (method, path, code)


# (3) completeness


def test_exactly_the_reference_operations(committed: dict[str, Any]) -> None:
    found = {(m, p) for m, p, _ in check_spec.operations(committed)}
    assert found == check_spec.EXPECTED_OPERATIONS
    assert "/#/oauth" not in committed["paths"]


def test_missing_and_extra_operations_are_caught(spec: dict[str, Any]) -> None:
    before = check_spec.check_expected_operations(spec)  # [] unless the spec itself drifted
    spec["paths"]["/docs/{documentId}/history"].pop("get")
    spec["paths"]["/docs/{documentId}/history"]["delete"] = {}
    problems = check_spec.check_expected_operations(spec)
    assert [p for p in problems if p not in before] == [
        "missing GET /docs/{documentId}/history",
        "unexpected DELETE /docs/{documentId}/history",
    ]


def test_published_operation_ids_are_kept(committed: dict[str, Any]) -> None:
    ids = {(m, p): o["operationId"] for m, p, o in check_spec.operations(committed)}
    assert ids[("post", "/files")] == "uploadFile"
    assert ids[("post", "/docs")] == "createDocument"
    assert ids[("post", "/webhooks")] == "registerWebhook"
    assert ids[("get", "/docs/{documentId}/signed-file")] == "downloadSignedFile"


def test_renamed_published_operation_id_is_caught(spec: dict[str, Any]) -> None:
    before = check_spec.check_expected_operations(spec)  # [] unless the spec itself drifted
    op(spec, "post", "/files")["operationId"] = "createFile"
    problems = check_spec.check_expected_operations(spec)
    assert [p for p in problems if p not in before] == [
        "POST /files: operationId 'createFile', want 'uploadFile'"
    ]


def test_public_oauth_operations_and_global_security(committed: dict[str, Any]) -> None:
    assert committed["security"] == [{"OAuth2": []}]
    flow = committed["components"]["securitySchemes"]["OAuth2"]["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "https://app.formify.eu/#/oauth"
    assert flow["tokenUrl"] == "https://docs-api.formify.se/v1/oauth/token"
    assert set(flow["scopes"]) == {"read", "write"}
    for method, path, operation in check_spec.operations(committed):
        assert ("security" in operation) == path.startswith("/oauth/"), (method, path)
        if path.startswith("/oauth/"):
            assert operation["security"] == []
            media = operation["requestBody"]["content"]
            assert list(media) == ["application/x-www-form-urlencoded"]


def test_upload_is_multipart_with_a_binary_file(committed: dict[str, Any]) -> None:
    content = op(committed, "post", "/files")["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
    schema = check_spec.resolve(committed, content["multipart/form-data"]["schema"])
    assert schema["properties"]["file"]["format"] == "binary"
    assert schema["required"] == ["file"]


def test_limits_stated_in_the_prose(committed: dict[str, Any]) -> None:
    schemas = committed["components"]["schemas"]
    params = committed["components"]["parameters"]
    assert params["Limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 50}
    assert params["Offset"]["schema"]["minimum"] == 0
    file_ids = schemas["MergeFilesRequest"]["properties"]["fileIds"]
    assert (file_ids["minItems"], file_ids["maxItems"], file_ids["uniqueItems"]) == (2, 8, True)
    for box in ("SignatureBox", "IdScanBox"):
        props = schemas[box]["properties"]
        assert props["scale"]["minimum"] == 0.25
        assert props["scale"]["maximum"] == 1.5
        assert props["scale"]["default"] == 1.0
        assert [props[k]["minimum"] for k in ("x", "y", "page")] == [0, 0, 0]
    signee = schemas["SigneeDetails"]["properties"]
    assert signee["phoneNumberDeliveryMethod"]["default"] == "sms"


def test_nullable_where_the_prose_says_null(committed: dict[str, Any]) -> None:
    schemas = committed["components"]["schemas"]
    for schema, member in [
        ("DocumentList", "nextOffset"),
        ("TemplateList", "nextOffset"),
        ("DocumentCreated", "documentUrl"),
        ("Document", "documentUrl"),
        ("Document", "completedAt"),
        ("Document", "revokedAt"),
    ]:
        prop = schemas[schema]["properties"][member]
        variants = [prop.get("type")] + [v.get("type") for v in prop.get("anyOf", [])]
        assert any(v == "null" or "null" in (v or []) for v in variants), (schema, member)


def test_webhook_payload_is_declared_with_its_headers(committed: dict[str, Any]) -> None:
    post = committed["webhooks"]["documentEvent"]["post"]
    headers = {p["name"] for p in post["parameters"] if p["in"] == "header"}
    assert headers == {"X-Formify-Timestamp", "X-Formify-Signature"}
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/DocumentWebhookEvent"}
    data = committed["components"]["schemas"]["WebhookEventData"]
    assert "signeeId" in data["properties"]
    assert "signeeId" not in data["required"]


# (4) errorLanguage


def test_error_language_everywhere_the_reference_has_it(committed: dict[str, Any]) -> None:
    assert len(check_spec.ERROR_LANGUAGE) == 16
    assert check_spec.check_error_language(committed) == []


def test_missing_error_language_query_parameter_is_caught(spec: dict[str, Any]) -> None:
    operation = op(spec, "get", "/docs/{documentId}/history")
    operation["parameters"] = [
        p
        for p in operation["parameters"]
        if p != {"$ref": "#/components/parameters/ErrorLanguageQuery"}
    ]
    assert check_spec.check_error_language(spec) == [
        "GET /docs/{documentId}/history: no query parameter errorLanguage referencing ErrorLanguage"
    ]


def test_missing_error_language_body_member_is_caught(spec: dict[str, Any]) -> None:
    del spec["components"]["schemas"]["TokenRequest"]["properties"]["error_language"]
    assert check_spec.check_error_language(spec) == [
        "POST /oauth/token: no body member error_language referencing ErrorLanguage"
    ]


# (5) inferences are marked, and counted


def test_inference_notes_are_exactly_the_reported_ones(committed: dict[str, Any]) -> None:
    assert set(check_spec.inference_marks(committed)) == EXPECTED_INFERENCES
    assert len(EXPECTED_INFERENCES) == 44


def test_inference_note_in_the_middle_of_a_description_is_caught(spec: dict[str, Any]) -> None:
    schema = spec["components"]["schemas"]["User"]
    schema["description"] = "The user. Not in the published reference: something."
    assert check_spec.check_inference_marks(spec) == [
        "#/components/schemas/User/description: inference note must open the description"
    ]


# generator compatibility


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package openapi-python-client makes from the committed spec, warnings fatal."""
    return generate.generate(check_spec.SPEC_PATH, tmp_path_factory.mktemp("gen"))


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def test_every_operation_gets_an_endpoint_module(
    committed: dict[str, Any], generated: Path
) -> None:
    for _, _, operation in check_spec.operations(committed):
        module = generated / "api" / operation["tags"][0] / f"{_snake(operation['operationId'])}.py"
        assert module.is_file(), module


def test_every_object_and_enum_schema_gets_a_model(
    committed: dict[str, Any], generated: Path
) -> None:
    for name, schema in committed["components"]["schemas"].items():
        if schema.get("type") == "object" or "enum" in schema:
            assert (generated / "models" / f"{_snake(name)}.py").is_file(), name


def test_request_bodies_are_typed_models_not_any(generated: Path) -> None:
    """A oneOf on CreateDocumentRequest would make the generator type the body as Any."""
    source = (generated / "api" / "docs" / "create_document.py").read_text()
    assert "body: CreateDocumentRequest," in source
    upload = (generated / "api" / "files" / "upload_file.py").read_text()
    assert "body: UploadFileRequest," in upload
    assert "to_multipart()" in upload


def test_redirect_and_no_content_responses_parse_to_none(generated: Path) -> None:
    signed = (generated / "api" / "docs" / "download_signed_file.py").read_text()
    assert "if response.status_code == 302:" in signed
    assert "response_302 = cast(Any, None)" in signed
    delete = (generated / "api" / "webhooks" / "delete_webhook.py").read_text()
    assert "response_204 = cast(Any, None)" in delete


# the reference's own examples conform; values the prose forbids do not

EVENT_DATA = {"documentId": "doc-1", "accountId": "acc-1", "userId": "user-1"}
REFERENCE_EXAMPLES = [
    (
        "CreateDocumentRequest",
        {
            "fileId": "file-1",
            "signeeDetails": [
                {
                    "fullName": "A Signee",
                    "emailAddress": "a@example.com",
                    "signaturePlacement": "new_page",
                }
            ],
        },
    ),
    (
        "RegisterWebhookRequest",
        {"webhookUrl": "https://example.com/hook", "eventTypes": ["document.completed"]},
    ),
    (
        "TokenResponse",
        {
            "access_token": "at",
            "expires_in": 3600,
            "refresh_token": "rt",
            "token_type": "Bearer",
            "scope": "read,write",
        },
    ),
    ("RevokeRequest", {"token": "rt", "token_type_hint": "refresh_token"}),
    ("ReminderRequest", {"errorLanguage": "en", "signeeIds": ["s-1"]}),
    ("RevokeDocumentRequest", {"errorLanguage": "en"}),
    ("SetFieldValuesRequest", {"fields": [{"name": "email", "value": "x@example.com"}]}),
    ("SetFieldValuesRequest", {"fields": [{"name": "interests", "value": ["A", "B"]}]}),
    ("FieldValue", {"name": "interests", "value": ["Photography", "Travel"]}),
    (
        "DocumentWebhookEvent",
        {
            "event": {
                "eventId": "e-1",
                "type": "document.created",
                "date": "2024-10-25T14:23:55Z",
                "data": EVENT_DATA,
            }
        },
    ),
    (
        "DocumentWebhookEvent",
        {
            "event": {
                "eventId": "e-2",
                "type": "document.signed",
                "date": "2024-10-25T14:23:55Z",
                "data": {**EVENT_DATA, "signeeId": "s-1"},
            }
        },
    ),
    ("DocumentList", {"limit": 50, "offset": 50, "nextOffset": None, "documents": []}),
]

FORBIDDEN = [
    ("MergeFilesRequest", {"fileIds": ["only-one"], "name": "m"}, "minItems"),
    ("MergeFilesRequest", {"fileIds": ["a", "a"], "name": "m"}, "uniqueItems"),
    ("MergeFilesRequest", {"fileIds": [str(i) for i in range(9)], "name": "m"}, "maxItems"),
    ("SignatureBox", {"x": 0, "y": 0, "page": 0, "scale": 1.6}, "maximum"),
    ("IdScanBox", {"x": 0, "y": 0, "page": 0, "scale": 0.2}, "minimum"),
    ("SignatureBox", {"x": -1, "y": 0, "page": 0}, "minimum"),
    ("ReminderRequest", {"errorLanguage": "de", "signeeIds": ["s"]}, "enum"),
    ("RegisterWebhookRequest", {"webhookUrl": "u", "eventTypes": ["settings.x"]}, "enum"),
    ("DocumentWebhookEvent", {"event": {"eventId": "e", "type": "document.opened"}}, "required"),
    ("DocumentList", {"limit": 1, "offset": 0, "documents": []}, "required"),
]


def _validator(spec: dict[str, Any], name: str) -> Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return Draft202012Validator(root, format_checker=FormatChecker())


@pytest.mark.parametrize(("name", "instance"), REFERENCE_EXAMPLES)
def test_reference_example_conforms(committed: dict[str, Any], name: str, instance: Any) -> None:
    assert [e.message for e in _validator(committed, name).iter_errors(instance)] == []


@pytest.mark.parametrize(("name", "instance", "rule"), FORBIDDEN)
def test_value_the_prose_forbids_is_rejected(
    committed: dict[str, Any], name: str, instance: Any, rule: str
) -> None:
    assert rule in {e.validator for e in _validator(committed, name).iter_errors(instance)}


def test_signature_field_update_body_is_a_list_of_updates(committed: dict[str, Any]) -> None:
    body = op(committed, "patch", "/docs/{documentId}/signature-field")["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    root = {**schema, "components": committed["components"]}
    validator = Draft202012Validator(root)
    example = [{"signeeId": "s-1", "fullName": "N", "emailAddress": "e@x.se", "phoneNumber": "+46"}]
    assert list(validator.iter_errors(example)) == []
    assert {e.validator for e in validator.iter_errors([{"fullName": "N"}])} == {"required"}
    assert {e.validator for e in validator.iter_errors([])} == {"minItems"}
