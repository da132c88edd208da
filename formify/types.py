"""Typed inputs: the dicts and string values the client's calls take, for your annotations.

```python
from formify.types import SigneeParam

signee: SigneeParam = {
    "full_name": "Ada Lovelace",
    "email_address": "ada@example.com",
    "signature_placement": "new_page",
}
client.documents.create(file_id=file_id, signees=[signee])
```

Each `...Param` is a `TypedDict`, so a type checker (mypy, pyright) flags a misspelt key or a
value the API does not know (`"newpage"`); at run time the client refuses both too, before
any request, naming the key and the nearest known one (`signees[0].emial_address: unknown
key; did you mean email_address?`). The `Literal` aliases hold the spec's enum values (a test
keeps them equal to the generated enums).

Keys are snake_case. For compatibility the client also accepts the API's camelCase spelling
of the same keys at run time (`"emailAddress"`), and the generated models
(`formify_api.models.SigneeDetails`, ...); only snake_case type-checks.
"""

from collections.abc import Mapping, Sequence
from typing import Literal, NotRequired, Required, TypedDict

__all__ = [
    "AiAssistantParam",
    "FieldValues",
    "FieldsReadonlyMode",
    "IdScanBoxParam",
    "Language",
    "PhoneNumberDeliveryMethod",
    "SharingSetting",
    "SignatureBoxParam",
    "SignaturePlacement",
    "SignatureType",
    "SigneeParam",
    "SigneeUpdateParam",
    "WebhookEventType",
]

SignatureType = Literal[
    "digital_ink", "bankid_identification", "digital_ink_id_scan", "face_liveness"
]
"""How a signee signs (the spec's `SignatureType` without `not_set`, which is only answered)."""

SignaturePlacement = Literal["existing", "new_page"]
"""Where the signature field goes: on an existing page (`signature_box`) or a new last page."""

PhoneNumberDeliveryMethod = Literal["sms", "whatsapp"]
"""How an invitation text message is delivered."""

WebhookEventType = Literal[
    "document.created",
    "document.opened",
    "document.signed",
    "document.completed",
    "document.revoked",
    "document.deleted",
]
"""The events a webhook can subscribe to."""

FieldsReadonlyMode = Literal["all", "filled", "keepOriginal"]
"""Which form fields signees may not change."""

SharingSetting = Literal["private", "shared"]
"""Who in the account sees the document."""

Language = Literal["en", "sv", "es"]
"""The language of the signature request shown to signees, and of the API's error messages."""

FieldValues = Mapping[str, str | Sequence[str]]
"""Form field values by field name: a string (text, radio) or a list of strings (checkboxes)."""


class SignatureBoxParam(TypedDict, total=False):
    """Where a signature field goes on an existing page (points; the field is 219 x 58).

    Keys: `page` (index from 0), `x` and `y` (>= 0, finite), `scale` (0.5-2.0, default 1.0).
    Keys left out fall back to the template's values.
    """

    page: int
    x: float
    y: float
    scale: float


class IdScanBoxParam(TypedDict, total=False):
    """Where the scanned-ID placeholder goes (points; 218 x 138), for `digital_ink_id_scan`.

    Keys: `page`, `x`, `y`, `scale`, as in `SignatureBoxParam`.
    """

    page: int
    x: float
    y: float
    scale: float


class SigneeParam(TypedDict, total=False):
    """One signee of a new document (`documents.create(signees=[...])`).

    Keys:
        full_name: required, the signee's name.
        email_address / phone_number: at least one; the phone number as `+` and digits.
        phone_number_delivery_method: `"sms"` (default) or `"whatsapp"`.
        signature_type: `"digital_ink"`, `"bankid_identification"`, `"digital_ink_id_scan"`,
            `"face_liveness"`.
        signature_placement: `"existing"` (the default; needs `signature_box` unless the
            template has one) or `"new_page"`.
        signature_box: a `SignatureBoxParam`; id_scan_box: an `IdScanBoxParam` (both needed
            with `digital_ink_id_scan`).
        signing_order: 1, 2, 3, ... when `enable_signing_order=True`.
    """

    full_name: Required[str]
    email_address: str
    phone_number: str
    phone_number_delivery_method: PhoneNumberDeliveryMethod
    signature_type: SignatureType
    signature_placement: SignaturePlacement
    signature_box: SignatureBoxParam
    id_scan_box: IdScanBoxParam
    signing_order: int


class SigneeUpdateParam(TypedDict):
    """New contact details for one signee (`documents.update_signees(doc_id, [...])`).

    Keys: `signee_id` (required: whom to update), and any of `full_name`, `email_address`,
    `phone_number` (left out or None: unchanged). Only a contact method the signee already
    has can be changed. The signee gets a new id: see the result's `new_ids`.
    """

    signee_id: str
    full_name: NotRequired[str | None]
    email_address: NotRequired[str | None]
    phone_number: NotRequired[str | None]


class AiAssistantParam(TypedDict, total=False):
    """The AI assistant that answers signees' questions (`documents.create(ai_assistant=...)`).

    Keys: `enabled` and `text_to_speech` (booleans, default False), `language` (a language
    code such as `"en"`, the default). Enabled, creation is asynchronous (status `processing`).
    """

    enabled: bool
    text_to_speech: bool
    language: str
