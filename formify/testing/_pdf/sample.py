"""``sample_pdf``: a real PDF with one AcroForm field of each type the API knows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from formify.testing._pdf.objects import (
    A4,
    COMBO,
    MULTI_SELECT,
    NO_TOGGLE_TO_OFF,
    RADIO,
    READ_ONLY,
    REQUIRED,
    appearance,
    helvetica,
    page_with,
    text_lines,
    to_bytes,
)

__all__ = ["sample_pdf"]


def _toggle_states(writer: PdfWriter, on: str, rect: Sequence[float]) -> DictionaryObject:
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    border = f"0 G 0.5 0.5 {width - 1:g} {height - 1:g} re S"
    fill = f"{border}\n0 g 3 3 {width - 6:g} {height - 6:g} re f"
    return DictionaryObject(
        {
            NameObject("/N"): DictionaryObject(
                {
                    NameObject(f"/{on}"): appearance(writer, width, height, fill),
                    NameObject("/Off"): appearance(writer, width, height, border),
                }
            )
        }
    )


def _widget(page: Any, rect: Sequence[float], entries: Mapping[str, Any]) -> DictionaryObject:
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/F"): NumberObject(4),  # print
            NameObject("/P"): page.indirect_reference,
        }
    )
    widget.update({NameObject(k): v for k, v in entries.items()})
    return widget


def _choice_options(options: Sequence[tuple[str, str]]) -> ArrayObject:
    return ArrayObject(
        [
            ArrayObject([TextStringObject(value), TextStringObject(label)])
            if value != label
            else TextStringObject(value)
            for value, label in options
        ]
    )


def _add_sample_fields(writer: PdfWriter, page: Any, font: Any) -> None:
    """Put one field of each type (some required, one read-only, some with defaults) on page."""
    text_da = TextStringObject("/Helv 10 Tf 0 g")
    fields: list[Any] = []
    annots = ArrayObject()

    def add(field: DictionaryObject, widgets: Sequence[DictionaryObject] = ()) -> Any:
        ref = writer._add_object(field)
        fields.append(ref)
        if not widgets:
            annots.append(ref)
        for widget in widgets:
            widget[NameObject("/Parent")] = ref
            kid = writer._add_object(widget)
            field.setdefault(NameObject("/Kids"), ArrayObject()).append(kid)
            annots.append(kid)
        return ref

    def text(name: str, y: float, flags: int, value: str | None) -> None:
        entries: dict[str, Any] = {"/FT": NameObject("/Tx"), "/T": TextStringObject(name)}
        entries.update({"/Ff": NumberObject(flags), "/DA": text_da})
        if value is not None:
            entries["/V"] = entries["/DV"] = TextStringObject(value)
        add(_widget(page, (200, y, 450, y + 20), entries))

    def checkbox(name: str, y: float, flags: int, checked: bool) -> None:
        rect = (200, y, 216, y + 16)
        state = NameObject("/Yes" if checked else "/Off")
        entries: dict[str, Any] = {"/FT": NameObject("/Btn"), "/T": TextStringObject(name)}
        entries["/V"] = state
        entries.update({"/Ff": NumberObject(flags), "/AS": state})
        add(_widget(page, rect, {**entries, "/AP": _toggle_states(writer, "Yes", rect)}))

    text("fullName", 700, REQUIRED, None)
    text("company", 660, 0, "Acme AB")
    text("reference", 620, READ_ONLY, "REF-001")
    checkbox("acceptTerms", 580, REQUIRED, checked=False)
    checkbox("newsletter", 540, 0, checked=True)

    radio = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Btn"),
            NameObject("/T"): TextStringObject("color"),
            NameObject("/Ff"): NumberObject(RADIO | NO_TOGGLE_TO_OFF),
            NameObject("/V"): NameObject("/Green"),
        }
    )
    buttons = []
    for i, colour in enumerate(("Red", "Green", "Blue")):
        rect = (200 + 60 * i, 500, 216 + 60 * i, 516)
        state = NameObject("/Green" if colour == "Green" else "/Off")
        buttons.append(
            _widget(page, rect, {"/AS": state, "/AP": _toggle_states(writer, colour, rect)})
        )
    add(radio, buttons)

    countries = (("se", "Sweden"), ("es", "Spain"), ("gb", "United Kingdom"))
    combo: dict[str, Any] = {
        "/FT": NameObject("/Ch"),
        "/T": TextStringObject("country"),
        "/DA": text_da,
    }
    combo.update({"/Ff": NumberObject(COMBO), "/Opt": _choice_options(countries)})
    combo.update({"/V": TextStringObject("se"), "/DV": TextStringObject("se")})
    add(_widget(page, (200, 460, 400, 480), combo))

    interests = (("Music", "Music"), ("Sports", "Sports"), ("Travel", "Travel"))
    listbox: dict[str, Any] = {
        "/FT": NameObject("/Ch"),
        "/T": TextStringObject("interests"),
        "/DA": text_da,
    }
    listbox.update({"/Ff": NumberObject(MULTI_SELECT), "/Opt": _choice_options(interests)})
    listbox.update({"/V": ArrayObject([TextStringObject("Music")])})
    add(_widget(page, (200, 380, 400, 440), listbox))

    page[NameObject("/Annots")] = annots
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject(fields),
            NameObject("/NeedAppearances"): BooleanObject(True),
            NameObject("/DA"): text_da,
            NameObject("/DR"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): font})}
            ),
        }
    )


_SAMPLE_LABELS = (
    (700, "Full name (required)"),
    (660, "Company"),
    (620, "Reference (read-only)"),
    (580, "I accept the terms (required)"),
    (540, "Newsletter"),
    (500, "Favourite colour"),
    (460, "Country"),
    (420, "Interests"),
)


def sample_pdf(pages: int = 1, *, fields: bool = True) -> bytes:
    """Return a real PDF of ``pages`` A4 pages; with ``fields``, one form field of each type.

    Page 1 holds the fields: textField ``fullName`` (required), ``company`` (default
    "Acme AB"), ``reference`` (read-only), checkbox ``acceptTerms`` (required) and
    ``newsletter`` (checked), radioButton ``color`` (Red/Green/Blue, Green), combobox
    ``country`` (se/es/gb, se) and listbox ``interests`` (multi-select, Music).
    Each page's text says "Page N of M".
    """
    if pages < 1:
        raise ValueError("pages must be at least 1")
    writer = PdfWriter()
    font = helvetica(writer)
    for number in range(1, pages + 1):
        lines = [(50.0, 780.0, 18.0, "Formify sample document"), (50.0, 60.0, 10.0, "")]
        lines[1] = (50.0, 60.0, 10.0, f"Page {number} of {pages}")
        if fields and number == 1:
            lines += [(50.0, y + 5, 10.0, label) for y, label in _SAMPLE_LABELS]
        page = page_with(writer, A4, text_lines(lines), font)
        if fields and number == 1:
            _add_sample_fields(writer, page, font)
    return to_bytes(writer)
