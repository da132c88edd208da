"""Which facade method performs each API operation, by the spec's operationId.

`tests/test_operations.py` walks every operationId in `openapi.json` and fails unless it is
listed here and the named method exists on both `Formify` and `AsyncFormify` (or, for the
OAuth token endpoints, on `OAuthApp`). A regenerated spec with a new operation therefore
fails the suite until the facade covers it.
"""

from __future__ import annotations

__all__ = ["CLIENT_OPERATIONS", "OAUTH_OPERATIONS"]

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
