"""`update_signees`: learn the new id of every updated signee, though the API names only one.

The API gives each updated signee a new `signeeId`, but answers a PATCH of several updates
with one object: the last update's new id. So, for more than one update, the document is read
before and after the PATCH. Signees keep their places in the document, so the id found after
the PATCH at the place an updated signee had before is its new id; the result is checked (the
ids that changed are exactly the updated ones, the answer's id is among the new ones) and, if
the places moved, signees are matched by their contact details instead. With one update the
answer's `signeeId` is enough: no extra request.

The requests are made by the resource method's forms (`resources/_method.Bracketed`: read,
write, read); `new_ids` here only decides, from what they returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from formify_api.models import Document, SignatureFieldUpdated

from formify._logging import logger

__all__ = ["SigneesUpdated", "new_ids", "new_ids_by_place"]


@attrs.define
class SigneesUpdated(SignatureFieldUpdated):
    """The API's answer to `update_signees`, plus `new_ids`: old signee id -> new signee id.

    Every update sent has its entry: the API gives each updated signee a new id, and the old
    one stops working (for reminders and updates alike). `signee_id` is the API's own answer:
    the new id of the last update only.
    """

    new_ids: dict[str, str] = attrs.field(factory=dict)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _signees(document: Any) -> list[Any]:
    signees = getattr(document, "signee_details", None)
    return list(signees) if isinstance(signees, list) else []


def _contact(signee: Any) -> tuple[str | None, str | None, str | None]:
    return (
        _text(getattr(signee, "full_name", None)),
        _text(getattr(signee, "email_address", None)),
        _text(getattr(signee, "phone_number", None)),
    )


def new_ids_by_place(before: Document, after: Document, old_ids: Sequence[str]) -> dict[str, str]:
    """Return old id -> new id for `old_ids`, from the signees' places before and after.

    Empty when the documents do not line up (another count of signees, or the ids that changed
    are not exactly `old_ids`).
    """
    ids_before = [_text(getattr(s, "signee_id", None)) for s in _signees(before)]
    ids_after = [_text(getattr(s, "signee_id", None)) for s in _signees(after)]
    if len(ids_before) != len(ids_after):
        return {}
    changed = {
        old: new
        for old, new in zip(ids_before, ids_after, strict=True)
        if old is not None and new is not None and old != new
    }
    return changed if set(changed) == set(old_ids) else {}


def _new_ids_by_contact(
    before: Document, after: Document, updates: Sequence[Mapping[str, Any]]
) -> dict[str, str]:
    """Match each update to the one new signee with its resulting contact details."""
    old = {_text(getattr(s, "signee_id", None)): s for s in _signees(before)}
    fresh = [s for s in _signees(after) if _text(getattr(s, "signee_id", None)) not in old]
    found: dict[str, str] = {}
    for update in updates:
        signee_id = update["signee_id"]
        name, email, phone = _contact(old.get(signee_id))
        wanted = (
            update.get("full_name") or name,
            update.get("email_address") or email,
            update.get("phone_number") or phone,
        )
        matches = [s for s in fresh if _contact(s) == wanted]
        if len(matches) == 1:
            found[signee_id] = str(matches[0].signee_id)
    return found


def _result(answer: SignatureFieldUpdated, new_ids: dict[str, str]) -> SigneesUpdated:
    members = {
        field.name: getattr(answer, field.name)
        for field in attrs.fields(SignatureFieldUpdated)
        if field.init
    }
    result = SigneesUpdated(**members, new_ids=new_ids)
    result.additional_properties = dict(answer.additional_properties)
    return result


def new_ids(
    updates: Sequence[Mapping[str, Any]],
    before: Document | None,
    answer: SignatureFieldUpdated,
    after: Document | None,
) -> SigneesUpdated:
    """Return the API's `answer` with `new_ids`, one entry per update of `updates`.

    `updates` are the checked updates (snake_case dicts, each naming a distinct `signee_id`);
    `before` and `after` are the document read around the PATCH (None with one update).
    """
    old_ids = [str(update["signee_id"]) for update in updates]
    answered = _text(getattr(answer, "signee_id", None))
    if before is None or after is None:
        return _result(answer, {old_ids[0]: answered} if answered and len(old_ids) == 1 else {})
    found = new_ids_by_place(before, after, old_ids)
    if not found or (answered is not None and answered not in found.values()):
        found = _new_ids_by_contact(before, after, updates)
    missing = [old for old in old_ids if old not in found]
    if missing:
        # The update did happen; failing now would invite sending it again.
        logger.warning(
            "update_signees: could not tell the new id of %d signee(s) (%s); "
            "re-read the document to find them",
            len(missing),
            ", ".join(missing),
        )
    return _result(answer, found)
