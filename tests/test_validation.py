"""Client-side validation: each rule names the field and the rule, and nothing is sent."""

import pytest

from formify import AsyncFormify, Formify
from formify.errors import ValidationError


@pytest.fixture
def client(api):
    with Formify("tok", base_url=api.url) as client:
        yield client


def signee(**extra):
    return {"full_name": "Ada Lovelace", "email_address": "ada@example.com", **extra}


BOX = {"page": 0, "x": 10, "y": 20}


def create(c, **kw):
    kw.setdefault("file_id", "f1")
    kw.setdefault("signees", [signee(signature_placement="new_page")])
    return c.documents.create(**kw)


CASES = [
    # (id, call, field, words in the rule)
    ("merge-one-file", lambda c: c.files.merge(["a"], name="m"), "file_ids", "2 to 8"),
    (
        "merge-nine-files",
        lambda c: c.files.merge([str(i) for i in range(9)], name="m"),
        "file_ids",
        "2 to 8",
    ),
    (
        "merge-duplicates",
        lambda c: c.files.merge(["a", "a"], name="m"),
        "file_ids",
        "same file id twice",
    ),
    ("merge-not-a-list", lambda c: c.files.merge("ab", name="m"), "file_ids", "list of file id"),
    ("merge-empty-id", lambda c: c.files.merge(["a", ""], name="m"), "file_ids[1]", "non-empty"),
    ("merge-no-name", lambda c: c.files.merge(["a", "b"], name=" "), "name", "non-empty"),
    (
        "create-both-sources",
        lambda c: create(c, template_id="t1"),
        "file_id",
        "exactly one of file_id and template_id",
    ),
    (
        "create-no-source",
        lambda c: create(c, file_id=None),
        "file_id",
        "exactly one of file_id and template_id",
    ),
    ("create-no-signees", lambda c: create(c, signees=[]), "signees", "at least one signee"),
    ("create-signees-dict", lambda c: create(c, signees=signee()), "signees", "must be a list"),
    (
        "signee-no-name",
        lambda c: create(c, signees=[{"email_address": "a@example.com"}]),
        "signees[0].full_name",
        "required",
    ),
    (
        "signee-no-contact",
        lambda c: create(c, signees=[signee(signature_placement="new_page"), {"full_name": "B"}]),
        "signees[1]",
        "email_address or a phone_number",
    ),
    (
        "signee-bad-email",
        lambda c: create(
            c,
            signees=[
                signee(signature_placement="new_page"),
                signee(email_address="bob-at-example"),
            ],
        ),
        "signees[1].email_address",
        "email address",
    ),
    (
        "signee-phone-no-plus",
        lambda c: create(c, signees=[{"full_name": "B", "phone_number": "0701234567"}]),
        "signees[0].phone_number",
        "country code",
    ),
    (
        "signee-phone-letters",
        lambda c: create(c, signees=[{"full_name": "B", "phone_number": "+46 70-123"}]),
        "signees[0].phone_number",
        "digits only",
    ),
    (
        "signee-delivery",
        lambda c: create(
            c, signees=[signee(phone_number="+46701234567", phone_number_delivery_method="pigeon")]
        ),
        "signees[0].phone_number_delivery_method",
        "one of sms, whatsapp",
    ),
    (
        "signee-type",
        lambda c: create(c, signees=[signee(signature_type="quill")]),
        "signees[0].signature_type",
        "one of bankid_identification",
    ),
    (
        "signee-placement",
        lambda c: create(c, signees=[signee(signature_placement="margin")]),
        "signees[0].signature_placement",
        "one of existing, new_page",
    ),
    (
        "existing-needs-box",
        lambda c: create(c, signees=[signee(signature_placement="existing")]),
        "signees[0].signature_box",
        "required for existing placement",
    ),
    (
        "default-placement-needs-box",
        lambda c: create(c, signees=[signee()]),
        "signees[0].signature_box",
        "required for existing placement, the default",
    ),
    (
        "scale-too-small",
        lambda c: create(
            c, signees=[signee(signature_placement="existing", signature_box={**BOX, "scale": 0.2})]
        ),
        "signees[0].signature_box.scale",
        "0.25 to 1.5",
    ),
    (
        "scale-too-big",
        lambda c: create(
            c, signees=[signee(signature_placement="existing", signature_box={**BOX, "scale": 1.6})]
        ),
        "signees[0].signature_box.scale",
        "0.25 to 1.5",
    ),
    (
        "page-negative",
        lambda c: create(
            c, signees=[signee(signature_placement="existing", signature_box={**BOX, "page": -1})]
        ),
        "signees[0].signature_box.page",
        "integer >= 0",
    ),
    (
        "page-float",
        lambda c: create(
            c, signees=[signee(signature_placement="existing", signature_box={**BOX, "page": 1.5})]
        ),
        "signees[0].signature_box.page",
        "integer >= 0",
    ),
    (
        "x-negative",
        lambda c: create(
            c, signees=[signee(signature_placement="existing", signature_box={**BOX, "x": -0.5})]
        ),
        "signees[0].signature_box.x",
        "number >= 0",
    ),
    (
        "y-not-number",
        lambda c: create(
            c, signees=[signee(signature_placement="existing", signature_box={**BOX, "y": "top"})]
        ),
        "signees[0].signature_box.y",
        "number >= 0",
    ),
    (
        "id-scan-box-scale",
        lambda c: create(
            c,
            signees=[
                signee(
                    signature_type="digital_ink_id_scan",
                    signature_placement="existing",
                    signature_box=BOX,
                    id_scan_box={**BOX, "scale": 2},
                )
            ],
        ),
        "signees[0].id_scan_box.scale",
        "0.25 to 1.5",
    ),
    (
        "id-scan-new-page",
        lambda c: create(
            c,
            signees=[signee(signature_type="digital_ink_id_scan", signature_placement="new_page")],
        ),
        "signees[0].signature_placement",
        "new_page is not supported for digital_ink_id_scan",
    ),
    (
        "id-scan-new-page-template",
        lambda c: create(
            c,
            file_id=None,
            template_id="t1",
            signees=[signee(signature_type="digital_ink_id_scan", signature_placement="new_page")],
        ),
        "signees[0].signature_placement",
        "new_page is not supported",
    ),
    (
        "id-scan-needs-id-box",
        lambda c: create(
            c,
            signees=[
                signee(
                    signature_type="digital_ink_id_scan",
                    signature_placement="existing",
                    signature_box=BOX,
                )
            ],
        ),
        "signees[0].id_scan_box",
        "required for digital_ink_id_scan",
    ),
    (
        "id-scan-needs-sig-box",
        lambda c: create(
            c,
            signees=[
                signee(
                    signature_type="digital_ink_id_scan",
                    signature_placement="existing",
                    id_scan_box=BOX,
                )
            ],
        ),
        "signees[0].signature_box",
        "required for digital_ink_id_scan",
    ),
    (
        "signing-order-zero",
        lambda c: create(c, signees=[signee(signature_placement="new_page", signing_order=0)]),
        "signees[0].signing_order",
        "positive integer",
    ),
    (
        "signing-order-text",
        lambda c: create(c, signees=[signee(signature_placement="new_page", signing_order="1")]),
        "signees[0].signing_order",
        "positive integer",
    ),
    ("create-language", lambda c: create(c, language="de"), "language", "one of en, es, sv"),
    (
        "create-readonly-mode",
        lambda c: create(c, fields_readonly_mode="some"),
        "fields_readonly_mode",
        "one of all, filled, keepOriginal",
    ),
    (
        "create-sharing",
        lambda c: create(c, sharing_setting="public"),
        "sharing_setting",
        "one of private, shared",
    ),
    (
        "create-signing-order-flag",
        lambda c: create(c, enable_signing_order="yes"),
        "enable_signing_order",
        "True or False",
    ),
    ("create-empty-name", lambda c: create(c, name=""), "name", "non-empty string"),
    (
        "create-fields-value",
        lambda c: create(c, fields={"name": 5}),
        "fields['name']",
        "string or a list of strings",
    ),
    (
        "create-error-language",
        lambda c: create(c, error_language="fr"),
        "error_language",
        "one of en, es, sv",
    ),
    ("page-size-zero", lambda c: c.documents.list(page_size=0), "page_size", "1 to 50"),
    ("page-size-51", lambda c: c.templates.list(page_size=51), "page_size", "1 to 50"),
    ("offset-negative", lambda c: c.documents.list(offset=-1), "offset", ">= 0"),
    ("max-items-negative", lambda c: c.templates.list(max_items=-1), "max_items", ">= 0"),
    (
        "remind-nobody",
        lambda c: c.documents.remind("d1", []),
        "signee_ids",
        "at least one signee id",
    ),
    ("remind-string", lambda c: c.documents.remind("d1", "s1"), "signee_ids", "list of signee id"),
    (
        "values-not-strings",
        lambda c: c.documents.set_field_values("d1", {"agree": True}),
        "values['agree']",
        "string or a list of strings",
    ),
    (
        "values-list-of-ints",
        lambda c: c.documents.set_field_values("d1", {"pick": ["a", 2]}),
        "values['pick']",
        "string or a list of strings",
    ),
    (
        "values-empty",
        lambda c: c.documents.set_field_values("d1", {}),
        "values",
        "at least one field",
    ),
    (
        "update-no-signee-id",
        lambda c: c.documents.update_signees("d1", [{"full_name": "B"}]),
        "updates[0].signee_id",
        "non-empty",
    ),
    (
        "update-bad-phone",
        lambda c: c.documents.update_signees("d1", [{"signee_id": "s", "phone_number": "070"}]),
        "updates[0].phone_number",
        "country code",
    ),
    (
        "call-error-language",
        lambda c: c.user.get(error_language="de"),
        "error_language",
        "one of en, es, sv",
    ),
    ("empty-document-id", lambda c: c.documents.get(""), "document_id", "non-empty"),
    (
        "webhook-url-scheme",
        lambda c: c.webhooks.register("ftp://example.com/h", ["document.signed"]),
        "url",
        "http:// or https://",
    ),
    (
        "webhook-no-events",
        lambda c: c.webhooks.register("https://example.com/h", []),
        "event_types",
        "at least one event type",
    ),
    (
        "webhook-unknown-event",
        lambda c: c.webhooks.register("https://example.com/h", ["document.complete"]),
        "event_types[0]",
        "one of document.completed",
    ),
]


@pytest.mark.parametrize(
    ("call", "field", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rule_is_enforced_before_any_request(api, client, call, field, words):
    with pytest.raises(ValidationError) as info:
        call(client)
    assert info.value.field == field
    assert words in info.value.rule
    assert str(info.value).startswith(f"{field}: ")
    assert api.seen == []


def test_valid_input_passes_and_is_sent_in_camel_case(api, client):
    from _api_server import Reply

    api.queue(
        Reply(
            201,
            json={
                "documentId": "d1",
                "name": "n",
                "createdAt": "2024-01-01T00:00:00Z",
                "userId": "u",
                "status": "created",
                "documentUrl": "https://x",
            },
        )
    )
    signees = [
        signee(
            signature_type="digital_ink_id_scan",
            signature_placement="existing",
            signature_box={**BOX, "scale": 1.5},
            id_scan_box={**BOX, "scale": 0.25},
            signing_order=1,
        ),
        {
            "full_name": "Bo",
            "phone_number": "+46701234567",
            "phone_number_delivery_method": "WhatsApp",
            "signature_placement": "new_page",
        },
    ]
    create(client, signees=signees, fields={"a": "x", "b": ["1", "2"]}, language="sv")
    body = api.seen[0].json()
    assert body["signeeDetails"][0]["idScanBox"] == {"page": 0, "x": 10, "y": 20, "scale": 0.25}
    assert body["signeeDetails"][1]["phoneNumberDeliveryMethod"] == "whatsapp"
    assert body["fields"] == [{"name": "a", "value": "x"}, {"name": "b", "value": ["1", "2"]}]
    assert body["language"] == "sv" and body["fileId"] == "f1" and "templateId" not in body


def test_template_signees_may_leave_boxes_to_the_template(api, client):
    from _api_server import Reply

    api.queue(
        Reply(
            201,
            json={
                "documentId": "d1",
                "name": "n",
                "createdAt": "2024-01-01T00:00:00Z",
                "userId": "u",
                "status": "created",
                "documentUrl": "https://x",
            },
        )
    )
    create(
        client,
        file_id=None,
        template_id="t1",
        signees=[signee(signature_placement="existing", signature_type="digital_ink_id_scan")],
    )
    assert api.seen[0].json()["templateId"] == "t1"


def test_client_error_language_is_validated_at_construction():
    with pytest.raises(ValidationError) as info:
        Formify("tok", base_url="http://127.0.0.1:9/v1", error_language="fi")
    assert info.value.field == "error_language"


@pytest.mark.anyio
async def test_async_client_applies_the_same_rules(api):
    async with AsyncFormify("tok", base_url=api.url) as client:
        with pytest.raises(ValidationError) as info:
            await client.documents.create(
                file_id="f1",
                signees=[
                    signee(signature_type="digital_ink_id_scan", signature_placement="new_page")
                ],
            )
        assert info.value.field == "signees[0].signature_placement"
        with pytest.raises(ValidationError):
            client.documents.list(page_size=60)
        with pytest.raises(ValidationError):
            await client.files.merge(["a"], name="x")
    assert api.seen == []


def test_generated_models_are_accepted_and_checked_like_dicts(api, client):
    from _api_server import Reply
    from formify_api.models import (
        SignatureBox,
        SignatureFieldUpdate,
        SignaturePlacement,
        SigneeDetails,
    )

    api.queue(
        Reply(201, json={"documentId": "d1", "status": "created"}),
        Reply(200, json={"signeeId": "s1"}),
    )
    model = SigneeDetails(
        full_name="Ada",
        email_address="ada@example.com",
        signature_placement=SignaturePlacement.EXISTING,
        signature_box=SignatureBox(page=1, x=10, y=20, scale=0.5),
    )
    client.documents.create(file_id="f1", signees=[model])
    client.documents.update_signees("d1", [SignatureFieldUpdate(signee_id="s1", full_name="B")])
    assert api.seen[0].json()["signeeDetails"] == [
        {
            "fullName": "Ada",
            "emailAddress": "ada@example.com",
            "signaturePlacement": "existing",
            "signatureBox": {"page": 1, "x": 10, "y": 20, "scale": 0.5},
        }
    ]
    assert api.seen[1].json() == [{"signeeId": "s1", "fullName": "B"}]
    bad = SigneeDetails(
        full_name="Ada",
        email_address="ada@example.com",
        signature_placement=SignaturePlacement.EXISTING,
        signature_box=SignatureBox(page=1, x=10, y=20, scale=3.0),
    )
    with pytest.raises(ValidationError) as info:
        client.documents.create(file_id="f1", signees=[bad])
    assert info.value.field == "signees[0].signature_box.scale"
    assert len(api.seen) == 2
