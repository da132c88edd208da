"""`formify.types`: the typed inputs match the spec, and `mypy --strict` holds users to them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import typing
from pathlib import Path

import pytest
from formify_api.models import (
    AiAssistant,
    IdScanBox,
    SignatureBox,
    SignatureFieldUpdate,
    SigneeDetails,
)
from formify_api.models.document_language import DocumentLanguage
from formify_api.models.fields_readonly_mode import FieldsReadonlyMode
from formify_api.models.phone_number_delivery_method import PhoneNumberDeliveryMethod
from formify_api.models.sharing_setting import SharingSetting
from formify_api.models.signature_placement import SignaturePlacement
from formify_api.models.signature_type import SignatureType
from formify_api.models.webhook_event_type import WebhookEventType

import formify
from formify import types

ROOT = Path(__file__).resolve().parent.parent


def values(enum_type: type) -> set[str]:
    return {member.value for member in enum_type}


@pytest.mark.parametrize(
    ("alias", "enum_type", "left_out"),
    [
        (types.SignatureType, SignatureType, {"not_set"}),  # answered only, never asked for
        (types.SignaturePlacement, SignaturePlacement, set()),
        (types.PhoneNumberDeliveryMethod, PhoneNumberDeliveryMethod, set()),
        (types.WebhookEventType, WebhookEventType, set()),
        (types.FieldsReadonlyMode, FieldsReadonlyMode, set()),
        (types.SharingSetting, SharingSetting, set()),
        (types.Language, DocumentLanguage, set()),
    ],
)
def test_literal_values_are_the_spec_enums(alias, enum_type, left_out):
    assert set(typing.get_args(alias)) == values(enum_type) - left_out


@pytest.mark.parametrize(
    ("typed_dict", "model"),
    [
        (types.SigneeParam, SigneeDetails),
        (types.SignatureBoxParam, SignatureBox),
        (types.IdScanBoxParam, IdScanBox),
        (types.SigneeUpdateParam, SignatureFieldUpdate),
        (types.AiAssistantParam, AiAssistant),
    ],
)
def test_typed_dict_keys_are_the_generated_models_members(typed_dict, model):
    members = {a.name for a in model.__attrs_attrs__} - {"additional_properties"}
    assert set(typed_dict.__annotations__) == members


def test_required_keys():
    assert types.SigneeParam.__required_keys__ == {"full_name"}
    assert types.SigneeUpdateParam.__required_keys__ == {"signee_id"}


def test_types_module_is_public_and_documented():
    assert "types" in formify.__all__ and formify.types is types
    for name in types.__all__:
        value = getattr(types, name)
        if isinstance(value, type):  # the TypedDicts; help() shows their docstrings
            assert value.__doc__, name


def test_signee_keys_are_documented_where_help_shows_them():
    doc = types.SigneeParam.__doc__ or ""
    for key in types.SigneeParam.__annotations__:
        assert key in doc, key


GOOD = """
from formify import Formify
from formify.types import SigneeParam, SigneeUpdateParam, WebhookEventType

client = Formify("tok")
signee: SigneeParam = {
    "full_name": "Ada",
    "email_address": "ada@example.com",
    "signature_placement": "new_page",
    "signature_box": {"page": 0, "x": 1.5, "y": 2},
}
client.documents.create(file_id="f", signees=[signee, {"full_name": "Bo", "phone_number": "+46"}])
update: SigneeUpdateParam = {"signee_id": "s1", "email_address": None}
client.documents.update_signees("d", [update])
events: list[WebhookEventType] = ["document.completed"]
client.webhooks.register("https://example.com/h", events)
client.documents.create(file_id="f", signees=[signee], ai_assistant={"enabled": True})
"""

BAD = {
    "misspelt_key": """
        from formify.types import SigneeParam
        signee: SigneeParam = {"full_name": "Ada", "emial_address": "ada@example.com"}
    """,
    "wrong_literal": """
        from formify.types import SigneeParam
        signee: SigneeParam = {"full_name": "Ada", "signature_placement": "newpage"}
    """,
    "inline_misspelt_key": """
        from formify import Formify
        Formify("tok").documents.create(file_id="f", signees=[{"full_name": "A", "emial": "x"}])
    """,
    "unknown_event": """
        from formify import Formify
        Formify("tok").webhooks.register("https://example.com/h", ["document.complete"])
    """,
    "box_string": """
        from formify.types import SignatureBoxParam
        box: SignatureBoxParam = {"page": "first"}
    """,
    "update_without_id": """
        from formify.types import SigneeUpdateParam
        update: SigneeUpdateParam = {"full_name": "Bo"}
    """,
}


def test_mypy_strict_accepts_correct_inputs_and_rejects_misspelt_or_unknown_values(tmp_path):
    (tmp_path / "good.py").write_text(GOOD)
    for name, source in BAD.items():
        (tmp_path / f"bad_{name}.py").write_text(textwrap.dedent(source))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--no-incremental",
            *sorted(str(p) for p in tmp_path.glob("*.py")),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert not [line for line in errors if "good.py" in line], result.stdout
    for name in BAD:
        assert [line for line in errors if f"bad_{name}.py" in line], (name, result.stdout)
