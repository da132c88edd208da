"""Rows for a bulk send (formify/bulk/_rows.py): from code and from CSV, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from formify import ValidationError
from formify.bulk import Row, read_csv
from formify.bulk._rows import to_rows


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_two_signees_fields_and_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "key,name,signee1_name,signee1_email,signee2_name,signee2_phone,field.start,field.pets\n"
        "emp-1,Offer Ada,Ada,ada@example.com,Bob,+46701234567,2026-01-01,cat|dog\n"
        ",Offer Eve,Eve,eve@example.com,,,,\n",
    )
    first, second = read_csv(path)
    assert first == Row(
        signees=[
            {"full_name": "Ada", "email_address": "ada@example.com"},
            {"full_name": "Bob", "phone_number": "+46701234567"},
        ],
        name="Offer Ada",
        fields={"start": "2026-01-01", "pets": ["cat", "dog"]},
        key="emp-1",
    )
    assert second.key == "2" and second.fields is None
    assert [key for key, _ in to_rows([first, second])] == ["emp-1", "2"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("name,email\nA,a@x.com\n", "csv column 'email'"),
        ("name\nA\n", "csv column|signee columns"),
        ("signee_name,signee_email\n,a@x.com\n", "signee1_name"),
        ("signee_name,signee_email\nAda,\n", "signee1_email"),
        ("signee_name,signee_email\nAda,a@x.com,extra\n", "csv line 2"),
    ],
)
def test_bad_csv_names_line_and_column(tmp_path: Path, text: str, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        read_csv(write(tmp_path, text))


def test_missing_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        read_csv(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([{"name": "x"}], r"rows\[0\].signees"),
        ([{"signees": []}], r"rows\[0\].signees"),
        ([{"signees": ["ada"]}], r"rows\[0\].signees\[0\]"),
        ([{"signees": [{}], "colour": 1}], "unknown member"),
        ([Row(signees=[{}], key="a"), Row(signees=[{}], key="a")], r"rows\[1\].key"),
    ],
)
def test_bad_rows_name_the_row(rows: list[object], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        to_rows(rows)  # type: ignore[arg-type]
