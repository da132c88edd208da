"""Form field values sent through the API: format and option checks against the PDF's fields."""

from __future__ import annotations

from typing import Any

from formify.testing._state.checks import obj
from formify.testing._state.errors import ApiError

# the reference's table: these types take one string, the others an array of strings
SINGLE_VALUE_TYPES = ("textField", "radioButton")


def parse_values(
    fields: list[dict[str, Any]], raw: Any, where: str = "fields"
) -> dict[str, list[str]]:
    """Check `raw` (a list of {name, value}) against `fields`; return name -> values."""
    if not isinstance(raw, list):
        raise ApiError(400, "type", field=where, kind="array")
    by_name = {f["name"]: f for f in fields}
    out: dict[str, list[str]] = {}
    for i, item in enumerate(raw):
        item = obj(item, f"{where}[{i}]")
        name = item.get("name")
        if not isinstance(name, str) or not name:
            raise ApiError(400, "required", field=f"{where}[{i}].name")
        field = by_name.get(name)
        if field is None:
            raise ApiError(400, "field_unknown", name=name)
        if not field["editable"]:
            raise ApiError(400, "field_not_editable", name=name)
        out[name] = _value(field, item.get("value"))
    return out


def _value(field: dict[str, Any], value: Any) -> list[str]:
    kind = field["type"]
    if kind in SINGLE_VALUE_TYPES:
        if not isinstance(value, str):
            raise ApiError(
                400, "field_format", name=field["name"], type=kind, expected="a single string"
            )
        values = [value]
    else:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
            raise ApiError(
                400, "field_format", name=field["name"], type=kind, expected="an array of strings"
            )
        values = list(value)
    allowed = {o["value"] for o in field.get("options") or []}
    if allowed:
        for v in values:
            if v and v not in allowed:
                raise ApiError(400, "field_option", name=field["name"], value=v)
    return values


def non_empty(values: dict[str, list[str]]) -> dict[str, list[str]]:
    """Drop cleared values ([] or only empty strings)."""
    return {k: [x for x in v if x] for k, v in values.items() if any(v)}
