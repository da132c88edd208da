"""Real PDFs for the emulator: checks, form fields, merging, filling, signing.

Pure functions over bytes, built on pypdf only. Field flags and dictionary keys follow
ISO 32000 (section 12.7); the JSON shape of a field is openapi.json's ``FormField``.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from formify.testing._pdf.objects import (
    A4,
    COMBO,
    MULTI_SELECT,
    PUSHBUTTON,
    RADIO,
    READ_ONLY,
    REQUIRED,
    appearance,
    helvetica,
    page_with,
    stream,
    text_lines,
    to_bytes,
)

__all__ = [
    "A4",
    "PdfError",
    "SignatureStamp",
    "check_pdf",
    "fill_fields",
    "merge_pdfs",
    "read_fields",
    "read_values",
    "signed_pdf",
    "strip_signature_fields",
]

_FIELD_NAMESPACE = uuid.UUID("6f0c7d2e-5a54-4b0e-9a57-6d2f6a1f0c11")


class PdfError(Exception):
    """Why bytes are not an acceptable PDF: ``.reason`` is not_pdf, encrypted or unreadable."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@attrs.frozen
class SignatureStamp:
    """One signee's mark on the signed file: a box on a page, or a page of its own.

    `ink` is the name the signee typed to sign (their digital ink); the box shows it, the added
    page shows it beside the signee's name. Without it the box shows the signee's name.
    """

    full_name: str
    signed_at: datetime
    placement: str
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    ink: str | None = None


# --- reading -----------------------------------------------------------------------------


def _open(data: bytes) -> PdfReader:
    # A PDF may carry up to 1 KB of junk before its header (ISO 32000 7.5.2 tolerance).
    if b"%PDF-" not in data[:1024]:
        raise PdfError("not_pdf", "the file is not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise PdfError("unreadable", f"the PDF cannot be read: {type(exc).__name__}") from exc
    if reader.is_encrypted:
        raise PdfError("encrypted", "the PDF is encrypted (password-protected)")
    return reader


def check_pdf(data: bytes) -> int:
    """Return the page count of an acceptable PDF; raise PdfError otherwise."""
    reader = _open(data)
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise PdfError("unreadable", f"the PDF cannot be read: {type(exc).__name__}") from exc
    if count < 1:
        raise PdfError("unreadable", "the PDF has no pages")
    return count


def _terminal_fields(
    nodes: Any, prefix: str = "", inherited: dict[str, Any] | None = None
) -> Iterator[tuple[str, DictionaryObject, dict[str, Any]]]:
    """Yield (full name, field dictionary, inherited attributes) for every terminal field."""
    inherited = inherited or {}
    for ref in nodes or ():
        node = ref.get_object()
        attrs_here = dict(inherited)
        for key in ("/FT", "/Ff", "/V", "/DV", "/Opt"):
            if key in node:
                attrs_here[key] = node[key]
        name = str(node.get("/T", ""))
        full = f"{prefix}.{name}" if prefix and name else (name or prefix)
        kids = [k.get_object() for k in node.get("/Kids", ())]
        if any("/T" in kid for kid in kids):
            yield from _terminal_fields(node["/Kids"], full, attrs_here)
        else:
            yield full, node, attrs_here


def _widgets(field: DictionaryObject) -> list[DictionaryObject]:
    kids = field.get("/Kids")
    return [k.get_object() for k in kids] if kids else [field]


def _field_type(attrs_here: Mapping[str, Any]) -> str | None:
    ft, flags = attrs_here.get("/FT"), int(attrs_here.get("/Ff", 0))
    if ft == "/Tx":
        return "textField"
    if ft == "/Btn" and not flags & PUSHBUTTON:
        return "radioButton" if flags & RADIO else "checkbox"
    if ft == "/Ch":
        return "combobox" if flags & COMBO else "listbox"
    return None  # signatures and push buttons are not form fields in the API's sense


def _on_states(field: DictionaryObject) -> list[str]:
    states: list[str] = []
    for widget in _widgets(field):
        normal = widget.get("/AP", {}).get("/N")
        for key in normal.get_object().keys() if normal is not None else ():
            if key != "/Off" and key[1:] not in states:
                states.append(key[1:])
    return states


def _options(field: DictionaryObject, kind: str, attrs_here: Mapping[str, Any]) -> list[Any]:
    if kind in ("checkbox", "radioButton"):
        return [{"label": s, "value": s} for s in _on_states(field)]
    options = []
    for opt in attrs_here.get("/Opt", ()):
        opt = opt.get_object()
        if isinstance(opt, list):
            options.append({"label": str(opt[1]), "value": str(opt[0])})
        else:
            options.append({"label": str(opt), "value": str(opt)})
    return options


def _values(value: Any) -> list[str]:
    value = value.get_object() if value is not None else None
    if value is None:
        return []
    items = list(value) if isinstance(value, list) else [value]
    out = [str(v)[1:] if isinstance(v, NameObject) else str(v) for v in items]
    return [v for v in out if v and v != "Off"]


def _page_index(reader: PdfReader) -> dict[int, int]:
    index: dict[int, int] = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", ()) or ():
            if hasattr(annot, "idnum"):
                index[annot.idnum] = number
    return index


def _bounding_box(field: DictionaryObject, pages: Mapping[int, int]) -> dict[str, Any]:
    rects: list[list[float]] = []
    page = 0
    for kid_ref in field.get("/Kids", ()) or ():
        page = pages.get(kid_ref.idnum, page) if not rects else page
        rects.append([float(v) for v in kid_ref.get_object()["/Rect"]])
    if not rects:
        ref = field.indirect_reference
        page = pages.get(ref.idnum, 0) if ref is not None else 0
        rects.append([float(v) for v in field.get("/Rect", (0, 0, 0, 0))])
    x0 = min(min(r[0], r[2]) for r in rects)
    y0 = min(min(r[1], r[3]) for r in rects)
    x1 = max(max(r[0], r[2]) for r in rects)
    y1 = max(max(r[1], r[3]) for r in rects)
    return {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0, "page": page}


def read_fields(data: bytes) -> list[dict[str, Any]]:
    """Return the PDF's form fields in openapi.json's ``FormField`` shape (camelCase keys).

    ``editable`` is true for every field that is not read-only: the emulator's rule for
    which fields the API may fill. ``defaultValues`` are the values the PDF holds now.
    """
    reader = _open(data)
    acroform = reader.root_object.get("/AcroForm")
    if acroform is None:
        return []
    pages = _page_index(reader)
    fields = []
    for name, field, attrs_here in _terminal_fields(acroform.get_object().get("/Fields")):
        kind = _field_type(attrs_here)
        if kind is None:
            continue
        flags = int(attrs_here.get("/Ff", 0))
        current = attrs_here.get("/V", attrs_here.get("/DV"))
        fields.append(
            {
                "fieldId": str(uuid.uuid5(_FIELD_NAMESPACE, name)),
                "name": name,
                "type": kind,
                "required": bool(flags & REQUIRED),
                "readOnly": bool(flags & READ_ONLY),
                "editable": not flags & READ_ONLY,
                "boundingBox": _bounding_box(field, pages),
                "defaultValues": _values(current),
                "options": _options(field, kind, attrs_here),
            }
        )
    return fields


def read_values(data: bytes) -> dict[str, list[str]]:
    """Return the non-empty values of the PDF's form fields, by field name."""
    return {f["name"]: f["defaultValues"] for f in read_fields(data) if f["defaultValues"]}


def strip_signature_fields(data: bytes) -> bytes:
    """Return ``data`` without signature fields (and their widgets and signatures).

    Formify removes them on upload: other services' signatures would not survive the
    signing anyway. A PDF without any comes back as the very same bytes, unparsed again.
    """
    reader = _open(data)
    acroform = reader.root_object.get("/AcroForm")
    fields = acroform.get_object().get("/Fields") if acroform is not None else None
    if not any(a.get("/FT") == "/Sig" for _, _, a in _terminal_fields(fields)):
        return data
    writer = PdfWriter(clone_from=reader)
    form: Any = writer._root_object["/AcroForm"].get_object()
    gone: set[int] = set()
    for _, field, attrs_here in list(_terminal_fields(form.get("/Fields"))):
        if attrs_here.get("/FT") != "/Sig":
            continue
        gone.update(w.indirect_reference.idnum for w in _widgets(field) if w.indirect_reference)
        parent = field.get("/Parent")
        siblings: Any = parent.get_object()["/Kids"] if parent is not None else form["/Fields"]
        siblings[:] = [r for r in siblings if r.get_object() is not field]
    for page in writer.pages:
        annots: Any = page.get("/Annots")
        if annots is not None:
            kept = [a for a in annots.get_object() if getattr(a, "idnum", None) not in gone]
            page[NameObject("/Annots")] = ArrayObject(kept)
    form.pop(NameObject("/SigFlags"), None)
    writer._root_object.pop(NameObject("/Perms"), None)  # certification (DocMDP) goes too
    return to_bytes(writer)


# --- merging, filling, signing -----------------------------------------------------------


def merge_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """Return one PDF holding the pages of ``pdfs`` in order (form fields kept).

    A field whose name an earlier file already used is renamed ``name_2``, ``name_3``, ...
    so that every field stays addressable by name.
    """
    writer = PdfWriter()
    for data in pdfs:
        writer.append(_open(data))
    acroform = writer._root_object.get("/AcroForm")
    seen: set[str] = set()
    for ref in acroform.get_object().get("/Fields", ()) if acroform is not None else ():
        field = ref.get_object()
        name = base = str(field.get("/T", ""))
        copy = 1
        while name in seen:
            copy += 1
            name = f"{base}_{copy}"
        seen.add(name)
        if name != base:
            field[NameObject("/T")] = TextStringObject(name)
    return to_bytes(writer)


def _as_list(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _text_appearance(writer: PdfWriter, widget: DictionaryObject, text: str, font: Any) -> None:
    rect_obj: Any = widget["/Rect"]
    rect = [float(v) for v in rect_obj.get_object()]
    width, height = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
    size = min(10.0, max(height - 4, 4.0))
    body = text_lines([(2.0, (height - size) / 2 + 1, size, text)])
    shown = appearance(writer, width, height, f"/Tx BMC q {body} Q EMC")
    shown.get_object()[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): font})}
    )
    widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): shown})


def _set_toggle(field: DictionaryObject, wanted: list[str], name: str) -> None:
    states = _on_states(field)
    chosen = [v for v in wanted if v]
    if len(chosen) > 1 or any(v not in states for v in chosen):
        raise ValueError(f"field {name!r}: value must be one of {states} or empty")
    state = NameObject(f"/{chosen[0]}" if chosen else "/Off")
    field[NameObject("/V")] = state
    for widget in _widgets(field):
        normal = widget.get("/AP", {}).get("/N")
        has_state = normal is not None and state in normal.get_object()
        widget[NameObject("/AS")] = state if has_state else NameObject("/Off")


def _set_choice(
    field: DictionaryObject, kind: str, wanted: list[str], attrs_here: Mapping[str, Any]
) -> list[str]:
    chosen = [v for v in wanted if v]
    allowed = [o["value"] for o in _options(field, kind, attrs_here)]
    multi = kind == "listbox" and int(attrs_here.get("/Ff", 0)) & MULTI_SELECT
    if any(v not in allowed for v in chosen) or (len(chosen) > 1 and not multi):
        raise ValueError(f"field {field.get('/T')!r}: value must be among {allowed}")
    if not chosen:
        # An empty /V (not a missing one) so that a /DV default does not show through.
        field[NameObject("/V")] = TextStringObject("")
        field.pop(NameObject("/I"), None)
    elif len(chosen) == 1:
        field[NameObject("/V")] = TextStringObject(chosen[0])
    else:
        field[NameObject("/V")] = ArrayObject([TextStringObject(v) for v in chosen])
    if chosen:
        field[NameObject("/I")] = ArrayObject([NumberObject(allowed.index(v)) for v in chosen])
    return chosen


def fill_fields(data: bytes, values: Mapping[str, str | Sequence[str]]) -> bytes:
    """Return ``data`` with the named form fields set; raise ValueError for an unknown name.

    A value is a string or a list of strings (the API's two formats); "" or [""] clears.
    Text and drop-down fields get an appearance, so the value shows in any viewer.
    """
    writer = PdfWriter(clone_from=_open(data))
    acroform = writer._root_object.get("/AcroForm")
    found = {
        name: (field, attrs_here)
        for name, field, attrs_here in _terminal_fields(
            acroform.get_object().get("/Fields") if acroform is not None else None
        )
        if _field_type(attrs_here) is not None
    }
    font = None
    for name, value in values.items():
        if name not in found:
            raise ValueError(f"field {name!r}: no such form field in the PDF")
        field, attrs_here = found[name]
        kind, wanted = _field_type(attrs_here), _as_list(value)
        if kind in ("checkbox", "radioButton"):
            _set_toggle(field, wanted, name)
            continue
        if kind == "textField":
            text = "".join(wanted)
            field[NameObject("/V")] = TextStringObject(text)
            shown = [text]
        else:
            shown = _set_choice(field, str(kind), wanted, attrs_here)
        if kind != "listbox":
            font = font or helvetica(writer)
            for widget in _widgets(field):
                _text_appearance(writer, widget, shown[0] if shown else "", font)
    return to_bytes(writer)


def _when(stamp: SignatureStamp) -> str:
    return stamp.signed_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _stamp_existing(writer: PdfWriter, stamp: SignatureStamp, font: Any) -> None:
    if stamp.page is None or stamp.box is None:
        raise ValueError("an 'existing' stamp needs page and box")
    page = writer.pages[stamp.page]
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources: Any = page["/Resources"].get_object()
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    resources["/Font"].get_object()[NameObject("/FormifySig")] = font
    x, y, width, height = stamp.box
    size = max(min(12.0, height / 3), 4.0)
    lines = [
        (x + 4, y + height - size - 4, size, f"Signed: {stamp.ink or stamp.full_name}"),
        (x + 4, y + 4, size * 0.8, _when(stamp)),
    ]
    drawing = f"q 0 0 0.6 RG 1 w {x:g} {y:g} {width:g} {height:g} re S Q\n"
    ours = f"Q\n{drawing}{text_lines(lines, '/FormifySig')}"
    existing: Any = page.get("/Contents")
    contents = existing.get_object() if existing is not None else None
    parts = list(contents) if isinstance(contents, list) else [existing]
    # Wrap the page's own content in q/Q so its graphics state cannot move our stamp.
    page[NameObject("/Contents")] = ArrayObject(
        [stream(writer, "q"), *[p for p in parts if p is not None], stream(writer, ours)]
    )


def signed_pdf(
    data: bytes,
    *,
    values: Mapping[str, str | Sequence[str]],
    stamps: Sequence[SignatureStamp],
) -> bytes:
    """Return the signed file: values filled, "existing" stamps drawn, one A4 page per "new_page".

    Each added page names the signee and the time of signing (UTC), in Helvetica.
    """
    filled = fill_fields(data, values) if values else data
    writer = PdfWriter(clone_from=_open(filled))
    font = helvetica(writer)
    for stamp in stamps:
        if stamp.placement == "existing":
            _stamp_existing(writer, stamp, font)
            continue
        lines = [
            (50.0, 760.0, 20.0, "Signature page"),
            (50.0, 720.0, 12.0, "This document was signed electronically."),
            (50.0, 690.0, 12.0, f"Signed by: {stamp.full_name}"),
            (50.0, 670.0, 12.0, f"Signed at: {_when(stamp)}"),
            (50.0, 60.0, 8.0, "Formify emulator - for tests, not a legal signature"),
        ]
        if stamp.ink is not None:
            lines.append((50.0, 650.0, 12.0, f"Signature: {stamp.ink}"))
        page_with(writer, A4, text_lines(lines), font)
    return to_bytes(writer)
