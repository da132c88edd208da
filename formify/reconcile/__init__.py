"""Catch up on the webhooks that never came: walk the documents, yield unseen changes.

```python
from formify import reconcile, webhooks

processed = webhooks.ProcessedEvents(store)          # the same one the webhook handler uses
for change in reconcile.changes(client, since=last_week, processed=processed):
    handle(change)                                   # change.type, .document_id, .signee_id
    processed.finish(change.key)                     # or processed.forget(change.key)
```

Changes reported: `document.signed` (per signee), `document.completed`, `document.revoked`
and `document.deleted` — at or after `since` (a deletion has no time: always reported; it is
found when the list says so or when a document in `known` answers 404). With `processed`,
each change is claimed with `processed.begin(change.key)` before it is yielded, so a change
already handled — by the webhook handler or an earlier run — is skipped; handle it, then
`finish` (or `forget` to see it again next time). For that, the webhook handler deduplicates
on `reconcile.change_key(event)` instead of `event.event_id`: the key names the change, not
the delivery, so both paths agree on it. With `AsyncFormify`, `async for` over the same call.

It reads every document (one GET per document that is past `created`), so run it as a
periodic job, not per request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from formify._exceptions import FormifyError, ValidationError
from formify.reconcile._changes import (
    RECONCILED_TYPES,
    Change,
    Fetch,
    Flow,
    change_key,
    check_since,
    flow,
)

if TYPE_CHECKING:
    from formify._client import AsyncFormify, Formify
    from formify.webhooks import ProcessedEvents

__all__ = ["RECONCILED_TYPES", "Change", "Changes", "change_key", "changes"]


class Changes:
    """The changes of one walk: `for` with a `Formify`, `async for` with an `AsyncFormify`."""

    def __init__(self, client: Formify | AsyncFormify, steps: Flow) -> None:
        self._client = client
        self._steps = steps

    def __iter__(self) -> Iterator[Change]:
        if _is_async(self._client):
            raise ValidationError("client", "an AsyncFormify is walked with `async for`")
        answer: Any = None
        while (step := _next(self._steps, answer)) is not None:
            answer = None
            if isinstance(step, Fetch):
                try:
                    answer = step.fn(self._client)
                except FormifyError as exc:
                    answer = exc
                continue
            yield step.change

    async def __aiter__(self) -> AsyncIterator[Change]:
        if not _is_async(self._client):
            raise ValidationError("client", "a Formify is walked with `for`, not `async for`")
        answer: Any = None
        while (step := _next(self._steps, answer)) is not None:
            answer = await _fetch(step, self._client) if isinstance(step, Fetch) else None
            if not isinstance(step, Fetch):
                yield step.change


def changes(
    client: Formify | AsyncFormify,
    *,
    since: dt.datetime,
    processed: ProcessedEvents | None = None,
    known: Iterable[str] = (),
) -> Changes:
    """Walk the documents; iterate for the changes at or after `since` not yet in `processed`.

    `since` must be timezone-aware; `known` names documents to check for deletion.
    """
    return Changes(client, flow(check_since(since), processed, list(known)))


def _is_async(client: Any) -> bool:
    from formify._client import AsyncFormify

    return isinstance(client, AsyncFormify)


async def _fetch(step: Fetch, client: Any) -> Any:
    try:
        return await step.fn(client)
    except FormifyError as exc:
        return exc


def _next(steps: Flow, answer: Any) -> Any:
    try:
        return steps.send(answer)
    except StopIteration:
        return None
