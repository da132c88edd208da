"""The emulator's PDFs are real: read back with pypdf, independently of the code that wrote them."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from formify.testing._pdf import (
    PdfError,
    SignatureStamp,
    check_pdf,
    fill_fields,
    merge_pdfs,
    read_fields,
    read_values,
    sample_pdf,
    signed_pdf,
    strip_signature_fields,
)


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def by_name(data: bytes) -> dict[str, dict]:
    return {f["name"]: f for f in read_fields(data)}


def pypdf_values(data: bytes) -> dict[str, object]:
    return {name: f.get("/V") for name, f in (reader(data).get_fields() or {}).items()}


# --- sample_pdf and check_pdf -------------------------------------------------------------


@pytest.mark.parametrize("pages", [1, 3])
def test_sample_pdf_has_the_page_count_asked_for_in_a4(pages: int) -> None:
    data = sample_pdf(pages)
    assert data.startswith(b"%PDF-")
    pdf = reader(data)
    assert len(pdf.pages) == pages
    assert check_pdf(data) == pages
    assert [(float(p.mediabox.width), float(p.mediabox.height)) for p in pdf.pages] == [
        (595.0, 842.0)
    ] * pages
    assert f"Page {pages} of {pages}" in pdf.pages[-1].extract_text()


def test_sample_pdf_has_one_field_of_each_api_type() -> None:
    pypdf_fields = reader(sample_pdf()).get_fields() or {}
    assert set(pypdf_fields) == {
        "fullName",
        "company",
        "reference",
        "acceptTerms",
        "newsletter",
        "color",
        "country",
        "interests",
    }
    assert {f["type"] for f in read_fields(sample_pdf())} == {
        "checkbox",
        "combobox",
        "listbox",
        "radioButton",
        "textField",
    }


def test_sample_pdf_without_fields_has_no_form() -> None:
    data = sample_pdf(2, fields=False)
    assert reader(data).get_fields() is None
    assert read_fields(data) == []


def test_sample_pdf_refuses_zero_pages() -> None:
    with pytest.raises(ValueError, match="pages"):
        sample_pdf(0)


def test_check_pdf_refuses_bytes_that_are_not_a_pdf() -> None:
    with pytest.raises(PdfError) as info:
        check_pdf(b"PK\x03\x04 this is a zip file, not a PDF")
    assert info.value.reason == "not_pdf"


def test_check_pdf_refuses_an_encrypted_pdf() -> None:
    writer = PdfWriter(clone_from=reader(sample_pdf()))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert reader(out.getvalue()).is_encrypted
    with pytest.raises(PdfError) as info:
        check_pdf(out.getvalue())
    assert info.value.reason == "encrypted"


def test_check_pdf_refuses_an_encrypted_pdf_even_with_an_empty_user_password() -> None:
    writer = PdfWriter(clone_from=reader(sample_pdf()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PdfError) as info:
        check_pdf(out.getvalue())
    assert info.value.reason == "encrypted"


def test_check_pdf_refuses_a_pdf_header_followed_by_garbage() -> None:
    with pytest.raises(PdfError) as info:
        check_pdf(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert info.value.reason == "unreadable"


def test_check_pdf_accepts_a_header_after_leading_bytes() -> None:
    assert check_pdf(b"\n\n" + sample_pdf(2)) == 2


# --- read_fields: the FormField shape ------------------------------------------------------


def test_fields_have_every_formfield_member_with_the_right_types() -> None:
    for field in read_fields(sample_pdf()):
        assert set(field) == {
            "fieldId",
            "name",
            "type",
            "required",
            "readOnly",
            "editable",
            "boundingBox",
            "defaultValues",
            "options",
        }
        assert set(field["boundingBox"]) == {"x", "y", "width", "height", "page"}
        assert all(isinstance(v, str) for v in field["defaultValues"])


def test_field_ids_are_stable_and_distinct() -> None:
    first, second = read_fields(sample_pdf()), read_fields(sample_pdf(2))
    assert [f["fieldId"] for f in first] == [f["fieldId"] for f in second]
    assert len({f["fieldId"] for f in first}) == len(first)


def test_text_fields_required_read_only_editable_and_defaults() -> None:
    fields = by_name(sample_pdf())
    assert fields["fullName"]["type"] == "textField"
    assert fields["fullName"]["required"] is True
    assert fields["fullName"]["defaultValues"] == []
    assert fields["company"]["required"] is False
    assert fields["company"]["defaultValues"] == ["Acme AB"]
    assert fields["reference"]["readOnly"] is True
    assert fields["reference"]["editable"] is False
    assert fields["reference"]["defaultValues"] == ["REF-001"]
    assert fields["company"]["readOnly"] is False
    assert fields["company"]["editable"] is True
    assert fields["company"]["options"] == []


def test_checkbox_fields() -> None:
    fields = by_name(sample_pdf())
    assert fields["acceptTerms"]["type"] == "checkbox"
    assert fields["acceptTerms"]["required"] is True
    assert fields["acceptTerms"]["defaultValues"] == []
    assert fields["acceptTerms"]["options"] == [{"label": "Yes", "value": "Yes"}]
    assert fields["newsletter"]["defaultValues"] == ["Yes"]


def test_radio_button_field_options_default_and_box_over_all_buttons() -> None:
    color = by_name(sample_pdf())["color"]
    assert color["type"] == "radioButton"
    assert [o["value"] for o in color["options"]] == ["Red", "Green", "Blue"]
    assert color["defaultValues"] == ["Green"]
    # three 16-point buttons, 60 points apart: the box spans all of them
    assert color["boundingBox"] == {"x": 200, "y": 500, "width": 136, "height": 16, "page": 0}


def test_combobox_options_carry_label_and_export_value() -> None:
    country = by_name(sample_pdf())["country"]
    assert country["type"] == "combobox"
    assert country["options"] == [
        {"label": "Sweden", "value": "se"},
        {"label": "Spain", "value": "es"},
        {"label": "United Kingdom", "value": "gb"},
    ]
    assert country["defaultValues"] == ["se"]


def test_listbox_field() -> None:
    interests = by_name(sample_pdf())["interests"]
    assert interests["type"] == "listbox"
    assert [o["label"] for o in interests["options"]] == ["Music", "Sports", "Travel"]
    assert interests["defaultValues"] == ["Music"]


def test_bounding_box_matches_the_widget_rectangle_pypdf_reads() -> None:
    data = sample_pdf()
    annots = [a.get_object() for a in reader(data).pages[0]["/Annots"]]
    rect = next(a["/Rect"] for a in annots if a.get("/T") == "fullName")
    box = by_name(data)["fullName"]["boundingBox"]
    assert [box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]] == [
        float(v) for v in rect
    ]
    assert box["page"] == 0


def test_signature_fields_and_push_buttons_are_not_listed() -> None:
    writer = PdfWriter(clone_from=reader(sample_pdf()))
    fields = writer._root_object["/AcroForm"]["/Fields"]
    for name, entries in (
        ("sig", {"/FT": NameObject("/Sig")}),
        ("push", {"/FT": NameObject("/Btn"), "/Ff": NumberObject(1 << 16)}),
    ):
        field = DictionaryObject({NameObject("/T"): TextStringObject(name)})
        field.update({NameObject(k): v for k, v in entries.items()})
        field[NameObject("/Rect")] = ArrayObject([NumberObject(0)] * 4)
        fields.append(writer._add_object(field))
    out = io.BytesIO()
    writer.write(out)
    assert set(reader(out.getvalue()).get_fields() or {}) >= {"sig", "push"}
    assert {"sig", "push"}.isdisjoint(by_name(out.getvalue()))
    assert len(read_fields(out.getvalue())) == 8


def test_hierarchical_field_names_are_dotted() -> None:
    writer = PdfWriter(clone_from=reader(sample_pdf()))
    fields = writer._root_object["/AcroForm"]["/Fields"]
    company_ref = next(ref for ref in fields if ref.get_object()["/T"] == "company")
    fields.remove(company_ref)
    parent = DictionaryObject(
        {
            NameObject("/T"): TextStringObject("customer"),
            NameObject("/Kids"): ArrayObject([company_ref]),
        }
    )
    parent_ref = writer._add_object(parent)
    company_ref.get_object()[NameObject("/Parent")] = parent_ref
    fields.append(parent_ref)
    out = io.BytesIO()
    writer.write(out)
    names = set(by_name(out.getvalue()))
    assert "customer.company" in names
    assert "customer.company" in (reader(out.getvalue()).get_fields() or {})


def test_read_fields_of_a_pdf_with_no_form_is_empty() -> None:
    assert read_fields(sample_pdf(3, fields=False)) == []


def test_read_fields_refuses_a_non_pdf() -> None:
    with pytest.raises(PdfError):
        read_fields(b"hello")


def with_signature_fields(data: bytes) -> bytes:
    """``data`` plus a signed signature field and a nested empty one, both with widgets."""
    writer = PdfWriter(clone_from=reader(data))
    page = writer.pages[0]
    form = writer._root_object["/AcroForm"]
    form[NameObject("/SigFlags")] = NumberObject(3)
    signature = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Sig"),
            NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
            NameObject("/Contents"): TextStringObject("0" * 64),
        }
    )

    def widget(name: str, **extra: object) -> DictionaryObject:
        entries = {
            "/Type": NameObject("/Annot"),
            "/Subtype": NameObject("/Widget"),
            "/FT": NameObject("/Sig"),
            "/T": TextStringObject(name),
            "/Rect": ArrayObject([NumberObject(v) for v in (300, 50, 500, 100)]),
            "/P": page.indirect_reference,
            **extra,
        }
        return DictionaryObject({NameObject(k): v for k, v in entries.items()})

    signed_ref = writer._add_object(widget("otherService", **{"/V": writer._add_object(signature)}))
    parent_ref = writer._add_object(
        DictionaryObject({NameObject("/T"): TextStringObject("approvals")})
    )
    kid_ref = writer._add_object(widget("manager", **{"/Parent": parent_ref}))
    parent_ref.get_object()[NameObject("/Kids")] = ArrayObject([kid_ref])
    form["/Fields"].extend([signed_ref, parent_ref])
    page["/Annots"].extend([signed_ref, kid_ref])
    writer._root_object[NameObject("/Perms")] = DictionaryObject(
        {NameObject("/DocMDP"): writer._add_object(signature)}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_strip_removes_signature_fields_widgets_and_certification() -> None:
    signed = with_signature_fields(sample_pdf(2))
    assert {"otherService", "approvals.manager"} <= set(reader(signed).get_fields() or {})
    stripped = strip_signature_fields(signed)
    pdf = reader(stripped)
    names = set(pdf.get_fields() or {})
    assert "otherService" not in names
    assert "approvals.manager" not in names
    annots = [a.get_object() for a in pdf.pages[0]["/Annots"]]
    assert all(a.get("/FT") != "/Sig" for a in annots)
    assert len(annots) == len(reader(sample_pdf()).pages[0]["/Annots"])
    assert "/SigFlags" not in pdf.trailer["/Root"]["/AcroForm"]
    assert "/Perms" not in pdf.trailer["/Root"]
    assert read_fields(stripped) == read_fields(sample_pdf(2))  # the other fields are intact
    assert check_pdf(stripped) == 2


def test_strip_returns_a_pdf_without_signature_fields_unchanged() -> None:
    data = sample_pdf()
    assert strip_signature_fields(data) is data
    plain = sample_pdf(fields=False)
    assert strip_signature_fields(plain) is plain


def test_strip_refuses_what_check_pdf_refuses() -> None:
    with pytest.raises(PdfError) as info:
        strip_signature_fields(b"not a pdf")
    assert info.value.reason == "not_pdf"


# --- merge -------------------------------------------------------------------------------


def test_merge_keeps_every_page_in_order() -> None:
    merged = merge_pdfs([sample_pdf(1), sample_pdf(3, fields=False), sample_pdf(2)])
    pdf = reader(merged)
    assert check_pdf(merged) == 6
    texts = [page.extract_text() for page in pdf.pages]
    expected = ["1 of 1", "1 of 3", "2 of 3", "3 of 3", "1 of 2", "2 of 2"]
    assert [f"Page {e}" in text for e, text in zip(expected, texts, strict=True)] == [True] * 6


def test_merge_keeps_fields_and_renames_colliding_names() -> None:
    merged = merge_pdfs([sample_pdf(1), sample_pdf(2)])
    fields = by_name(merged)
    assert len(fields) == 16
    assert fields["fullName"]["boundingBox"]["page"] == 0
    assert fields["fullName_2"]["boundingBox"]["page"] == 1
    assert set(reader(merged).get_fields() or {}) == set(fields)
    # the renamed copy is a separate field: filling it leaves the first alone
    filled = fill_fields(merged, {"fullName_2": "Second"})
    assert read_values(filled).get("fullName_2") == ["Second"]
    assert "fullName" not in read_values(filled)


def test_merge_refuses_an_encrypted_part() -> None:
    writer = PdfWriter(clone_from=reader(sample_pdf()))
    writer.encrypt(user_password="pw", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PdfError) as info:
        merge_pdfs([sample_pdf(), out.getvalue()])
    assert info.value.reason == "encrypted"


# --- fill --------------------------------------------------------------------------------

VALUES = {
    "fullName": "Åsa Öberg",
    "acceptTerms": ["Yes"],
    "newsletter": [""],
    "color": "Red",
    "country": ["es"],
    "interests": ["Sports", "Travel"],
}


def test_fill_sets_every_field_type_as_pypdf_reads_it() -> None:
    filled = fill_fields(sample_pdf(), VALUES)
    values = pypdf_values(filled)
    assert values["fullName"] == "Åsa Öberg"
    assert values["acceptTerms"] == "/Yes"
    assert values["newsletter"] == "/Off"
    assert values["color"] == "/Red"
    assert values["country"] == "es"
    assert list(values["interests"]) == ["Sports", "Travel"]  # type: ignore[call-overload]
    assert values["company"] == "Acme AB"  # untouched


def test_fill_sets_widget_appearance_states() -> None:
    filled = fill_fields(sample_pdf(), {"color": "Blue", "acceptTerms": ["Yes"]})
    annots = [a.get_object() for a in reader(filled).pages[0]["/Annots"]]
    radio = [a["/AS"] for a in annots if a.get("/Parent") and a["/Parent"]["/T"] == "color"]
    assert radio == ["/Off", "/Off", "/Blue"]
    assert next(a["/AS"] for a in annots if a.get("/T") == "acceptTerms") == "/Yes"


def test_filled_text_is_visible_in_the_page_appearance() -> None:
    filled = fill_fields(sample_pdf(), {"fullName": "Visible Name"})
    annots = [a.get_object() for a in reader(filled).pages[0]["/Annots"]]
    widget = next(a for a in annots if a.get("/T") == "fullName")
    assert b"(Visible Name) Tj" in widget["/AP"]["/N"].get_data()


def test_read_values_lists_only_non_empty_values() -> None:
    values = read_values(fill_fields(sample_pdf(), VALUES))
    assert values == {
        "fullName": ["Åsa Öberg"],
        "company": ["Acme AB"],
        "reference": ["REF-001"],
        "acceptTerms": ["Yes"],
        "color": ["Red"],
        "country": ["es"],
        "interests": ["Sports", "Travel"],
    }


def test_fill_clears_with_empty_values() -> None:
    cleared = fill_fields(sample_pdf(), {"color": "", "country": [""], "interests": [""]})
    assert {"color", "country", "interests"}.isdisjoint(read_values(cleared))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"nope": "x"}, "'nope'"),
        ({"color": "Purple"}, "'color'"),
        ({"acceptTerms": ["Maybe"]}, "'acceptTerms'"),
        ({"country": ["se", "es"]}, "country"),
        ({"interests": ["Chess"]}, "interests"),
    ],
)
def test_fill_refuses_unknown_fields_and_values_outside_the_options(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        fill_fields(sample_pdf(), values)  # type: ignore[arg-type]


# --- signed PDF --------------------------------------------------------------------------

SIGNED_AT = datetime(2026, 11, 23, 9, 30, 15, tzinfo=UTC)


def test_signed_pdf_adds_one_a4_page_per_new_page_signee_naming_who_and_when() -> None:
    stamps = [
        SignatureStamp("Åsa Öberg", SIGNED_AT, "new_page"),
        SignatureStamp("José Núñez", SIGNED_AT + timedelta(minutes=5), "new_page"),
    ]
    signed = signed_pdf(sample_pdf(2), values={}, stamps=stamps)
    pdf = reader(signed)
    assert len(pdf.pages) == 4
    for page, name, when in (
        (pdf.pages[2], "Åsa Öberg", "2026-11-23 09:30:15 UTC"),
        (pdf.pages[3], "José Núñez", "2026-11-23 09:35:15 UTC"),
    ):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (595.0, 842.0)
        text = page.extract_text()
        assert f"Signed by: {name}" in text
        assert f"Signed at: {when}" in text


def test_signed_pdf_states_the_time_in_utc_whatever_the_zone_given() -> None:
    stockholm = SIGNED_AT.astimezone(timezone(timedelta(hours=1)))
    signed = signed_pdf(
        sample_pdf(), values={}, stamps=[SignatureStamp("A", stockholm, "new_page")]
    )
    assert "Signed at: 2026-11-23 09:30:15 UTC" in reader(signed).pages[-1].extract_text()


def test_signed_pdf_fills_the_values() -> None:
    signed = signed_pdf(
        sample_pdf(),
        values={"fullName": "Åsa Öberg", "color": "Blue"},
        stamps=[SignatureStamp("Åsa Öberg", SIGNED_AT, "new_page")],
    )
    assert pypdf_values(signed)["fullName"] == "Åsa Öberg"
    assert read_values(signed)["color"] == ["Blue"]


def test_existing_placement_draws_in_the_box_without_adding_a_page() -> None:
    stamp = SignatureStamp("Bob (B) Smith", SIGNED_AT, "existing", page=1, box=(300, 100, 219, 58))
    signed = signed_pdf(sample_pdf(2), values={}, stamps=[stamp])
    pdf = reader(signed)
    assert len(pdf.pages) == 2
    text = pdf.pages[1].extract_text()
    assert "Signed: Bob (B) Smith" in text
    assert "2026-11-23 09:30:15 UTC" in text
    assert "Page 2 of 2" in text  # the page's own content is kept
    assert "Signed:" not in pdf.pages[0].extract_text()
    assert b"300 100 219 58 re S" in pdf.pages[1].get_contents().get_data()  # type: ignore[union-attr]


def test_existing_placement_needs_page_and_box() -> None:
    with pytest.raises(ValueError, match="page and box"):
        signed_pdf(sample_pdf(), values={}, stamps=[SignatureStamp("A", SIGNED_AT, "existing")])


def test_mixed_placements_and_no_stamps() -> None:
    stamps = [
        SignatureStamp("First", SIGNED_AT, "existing", page=0, box=(50, 50, 219, 58)),
        SignatureStamp("Second", SIGNED_AT, "new_page"),
    ]
    pdf = reader(signed_pdf(sample_pdf(), values={}, stamps=stamps))
    assert len(pdf.pages) == 2
    assert "Signed: First" in pdf.pages[0].extract_text()
    assert "Signed by: Second" in pdf.pages[1].extract_text()
    assert check_pdf(signed_pdf(sample_pdf(), values={}, stamps=[])) == 1


def test_special_characters_in_names_are_escaped_in_the_content_stream() -> None:
    name = r"O'Brien \ (Jr.)"
    signed = signed_pdf(
        sample_pdf(), values={}, stamps=[SignatureStamp(name, SIGNED_AT, "new_page")]
    )
    assert f"Signed by: {name}" in reader(signed).pages[-1].extract_text()


def test_every_pdf_made_here_reads_in_strict_mode_without_warnings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stamps = [
        SignatureStamp("A", SIGNED_AT, "new_page"),
        SignatureStamp("B", SIGNED_AT, "existing", page=0, box=(10, 10, 100, 30)),
    ]
    made = [
        sample_pdf(2),
        sample_pdf(fields=False),
        merge_pdfs([sample_pdf(), sample_pdf(2)]),
        fill_fields(sample_pdf(), VALUES),
        signed_pdf(sample_pdf(), values=VALUES, stamps=stamps),
    ]
    with caplog.at_level("WARNING", logger="pypdf"):
        for data in made:
            pdf = PdfReader(io.BytesIO(data), strict=True)
            for page in pdf.pages:
                page.extract_text()
            pdf.get_fields()
    assert caplog.records == []


def test_the_typed_name_is_the_signature_in_the_box_and_on_the_added_page() -> None:
    stamps = [
        SignatureStamp(
            "Ann Api", SIGNED_AT, "existing", page=0, box=(50, 50, 219, 58), ink="A. Ink"
        ),
        SignatureStamp("Bob Api", SIGNED_AT, "new_page", ink="B. Ink"),
    ]
    pdf = reader(signed_pdf(sample_pdf(), values={}, stamps=stamps))
    boxed, added = pdf.pages[0].extract_text(), pdf.pages[1].extract_text()
    assert "Signed: A. Ink" in boxed and "Ann Api" not in boxed
    assert "Signature: B. Ink" in added and "Signed by: Bob Api" in added
