"""PDF pages as PNG images for the browser, rendered by pypdfium2 (PDFium, as Chrome uses).

The PNG is written here (a few lines of zlib) rather than through Pillow: one dependency less.
"""

from __future__ import annotations

import struct
import zlib


def page_png(data: bytes, page: int, scale: float = 1.5) -> bytes:
    """Return page `page` (1-based) of the PDF as PNG bytes; IndexError if there is none."""
    import pypdfium2  # type: ignore[import-untyped]  # here: only the web pages render

    pdf = pypdfium2.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            raise IndexError(f"page {page} of {len(pdf)}")
        pdf.init_forms()  # draw form fields with their values, as a viewer shows them
        bitmap = pdf[page - 1].render(scale=scale, may_draw_forms=True, rev_byteorder=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        channels = bitmap.n_channels
        raw = bytes(bitmap.buffer)
    finally:
        pdf.close()
    return _png(raw, width, height, stride, channels)


def _png(raw: bytes, width: int, height: int, stride: int, channels: int) -> bytes:
    colour = {3: 2, 4: 6}[channels]  # RGB or RGBA
    rows = b"".join(
        b"\x00" + raw[y * stride : y * stride + width * channels] for y in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 6))
        + chunk(b"IEND", b"")
    )
