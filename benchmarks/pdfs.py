"""PDFs laid out as journal articles are, written with fpdf2 for the tests and the full-text
benchmark: a running header, page numbers, two columns, a title and a DOI on the first page,
line ends hyphenated by the layout."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

HEADER = "Journal of Pain Research 2021; 14: 101-112"


def article_pdf(
    path: Path,
    title: str,
    columns: list[tuple[str, str]],
    doi: str = "",
    metadata_doi: bool = False,
    blank_pages: tuple[int, ...] = (),
) -> Path:
    """A page per (left, right) column pair; `blank_pages` (1-based) hold no text at all, as a
    scanned page has none. A '-\\n' in a column is a hyphen at a line end."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    if metadata_doi:
        pdf.set_subject(f"doi:{doi}")
    for number, (left, right) in enumerate(columns, 1):
        pdf.add_page()
        if number in blank_pages:
            continue
        pdf.set_font("helvetica", size=8)
        pdf.text(20, 12, HEADER)
        top = 25
        if number == 1:
            pdf.set_font("helvetica", style="B", size=14)
            pdf.set_xy(20, 20)
            pdf.multi_cell(170, 7, title)
            top = pdf.get_y() + 3
            if doi:
                pdf.set_font("helvetica", size=8)
                pdf.set_xy(20, top)
                pdf.cell(170, 5, f"https://doi.org/{doi}")
                top += 8
        pdf.set_font("helvetica", size=10)
        for x, text in ((20, left), (110, right)):
            pdf.set_xy(x, top)
            pdf.multi_cell(80, 5, text)
        pdf.set_font("helvetica", size=8)
        pdf.text(103, 287, str(number))
    pdf.output(str(path))
    return path


def press_release_pdf(path: Path, text: str) -> Path:
    """A one-column PDF of a plain text (the sample's press releases)."""
    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(170, 6, text.encode("latin-1", "replace").decode("latin-1"))
    pdf.output(str(path))
    return path


def placed_pdf(path: Path, lines: list[tuple[float, float, str, int, str]]) -> Path:
    """A one-page PDF of text lines placed by hand, each (x, baseline y in mm, style "" or "B",
    size, text) in Times: for layouts the article writer does not make (a drop cap, a bold heading)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    for x, y, style, size, text in lines:
        pdf.set_font("times", style=style, size=size)
        pdf.text(x, y, text)
    pdf.output(str(path))
    return path


def raw_pdf(objects: list[str]) -> bytes:
    """A PDF written by hand from numbered object bodies, with a correct cross-reference table:
    for the damaged layouts no PDF library writes (a page that is not there, a page tree loop)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def damaged_pdf(kind: str, text: str = "Results. Pain fell by half with cement.") -> bytes:
    """`missing page`: two pages, the second object not there; `page tree loop`: the page tree
    lists itself as its page."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
    catalog = "<< /Type /Catalog /Pages 2 0 R >>"
    if kind == "page tree loop":
        return raw_pdf([catalog, "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])
    page = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
    )
    return raw_pdf(
        [
            catalog,
            "<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>",
            page,
            f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
