"""Client-side checks of call arguments, run before any request is built or sent.

Each check raises `ValidationError(field, rule)`; `field` is the argument's path as the caller
wrote it (`signees[1].email_address`), `rule` says what is wrong in plain words. Sync and async
resources call the same functions, so both refuse exactly the same input.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

import httpx
from formify_api.models.document_language import DocumentLanguage
from formify_api.models.error_language import ErrorLanguage
from formify_api.models.fields_readonly_mode import FieldsReadonlyMode
from formify_api.models.phone_number_delivery_method import PhoneNumberDeliveryMethod
from formify_api.models.sharing_setting import SharingSetting
from formify_api.models.signature_placement import SignaturePlacement
from formify_api.models.signature_type import SignatureType
from formify_api.models.webhook_event_type import WebhookEventType

from formify._constants import (
    MAX_MERGE_FILES,
    MAX_PAGE_SIZE,
    MAX_SCALE,
    MIN_MERGE_FILES,
    MIN_SCALE,
)
from formify._exceptions import ValidationError
from formify._keys import snake_key as _snake
from formify._keys import to_snake_keys
from formify.types import (
    AiAssistantParam,
    IdScanBoxParam,
    SignatureBoxParam,
    SigneeParam,
    SigneeUpdateParam,
)

__all__ = [
    "MAX_ID_LENGTH",
    "SIGNATURE_PLACEMENTS",
    "SIGNATURE_TYPES",
    "WEBHOOK_EVENT_TYPES",
    "check_ai_assistant",
    "check_create_document",
    "check_error_language",
    "check_field_values",
    "check_id",
    "check_merge",
    "check_paging",
    "check_reminder",
    "check_signee_updates",
    "check_token",
    "check_webhook",
    "refuse_unsendable",
    "to_snake_keys",
]


def _values(enum_type: type[StrEnum]) -> frozenset[str]:
    """Return the values a generated enum knows (the spec's: regeneration updates the checks)."""
    return frozenset(member.value for member in enum_type)


# not_set is only ever answered (no signature yet), never a value to ask for
SIGNATURE_TYPES = _values(SignatureType) - {SignatureType.NOT_SET.value}
SIGNATURE_PLACEMENTS = _values(SignaturePlacement)
DELIVERY_METHODS = _values(PhoneNumberDeliveryMethod)
FIELDS_READONLY_MODES = _values(FieldsReadonlyMode)
SHARING_SETTINGS = _values(SharingSetting)
ERROR_LANGUAGES = _values(ErrorLanguage)
DOCUMENT_LANGUAGES = _values(DocumentLanguage)
# Unknown event types are refused: a misspelt type would register a webhook that never fires.
WEBHOOK_EVENT_TYPES = _values(WebhookEventType)


def _keys(typed_dict: type) -> frozenset[str]:
    """Return the keys a typed input declares (`formify.types`): the only keys accepted."""
    return frozenset(typed_dict.__required_keys__ | typed_dict.__optional_keys__)  # type: ignore[attr-defined]


SIGNEE_KEYS = _keys(SigneeParam)
BOX_KEYS = _keys(SignatureBoxParam) | _keys(IdScanBoxParam)
SIGNEE_UPDATE_KEYS = _keys(SigneeUpdateParam)
AI_ASSISTANT_KEYS = _keys(AiAssistantParam)

# API ids are UUIDs; far longer ones are mistakes (and a 100k-character URL breaks httpx).
MAX_ID_LENGTH = 256
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SHOWN_CHARS = 60

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")


def _fail(field: str, rule: str) -> ValidationError:
    return ValidationError(field, rule)


def _show(value: Any) -> str:
    """Return `repr(value)` cut to a readable length (a 100k-character input stays readable)."""
    shown = repr(value)
    return shown if len(shown) <= _SHOWN_CHARS else shown[: _SHOWN_CHARS - 3] + "..."


def _one_of(value: Any, choices: Iterable[str], field: str) -> None:
    allowed = sorted(choices)
    if not isinstance(value, str) or value not in allowed:
        raise _fail(field, f"must be one of {', '.join(allowed)}; got {_show(value)}")


def _known_keys(value: Mapping[Any, Any], known: frozenset[str], path: str) -> None:
    """Refuse a key that is not in `known` (snake_case, or its camelCase spelling).

    The error names the key as the caller wrote it and the nearest known key: a misspelt key
    would otherwise be dropped or sent and ignored, silently.
    """
    for key in value:
        if not isinstance(key, str):
            raise _fail(path, f"keys must be strings; got {_show(key)}")
        snake = _snake(key)
        if snake in known:
            continue
        import difflib  # only for a bad key: not worth its import on every start-up

        nearest = difflib.get_close_matches(snake, sorted(known), n=1, cutoff=0.6)
        hint = (
            f"did you mean {nearest[0]}?" if nearest else f"known keys: {', '.join(sorted(known))}"
        )
        raise _fail(f"{path}.{key}" if len(key) <= _SHOWN_CHARS else path, f"unknown key; {hint}")


def _as_mapping(value: Any) -> Any:
    """Return a generated model as its dict (camelCase keys); anything else unchanged."""
    if hasattr(value, "to_dict") and callable(value.to_dict):
        return value.to_dict()
    return value


def _without_none(value: dict[str, Any]) -> dict[str, Any]:
    """Drop members given as None: an optional member left as None means "not given"."""
    return {key: item for key, item in value.items() if item is not None}


def check_error_language(value: Any, field: str = "error_language") -> None:
    """Refuse an error language the API does not offer."""
    if value is not None:
        _one_of(value, ERROR_LANGUAGES, field)


def check_id(value: Any, field: str) -> None:
    """Refuse an identifier that is not a usable URL path segment.

    It must be a non-empty string of at most `MAX_ID_LENGTH` characters without control
    characters, and not `.` or `..`: those are path steps, so `documents.get(".")` would
    reach the document list (httpx removes dot segments) instead of failing.
    """
    if not isinstance(value, str) or not value.strip():
        raise _fail(field, "must be a non-empty string")
    if value.strip() in (".", ".."):
        raise _fail(field, f"must be an id, not the path step {value.strip()!r}")
    if len(value) > MAX_ID_LENGTH:
        raise _fail(field, f"must be at most {MAX_ID_LENGTH} characters; got {len(value)}")
    if not (value.isascii() and value.isprintable()) and (  # the usual id: no more checks
        _CONTROL.search(value) or not _encodable(value)
    ):
        raise _fail(field, "must not contain control characters or unpaired surrogates")


def check_token(value: Any, field: str = "access_token") -> None:
    """Refuse a token with whitespace or control characters (a paste with its newline, say).

    Sent as is, it makes an invalid `Authorization` header, which httpx reports as a
    connection failure that hides the cause.
    """
    if not isinstance(value, str) or not value.strip():
        raise _fail(field, "must be a non-empty string")
    if any(char.isspace() for char in value) or _CONTROL.search(value):
        where = "at its start or end" if value != value.strip() else "inside it"
        raise _fail(
            field,
            f"contains whitespace or a control character ({where}); a token is one word: "
            "check for a trailing newline or a space from copying it",
        )
    if not value.isascii():
        raise _fail(field, "must be ASCII (a token is letters, digits and punctuation)")


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_paging(page_size: Any, offset: Any, max_items: Any) -> None:
    """Refuse a page size outside 1-50, a negative offset or a negative item cap."""
    if not _is_int(page_size) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise _fail("page_size", f"must be an integer from 1 to {MAX_PAGE_SIZE}")
    if not _is_int(offset) or offset < 0:
        raise _fail("offset", "must be an integer >= 0")
    if max_items is not None and (not _is_int(max_items) or max_items < 0):
        raise _fail("max_items", "must be None or an integer >= 0")


def check_merge(file_ids: Any, name: Any) -> None:
    """Refuse a merge without 2-8 distinct file ids and a non-empty name."""
    if isinstance(file_ids, str) or not isinstance(file_ids, Sequence):
        raise _fail("file_ids", "must be a list of file id strings")
    if not MIN_MERGE_FILES <= len(file_ids) <= MAX_MERGE_FILES:
        raise _fail(
            "file_ids",
            f"must hold {MIN_MERGE_FILES} to {MAX_MERGE_FILES} file ids; got {len(file_ids)}",
        )
    for index, file_id in enumerate(file_ids):
        check_id(file_id, f"file_ids[{index}]")
    if len(set(file_ids)) != len(file_ids):
        raise _fail("file_ids", "must not contain the same file id twice")
    if not isinstance(name, str) or not name.strip():
        raise _fail("name", "must be a non-empty string")


def check_create_document(
    *,
    file_id: Any,
    template_id: Any,
    signees: Any,
    options: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """Check a create-document call; return the signees as snake_case dicts.

    `options` holds the optional top-level keywords (language, fields_readonly_mode, ...).
    """
    if (file_id is None) == (template_id is None):
        raise _fail("file_id", "give exactly one of file_id and template_id")
    if file_id is not None:
        check_id(file_id, "file_id")
    else:
        check_id(template_id, "template_id")
    if isinstance(signees, str | bytes | Mapping) or not isinstance(signees, Sequence):
        raise _fail("signees", "must be a list of signees (dicts or models)")
    if not signees:
        raise _fail("signees", "must hold at least one signee")
    normalized = []
    for index, raw in enumerate(signees):
        path = f"signees[{index}]"
        signee = _typed_input(raw, SIGNEE_KEYS, path, "a dict or a generated signee model")
        _check_signee(signee, path, from_template=template_id is not None)
        normalized.append(signee)
    _check_create_options(options)
    return normalized


def _typed_input(raw: Any, known: frozenset[str], path: str, shape: str) -> dict[str, Any]:
    """Return a typed input (dict or model) as a snake_case dict without None members.

    Refuses anything that is not a mapping, and unknown keys (see `_known_keys`).
    """
    value = _as_mapping(raw)
    if not isinstance(value, Mapping):
        raise _fail(path, f"must be {shape}")
    _known_keys(value, known, path)
    return _without_none({_snake(key): item for key, item in value.items()})


def check_ai_assistant(value: Any) -> dict[str, Any] | None:
    """Check the AI assistant settings; return them as a snake_case dict (None if not given)."""
    if value is None:
        return None
    settings = _typed_input(value, AI_ASSISTANT_KEYS, "ai_assistant", "a dict or AiAssistant")
    for key in ("enabled", "text_to_speech"):
        if key in settings and not isinstance(settings[key], bool):
            raise _fail(f"ai_assistant.{key}", f"must be True or False; got {_show(settings[key])}")
    language = settings.get("language")
    if language is not None and (
        not isinstance(language, str)
        or not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?", language)
    ):
        raise _fail(
            "ai_assistant.language", f"must be a language code like 'en'; got {_show(language)}"
        )
    return settings


def _check_create_options(options: Mapping[str, Any]) -> None:
    choices = {
        "language": DOCUMENT_LANGUAGES,
        "error_language": ERROR_LANGUAGES,
        "fields_readonly_mode": FIELDS_READONLY_MODES,
        "sharing_setting": SHARING_SETTINGS,
    }
    for key, allowed in choices.items():
        if options.get(key) is not None:
            _one_of(options[key], allowed, key)
    for key in ("name", "user_id", "personal_message"):
        value = options.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise _fail(key, "must be a non-empty string when given")
    if options.get("enable_signing_order") not in (None, True, False):
        raise _fail("enable_signing_order", "must be True or False")
    fields = options.get("fields")
    if fields is not None:
        check_field_values(fields, "fields")
    check_ai_assistant(options.get("ai_assistant"))


def _check_signee(signee: dict[str, Any], path: str, *, from_template: bool) -> None:
    # `signee` is a copy of the caller's input (see _typed_input); normalising it is safe.
    full_name = signee.get("full_name")
    if not isinstance(full_name, str) or not full_name.strip():
        raise _fail(f"{path}.full_name", "is required (a non-empty string)")
    email, phone = signee.get("email_address"), signee.get("phone_number")
    if not email and not phone:
        raise _fail(path, "needs an email_address or a phone_number")
    if email and (not isinstance(email, str) or not _EMAIL.match(email)):
        raise _fail(f"{path}.email_address", "must be an email address like name@example.com")
    if phone and (not isinstance(phone, str) or not _PHONE.match(phone)):
        raise _fail(
            f"{path}.phone_number",
            "must be '+', the country code and the number, digits only (e.g. +46701234567)",
        )
    method = signee.get("phone_number_delivery_method")
    if method is not None:
        # The reference's prose spells it "WhatsApp"; the wire value is lowercase.
        method = str(method).lower()
        _one_of(method, DELIVERY_METHODS, f"{path}.phone_number_delivery_method")
        signee["phone_number_delivery_method"] = method
    kind = signee.get("signature_type")
    if kind is not None:
        _one_of(kind, SIGNATURE_TYPES, f"{path}.signature_type")
    placement = signee.get("signature_placement")
    if placement is not None:
        _one_of(placement, SIGNATURE_PLACEMENTS, f"{path}.signature_placement")
    order = signee.get("signing_order")
    if order is not None and (not _is_int(order) or order < 1):
        raise _fail(f"{path}.signing_order", "must be a positive integer (1, 2, 3, ...)")
    for box in ("signature_box", "id_scan_box"):
        if signee.get(box) is not None:
            signee[box] = _check_box(signee[box], f"{path}.{box}")
    _check_placement(signee, path, from_template=from_template)


def _check_placement(signee: Mapping[str, Any], path: str, *, from_template: bool) -> None:
    kind, placement = signee.get("signature_type"), signee.get("signature_placement")
    if kind == "digital_ink_id_scan":
        if placement == "new_page":
            raise _fail(
                f"{path}.signature_placement",
                "new_page is not supported for digital_ink_id_scan; use existing",
            )
        if not from_template and signee.get("id_scan_box") is None:
            raise _fail(f"{path}.id_scan_box", "is required for digital_ink_id_scan")
        if not from_template and signee.get("signature_box") is None:
            raise _fail(f"{path}.signature_box", "is required for digital_ink_id_scan")
    if from_template or signee.get("signature_box") is not None:
        return
    if placement == "existing":
        raise _fail(f"{path}.signature_box", "is required for existing placement")
    if placement is None:
        # The API places the signature on an existing page unless told otherwise, and then
        # needs coordinates that only a template could otherwise supply.
        raise _fail(
            f"{path}.signature_box",
            "is required for existing placement, the default; give signature_box "
            "or signature_placement='new_page'",
        )


def _check_box(raw: Any, path: str) -> dict[str, Any]:
    box = _typed_input(raw, BOX_KEYS, path, "a dict with page, x, y and optional scale")
    page = box.get("page")
    if page is not None and (not _is_int(page) or page < 0):
        raise _fail(f"{path}.page", "must be an integer >= 0")
    for axis in ("x", "y"):
        value = box.get(axis)
        if value is not None and (not _is_number(value) or value < 0):
            raise _fail(f"{path}.{axis}", "must be a number >= 0")
    scale = box.get("scale")
    if scale is not None and (not _is_number(scale) or not MIN_SCALE <= scale <= MAX_SCALE):
        raise _fail(f"{path}.scale", f"must be a number from {MIN_SCALE} to {MAX_SCALE}")
    return box


def check_reminder(signee_ids: Any) -> None:
    """Refuse a reminder that names no signee id."""
    if isinstance(signee_ids, str) or not isinstance(signee_ids, Sequence):
        raise _fail("signee_ids", "must be a list of signee id strings")
    if not signee_ids:
        raise _fail("signee_ids", "must hold at least one signee id")
    for index, signee_id in enumerate(signee_ids):
        check_id(signee_id, f"signee_ids[{index}]")


def check_signee_updates(updates: Any) -> list[dict[str, Any]]:
    """Refuse signee updates without a signee_id or with a malformed contact; return them."""
    if isinstance(updates, str | bytes | Mapping) or not isinstance(updates, Sequence):
        raise _fail("updates", "must be a list of signee updates (dicts or models)")
    if not updates:
        raise _fail("updates", "must hold at least one signee update")
    normalized = []
    for index, raw in enumerate(updates):
        path = f"updates[{index}]"
        update = _typed_input(raw, SIGNEE_UPDATE_KEYS, path, "a dict or a generated model")
        normalized.append(update)
        name = update.get("full_name")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise _fail(f"{path}.full_name", "must be a non-empty string when given")
        check_id(update.get("signee_id"), f"{path}.signee_id")
        email, phone = update.get("email_address"), update.get("phone_number")
        if email is not None and (not isinstance(email, str) or not _EMAIL.match(email)):
            raise _fail(f"{path}.email_address", "must be an email address like name@example.com")
        if phone is not None and (not isinstance(phone, str) or not _PHONE.match(phone)):
            raise _fail(
                f"{path}.phone_number",
                "must be '+', the country code and the number, digits only (e.g. +46701234567)",
            )
    ids = [update["signee_id"] for update in normalized]
    if len(set(ids)) != len(ids):
        # the first update gives the signee a new id, so a second one would find no signee
        raise _fail("updates", "must name each signee_id once")
    return normalized


def check_field_values(values: Any, field: str = "values") -> None:
    """Refuse field values that are not a string or a list of strings per field name."""
    if not isinstance(values, Mapping):
        raise _fail(field, "must be a dict of field name -> string or list of strings")
    if not values:
        raise _fail(field, "must hold at least one field")
    for name, value in values.items():
        if not isinstance(name, str) or not name:
            raise _fail(field, "field names must be non-empty strings")
        if isinstance(value, str):
            continue
        if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
            continue
        raise _fail(f"{field}[{name!r}]", "must be a string or a list of strings")


def check_webhook(url: Any, event_types: Any, name: Any) -> None:
    """Refuse a webhook without an http(s) URL and at least one known event type."""
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
        raise _fail("url", "must be an absolute http:// or https:// URL")
    if isinstance(event_types, str) or not isinstance(event_types, Sequence):
        raise _fail("event_types", "must be a list of event type strings")
    if not event_types:
        raise _fail("event_types", "must hold at least one event type")
    for index, event_type in enumerate(event_types):
        _one_of(event_type, WEBHOOK_EVENT_TYPES, f"event_types[{index}]")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise _fail("name", "must be a non-empty string when given")


class _RefuseUnsendable:
    """Turn a failure to build a request from the caller's values into a `ValidationError`.

    The checks above name the field; this is the backstop for what they do not foresee (a
    string that cannot be encoded, a URL httpx refuses), so that nothing escapes as a raw
    TypeError, ValueError or `httpx.InvalidURL`. A class, not a @contextmanager: it wraps
    every request, and a generator-based one cost ~1 us more a call.
    """

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        if exc is None or isinstance(exc, ValidationError):
            return
        if isinstance(exc, TypeError | ValueError | httpx.InvalidURL):  # UnicodeError too
            detail = " ".join(str(exc).split())[:200] or "no detail"
            rule = f"cannot be sent as given ({type(exc).__name__}: {detail})"
            raise _fail("request", rule) from exc


_REFUSE_UNSENDABLE = _RefuseUnsendable()


def refuse_unsendable() -> _RefuseUnsendable:
    """Return the context manager that turns request-building failures into `ValidationError`."""
    return _REFUSE_UNSENDABLE


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    """Say whether `value` is a finite int or float (JSON has no NaN or infinity)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False
