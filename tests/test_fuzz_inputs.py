"""Fuzz every resource method with generated input: nothing escapes but a `FormifyError`.

Hypothesis draws a method and arguments from near-valid to absurd (wrong types, NaN and
infinity, huge numbers, lone surrogates, control characters, misspelt and non-string keys,
`.`/`..` ids, 100k-character strings); each call runs against a real emulator on 127.0.0.1
and must return or raise a `FormifyError` subclass. Derandomized, so CI sees the same inputs.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formify import FormifyError
from formify.testing import Emulator, sample_pdf

SYNC_EXAMPLES = 2000
ASYNC_EXAMPLES = 300

text = st.one_of(
    st.text(max_size=6),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=4),  # surrogates too
    st.sampled_from(["", " ", ".", "..", "a/b", "%2e", "\n", "\x00", "x" * 100_000, "ü"]),
)
number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
scalar = st.one_of(st.none(), text, number, st.binary(max_size=8))
# Flat on purpose: nested strategies cost hypothesis ~10 ms an example; one level of lists and
# dicts already reaches every check (the checks look one level down at a time).
anything = st.one_of(
    scalar,
    st.lists(scalar, max_size=2),
    st.dictionaries(st.one_of(text, st.integers()), scalar, max_size=2),
)
an_id = st.one_of(text, anything, st.sampled_from(["d1", "00000000-0000-0000-0000-000000000000"]))

SIGNEE_KEYS = [
    "full_name",
    "email_address",
    "phone_number",
    "phone_number_delivery_method",
    "signature_type",
    "signature_placement",
    "signature_box",
    "id_scan_box",
    "signing_order",
    "fullName",
    "emailAddress",
    "emial_address",
]
box = st.one_of(
    anything,
    st.fixed_dictionaries(
        {},
        optional={
            "page": anything | number,
            "x": number,
            "y": number,
            "scale": number,
            "pgae": number,
        },
    ),
)
signee_value = st.one_of(
    anything,
    st.sampled_from(
        [
            "Ada",
            "ada@example.com",
            "+46701234567",
            "sms",
            "WhatsApp",
            "digital_ink",
            "digital_ink_id_scan",
            "new_page",
            "existing",
            "newpage",
            1,
        ]
    ),
    box,
)
signee = st.one_of(
    anything,
    st.dictionaries(st.sampled_from(SIGNEE_KEYS) | text, signee_value, max_size=6),
    st.builds(
        lambda extra: {"full_name": "Ada", "email_address": "a@example.com", **extra},
        st.dictionaries(st.sampled_from(SIGNEE_KEYS), signee_value, max_size=3),
    ),
)
signees = st.one_of(anything, st.lists(signee, max_size=3))
updates = st.one_of(
    anything,
    st.lists(
        st.one_of(
            anything,
            st.dictionaries(
                st.sampled_from(["signee_id", "full_name", "email_address", "phone_number", "x"]),
                signee_value,
                max_size=4,
            ),
        ),
        max_size=3,
    ),
)
field_values = st.one_of(
    anything,
    st.dictionaries(text, st.one_of(text, st.lists(text, max_size=2), anything), max_size=3),
)
language = st.one_of(st.none(), st.sampled_from(["en", "sv", "es", "de", "EN"]), anything)
event_types = st.one_of(
    anything,
    st.lists(
        st.sampled_from(["document.completed", "document.signed", "document.complete"]) | text,
        max_size=3,
    ),
)
pdf_input = st.one_of(
    anything,
    st.builds(lambda tail: b"%PDF-1.4\n" + tail, st.binary(max_size=64)),
    st.sampled_from([b"", b"not a pdf", "missing.pdf", "x" * 300 + ".pdf", "~/nothing-here.pdf"]),
)


@st.composite
def dest(draw: Any, directory: Path) -> Any:
    choice = draw(st.integers(0, 6))
    if choice == 0:
        return io.BytesIO()
    if choice == 1:
        return io.StringIO()
    if choice == 2:
        return directory
    if choice == 3:
        return directory / "missing" / "out.pdf"
    if choice == 4:
        name = draw(
            st.text(min_size=1, max_size=300).filter(
                lambda t: "/" not in t and t not in (".", "..")
            )
        )
        return str(directory / name)
    return draw(anything)


def calls(directory: Path) -> st.SearchStrategy[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """(method path, args, kwargs) for every resource method, each with its own strategies."""
    lang = {"error_language": language}

    def one(
        name: str,
        args: list[Any],
        kwargs: dict[str, Any] | None = None,
        required: dict[str, Any] | None = None,
    ) -> Any:
        return st.tuples(
            st.just(name),
            st.tuples(*args),
            st.fixed_dictionaries(required or {}, optional=kwargs or {}),
        )

    return st.one_of(
        one("files.upload", [pdf_input], {"filename": anything | text, **lang}),
        one("files.merge", [st.lists(an_id, max_size=9) | anything, anything | text]),
        one("files.delete", [an_id], lang),
        one("files.fields", [an_id]),
        one(
            "documents.create",
            [],
            {
                "file_id": an_id,
                "template_id": an_id,
                "name": anything,
                "fields": field_values,
                "user_id": anything,
                "enable_signing_order": anything,
                "fields_readonly_mode": st.sampled_from(["all", "some"]) | anything,
                "language": language,
                "sharing_setting": st.sampled_from(["shared", "public"]) | anything,
                "personal_message": anything,
                "ai_assistant": st.one_of(
                    anything,
                    st.dictionaries(
                        st.sampled_from(["enabled", "text_to_speech", "language", "enable"]),
                        anything | st.booleans(),
                        max_size=3,
                    ),
                ),
                **lang,
            },
            required={"signees": signees},
        ),
        *(
            one(f"documents.{m}", [an_id], lang)
            for m in ("get", "delete", "revoke", "history", "signed_file_url")
        ),
        one("documents.fields", [an_id]),
        one("documents.field_values", [an_id]),
        one("documents.remind", [an_id, st.lists(an_id, max_size=2) | anything], lang),
        one("documents.update_signees", [an_id, updates]),
        one("documents.set_field_values", [an_id, field_values]),
        one(
            "documents.download_signed_file",
            [an_id, dest(directory)],
            {"progress": anything, **lang},
        ),
        one(
            "documents.list",
            [number | anything, number | anything],
            {"offset": number | anything, **lang},
        ),
        one("templates.list", [number | anything], {"max_items": number | anything, **lang}),
        one("templates.get", [an_id]),
        one("templates.fields", [an_id]),
        one(
            "webhooks.register",
            [
                st.sampled_from(["https://example.com/h", "ftp://x", "https://"]) | anything,
                event_types,
            ],
            {"name": anything},
        ),
        one("webhooks.list", [], lang),
        one("webhooks.get", [an_id]),
        one("webhooks.delete", [an_id]),
        one("webhooks.rotate_secret", [an_id], lang),
        one("user.get", [], lang),
        one("account.users", []),
    )


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(rate_limit=10**9) as emu:
        yield emu


def method(client: Any, path: str) -> Any:
    resource, name = path.split(".")
    return getattr(getattr(client, resource), name)


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def test_no_input_escapes_as_anything_but_a_formify_error_sync(emulator, tmp_path):
    seen = itertools.count()
    client = emulator.client(max_retries=0)
    strategy = calls(tmp_path)
    outcomes: Counter[str] = Counter()
    before = len(emulator.requests)

    @fuzz(SYNC_EXAMPLES)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        next(seen)
        name, args, kwargs = data.draw(strategy)
        try:
            result = method(client, name)(*args, **kwargs)
            if name.endswith(".list"):
                list(itertools.islice(result, 3))
            outcomes["returned"] += 1
        except FormifyError as exc:
            outcomes[type(exc).__name__] += 1

    with client:
        check()
    assert next(seen) >= SYNC_EXAMPLES
    # the inputs were not all refused up front: many reached the emulator and were answered
    reached = len(emulator.requests) - before
    print(f"{SYNC_EXAMPLES} inputs, {reached} requests reached the emulator: {dict(outcomes)}")
    assert outcomes["ValidationError"] > SYNC_EXAMPLES // 4
    assert reached > SYNC_EXAMPLES // 20 and outcomes["returned"] > 0


def test_no_input_escapes_as_anything_but_a_formify_error_async(emulator, tmp_path):
    seen = itertools.count()
    strategy = calls(tmp_path)
    with asyncio.Runner() as runner:
        client = runner.run(_make_async(emulator))

        async def one(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
            try:
                result = method(client, name)(*args, **kwargs)
                if inspect.isawaitable(result):
                    await result
                else:  # a pager
                    async for _ in result:
                        break
            except FormifyError:
                pass

        @fuzz(ASYNC_EXAMPLES)
        @given(st.data())
        def check(data: st.DataObject) -> None:
            next(seen)
            runner.run(one(*data.draw(strategy)))

        try:
            check()
        finally:
            runner.run(client.aclose())
    assert next(seen) >= ASYNC_EXAMPLES


async def _make_async(emulator: Emulator) -> Any:
    return emulator.async_client(max_retries=0)


def test_the_fuzzed_client_still_works(emulator):
    with emulator.client() as client:
        file_id = client.files.upload(sample_pdf())
        assert [field.name for field in client.files.fields(file_id)]
