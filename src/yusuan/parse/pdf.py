"""PDF → text by pypdfium2 (BSD-3/Apache-2.0), then the text readers.

pypdfium2 was chosen over pdfplumber (MIT) for speed: on this machine it extracts text at
170-420 pages/s against pdfplumber's 11-13 (``make bench`` prints both on the corpus), and
it exposes each character's box where a layout needs positions.  PyMuPDF is faster still
but AGPL-3.0, which an Apache-2.0 toolkit cannot take on.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from yusuan.parse.report import ParseResult
from yusuan.parse.text import read_text

_NUMBER_GAP = re.compile(r"(\d[.,]) +(\d)")

#: A page with fewer characters than this counts as having no text layer.
MIN_CHARS = 20


def _page_lines(page: pdfium.PdfPage) -> list[str]:
    """The page's text as lines rebuilt from the positions of its text runs.

    pdfium's own text order runs table rows together on some pages; grouping runs by
    their baseline (by x on pages rotated 90°/270°) and ordering them along the line
    restores one printed row per line, with a space wherever there is a visible gap.
    """
    textpage = page.get_textpage()
    try:
        rotated = page.get_rotation() in (90, 270)
        runs: list[tuple[float, float, float, float, str]] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top)
            text = text.replace("\r", " ").replace("\n", " ")
            if not text.strip():
                continue
            if rotated:  # the line runs along y; lines follow each other along x
                runs.append(((left + right) / 2, right - left, bottom, top, text))
            else:
                runs.append((-(bottom + top) / 2, top - bottom, left, right, text))
    finally:
        textpage.close()
    if not runs:
        return []
    runs.sort(key=lambda r: r[0])
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for run in runs:
        if lines:
            last = lines[-1]
            anchor = sum(r[0] for r in last) / len(last)
            height = max(max(r[1] for r in last), run[1], 1.0)
            if abs(run[0] - anchor) <= height * 0.45:
                last.append(run)
                continue
        lines.append([run])
    out: list[str] = []
    for line in lines:
        line.sort(key=lambda r: r[2])
        pieces: list[str] = []
        prev_end: float | None = None
        size = max(max(r[1] for r in line), 1.0)
        for _, _, start, end, text in line:
            if prev_end is not None and start - prev_end > size * 0.6:
                pieces.append(" ")
            pieces.append(text.strip())
            prev_end = end
        joined = " ".join("".join(pieces).split())
        out.append(_NUMBER_GAP.sub(r"\1\2", joined))
    return out


def pdf_text(data: bytes, name: str) -> tuple[str, int, int]:
    """The PDF's text, pages marked ``==== page N ====``; (text, pages, pages with text)."""
    from yusuan.parse import ParseError

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ParseError(name, f"不是有效的 PDF 文件（{exc}）") from exc
    parts: list[str] = []
    with_text = 0
    try:
        count = len(pdf)
        for i in range(count):
            page = pdf[i]
            lines = _page_lines(page)
            page.close()
            if sum(len(x) for x in lines) >= MIN_CHARS:
                with_text += 1
            parts.append(f"==== page {i + 1} ====")
            parts.extend(lines)
    finally:
        pdf.close()
    return "\n".join(parts), count, with_text


def parse_pdf(data: bytes, name: str) -> ParseResult:
    from yusuan.parse import ParseError, _parse_document

    text, pages, with_text = pdf_text(data, name)
    if pages == 0:
        raise ParseError(name, "PDF 没有页面")
    if with_text == 0:
        raise ParseError(
            name, f"PDF 共 {pages} 页，均没有文字层（扫描件？），无法解析；请先做文字识别"
        )
    warnings = []
    if with_text < pages:
        warnings.append(f"PDF 有 {pages - with_text} 页没有文字层，这些页的内容未能读取")
    doc = read_text(text, name)
    return _parse_document(doc, kind="pdf", extra_warnings=warnings)
