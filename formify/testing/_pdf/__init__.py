"""Floor 1 of the emulator: PDF bytes (checks, form fields, merging, filling, signing, samples).

Knows nothing of the emulator; built on pypdf only. The names below are the whole interface
the floors above use.
"""

from formify.testing._pdf.forms import (
    A4,
    PdfError,
    SignatureStamp,
    check_pdf,
    fill_fields,
    merge_pdfs,
    read_fields,
    read_values,
    signed_pdf,
    strip_signature_fields,
)
from formify.testing._pdf.render import page_png
from formify.testing._pdf.sample import sample_pdf

__all__ = [
    "A4",
    "PdfError",
    "SignatureStamp",
    "check_pdf",
    "fill_fields",
    "merge_pdfs",
    "page_png",
    "read_fields",
    "read_values",
    "sample_pdf",
    "signed_pdf",
    "strip_signature_fields",
]
