"""PDF building blocks shared by the emulator's PDF modules: flags, font, text, pages, forms."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

A4 = (595.0, 842.0)

# Form field flags (ISO 32000 table 221 and following).
READ_ONLY, REQUIRED = 1, 2
NO_TOGGLE_TO_OFF, RADIO, PUSHBUTTON = 1 << 14, 1 << 15, 1 << 16
COMBO, MULTI_SELECT = 1 << 17, 1 << 21


def to_bytes(writer: PdfWriter) -> bytes:
    """Return the finished file."""
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_text(text: str) -> str:
    """Return ``text`` as a PDF string literal."""
    # Standard Helvetica with WinAnsiEncoding covers Swedish and Spanish names.
    raw = text.encode("cp1252", errors="replace").decode("latin-1")
    return "(" + raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def stream(writer: PdfWriter, content: str) -> Any:
    """Add a content stream to the file; return its reference."""
    obj = DecodedStreamObject()
    obj.set_data(content.encode("latin-1"))
    return writer._add_object(obj)


def helvetica(writer: PdfWriter) -> Any:
    """Add standard Helvetica (never embedded) to the file; return its reference."""
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    return writer._add_object(font)


def text_lines(lines: Sequence[tuple[float, float, float, str]], font: str = "/Helv") -> str:
    """Content-stream text: each line is (x, y, font size, text)."""
    ops = [
        f"BT {font} {size:g} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm {pdf_text(text)} Tj ET"
        for x, y, size, text in lines
    ]
    return "\n".join(ops)


def page_with(writer: PdfWriter, size: tuple[float, float], content: str, font: Any) -> Any:
    """Add a last page that draws ``content``, with ``font`` as /Helv; return it."""
    page = writer.add_blank_page(*size)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): font})}
    )
    page[NameObject("/Contents")] = stream(writer, content)
    return page


def appearance(writer: PdfWriter, width: float, height: float, content: str) -> Any:
    """Add a form XObject (a widget appearance) of that size; return its reference."""
    obj = DecodedStreamObject()
    obj.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, width, height)]),
        }
    )
    obj.set_data(content.encode("latin-1"))
    return writer._add_object(obj)
