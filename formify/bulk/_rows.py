"""The rows of a bulk send, given in code or read from a CSV file.

Each row is one recipient set: signees, a document name, field values.

CSV columns (a header row is required; every column is optional but the signees'):

- ``key``: the row's identity in the journal (default: its line number, so keep the file's
  order when resuming, or give keys);
- ``name``: the document name (the run's default name when empty);
- ``signee_name``, ``signee_email``, ``signee_phone`` for one signee, or ``signee1_name``,
  ``signee1_email``, ``signee1_phone``, ``signee2_name``, ... for several (a name and an
  e-mail address or phone number each);
- ``field.NAME``: the value of form field NAME (``a|b`` for a multi-value field).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from formify._exceptions import ValidationError

__all__ = ["Row", "read_csv", "to_rows"]

_SIGNEE_COLUMN = re.compile(r"^signee(\d*)_(name|email|phone)$")
_SIGNEE_KEYS = {"name": "full_name", "email": "email_address", "phone": "phone_number"}
MULTI_VALUE_SEPARATOR = "|"


@attrs.frozen
class Row:
    """One recipient set of a bulk send.

    `signees` are dicts as `documents.create` takes them; `name` the document name; `fields`
    name -> value or values; `key` the row's identity in the journal (its 1-based position
    when None).
    """

    signees: Sequence[Mapping[str, Any]]
    name: str | None = None
    fields: Mapping[str, str | Sequence[str]] | None = None
    key: str | None = None

    def payload(self) -> dict[str, Any]:
        """Return what the row asks to create, as plain JSON-able data (journal and fingerprint)."""
        return {
            "signees": [dict(signee) for signee in self.signees],
            "name": self.name,
            "fields": (
                {k: v if isinstance(v, str) else list(v) for k, v in self.fields.items()}
                if self.fields
                else None
            ),
        }


def to_rows(rows: Iterable[Row | Mapping[str, Any]]) -> list[tuple[str, Row]]:
    """Check `rows` and give each its key; `ValidationError` names the first bad row."""
    out: list[tuple[str, Row]] = []
    seen: set[str] = set()
    for position, raw in enumerate(rows, start=1):
        row = raw if isinstance(raw, Row) else _from_mapping(raw, position)
        key = row.key if row.key is not None else str(position)
        if not isinstance(key, str) or not key.strip():
            raise ValidationError(f"rows[{position - 1}].key", "must be a non-empty string")
        if key in seen:
            raise ValidationError(f"rows[{position - 1}].key", f"{key!r} is used twice")
        seen.add(key)
        if isinstance(row.signees, str | bytes) or not row.signees:
            raise ValidationError(f"rows[{position - 1}].signees", "must list at least one signee")
        for i, signee in enumerate(row.signees):
            if not isinstance(signee, Mapping):
                raise ValidationError(f"rows[{position - 1}].signees[{i}]", "must be a mapping")
        if row.name is not None and not isinstance(row.name, str):
            raise ValidationError(f"rows[{position - 1}].name", "must be a string")
        out.append((key, row))
    return out


def _from_mapping(raw: Mapping[str, Any], position: int) -> Row:
    if not isinstance(raw, Mapping):
        raise ValidationError(f"rows[{position - 1}]", "must be a Row or a mapping")
    unknown = set(raw) - {"signees", "name", "fields", "key"}
    if unknown:
        raise ValidationError(
            f"rows[{position - 1}]", f"unknown member(s): {', '.join(sorted(unknown))}"
        )
    if "signees" not in raw:
        raise ValidationError(f"rows[{position - 1}].signees", "is required")
    key = raw.get("key")
    return Row(
        signees=list(raw["signees"]),
        name=raw.get("name"),
        fields=raw.get("fields"),
        key=str(key) if key is not None else None,
    )


def read_csv(path: str | os.PathLike[str]) -> list[Row]:
    """Read rows from a CSV file (columns in the module docstring); errors name line and column."""
    source = Path(path).expanduser()
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            _check_header(header, source)
            return [_csv_row(record, reader.line_num, source) for record in reader]
    except OSError as exc:
        raise ValidationError("csv", f"cannot read {source}: {exc.strerror or exc}") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ValidationError("csv", f"{source} is not a readable CSV file: {exc}") from exc


def _check_header(header: Sequence[str], source: Path) -> None:
    if not header:
        raise ValidationError("csv", f"{source} has no header row")
    for column in header:
        name = (column or "").strip()
        if name in ("key", "name") or name.startswith("field.") or _SIGNEE_COLUMN.match(name):
            continue
        raise ValidationError(
            f"csv column {column!r}",
            "is not one of key, name, signee[N]_name/_email/_phone, field.NAME",
        )
    if not any(_SIGNEE_COLUMN.match((c or "").strip()) for c in header):
        raise ValidationError("csv", f"{source} has no signee columns (signee_name, ...)")


def _csv_row(record: Mapping[str | None, Any], line: int, source: Path) -> Row:
    if None in record:  # more cells than header columns
        raise ValidationError(f"csv line {line}", "has more cells than the header has columns")
    signees: dict[int, dict[str, str]] = {}
    fields: dict[str, str | list[str]] = {}
    key = name = None
    for column, cell in record.items():
        column = (column or "").strip()
        value = (cell or "").strip()
        if column == "key":
            key = value or None
        elif column == "name":
            name = value or None
        elif column.startswith("field."):
            if value:
                parts = value.split(MULTI_VALUE_SEPARATOR)
                fields[column.removeprefix("field.")] = parts if len(parts) > 1 else value
        elif match := _SIGNEE_COLUMN.match(column):
            number = int(match.group(1) or 1)
            if value:
                signees.setdefault(number, {})[_SIGNEE_KEYS[match.group(2)]] = value
    ordered = []
    for number in sorted(signees):
        signee = signees[number]
        where = f"csv line {line}: signee{number}"
        if "full_name" not in signee:
            raise ValidationError(f"{where}_name", "is required for a signee with contact details")
        if "email_address" not in signee and "phone_number" not in signee:
            raise ValidationError(f"{where}_email", "or a phone number is required")
        ordered.append(signee)
    if not ordered:
        raise ValidationError(f"csv line {line}", "has no signee")
    return Row(signees=ordered, name=name, fields=fields or None, key=key or str(line - 1))
