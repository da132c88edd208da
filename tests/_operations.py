"""The API's operations, read from `openapi.json` in one place, and the facade method of each.

Test data, not part of the package. `SPEC_OPERATIONS` is every operation of the committed
spec (operationId, method, path, tag); `tests/test_operations.py` fails, listing them, for
the operations no facade method below performs on both `Formify` and `AsyncFormify` (or,
for the OAuth token endpoints, on `OAuthApp`). A regenerated spec with a new operation
therefore fails the suite at this table until the facade covers it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

__all__ = ["CLIENT_OPERATIONS", "OAUTH_OPERATIONS", "SPEC", "SPEC_OPERATIONS", "Operation"]

SPEC = Path(__file__).resolve().parent.parent / "openapi.json"
_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


class Operation(NamedTuple):
    operation_id: str
    method: str
    path: str
    tag: str


def _spec_operations() -> list[Operation]:
    spec = json.loads(SPEC.read_text())
    return sorted(
        Operation(op["operationId"], method.upper(), path, op["tags"][0])
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in _METHODS
    )


SPEC_OPERATIONS = _spec_operations()

# operationId -> "resource.method" on Formify and AsyncFormify
CLIENT_OPERATIONS: dict[str, str] = {
    "uploadFile": "files.upload",
    "mergeFiles": "files.merge",
    "deleteFile": "files.delete",
    "getFileFields": "files.fields",
    "createDocument": "documents.create",
    "listDocuments": "documents.list",
    "getDocument": "documents.get",
    "deleteDocument": "documents.delete",
    "updateSignatureField": "documents.update_signees",
    "sendReminder": "documents.remind",
    "revokeDocument": "documents.revoke",
    "getDocumentHistory": "documents.history",
    "downloadSignedFile": "documents.signed_file_url",
    "getDocumentFields": "documents.fields",
    "getFieldValues": "documents.field_values",
    "setFieldValues": "documents.set_field_values",
    "listTemplates": "templates.list",
    "getTemplate": "templates.get",
    "getTemplateFields": "templates.fields",
    "listAccountUsers": "account.users",
    "getUser": "user.get",
    "registerWebhook": "webhooks.register",
    "listWebhooks": "webhooks.list",
    "getWebhook": "webhooks.get",
    "deleteWebhook": "webhooks.delete",
    "rotateWebhookSecret": "webhooks.rotate_secret",
}

# The token endpoints belong to the OAuth app, not to an authorised client; its async
# twins carry an `a` prefix on the same class.
OAUTH_OPERATIONS: dict[str, tuple[str, ...]] = {
    "createToken": (
        "OAuthApp.exchange_code",
        "OAuthApp.aexchange_code",
        "OAuthApp.refresh",
        "OAuthApp.arefresh",
    ),
    "revokeToken": ("OAuthApp.revoke", "OAuthApp.arevoke"),
}
