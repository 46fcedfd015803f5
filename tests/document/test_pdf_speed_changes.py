"""What the PDF's speed work must not change: content, landscape pages, the drawn grid, lists."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from yusuan.model.budget import Budget
from yusuan.render.document import Document, document_html
from yusuan.render.pdf import _html_class, pdf_html, write_pdf

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


def _text(html: str) -> str:
    body = html[html.index("<body") :]
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", body)))


@pytest.fixture(scope="module")
def pdf(sample: Budget, tmp_path_factory: pytest.TempPathFactory) -> pdfium.PdfDocument:
    path = tmp_path_factory.mktemp("pdf") / "d.pdf"
    write_pdf(sample, path)
    return pdfium.PdfDocument(path)


def _page_texts(doc: pdfium.PdfDocument) -> list[str]:
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def test_the_lean_pdf_html_keeps_every_word_of_the_document(sample_doc: Document) -> None:
    lean, full = pdf_html(sample_doc), document_html(sample_doc, for_pdf=True)
    assert "data-col=" in full and "data-col=" not in lean and "aria-" not in lean
    assert len(lean) < 0.8 * len(full)
    assert _text(lean) == _text(full)
    assert lean.count("<td") == full.count("<td") and lean.count("colspan=") == full.count(
        "colspan="
    )


def test_wide_tables_and_only_they_are_on_landscape_pages(pdf: pdfium.PdfDocument) -> None:
    texts = _page_texts(pdf)
    landscape = [i for i in range(len(pdf)) if pdf[i].get_width() > pdf[i].get_height()]
    starts = {
        n: next(i for i, t in enumerate(texts) if re.search(rf"^表{n}\s*$", t, re.M))
        for n in (2, 7)
    }
    assert starts[2] in landscape and starts[7] in landscape
    # 表7 runs over one page: its continuation is landscape too, and nothing else is
    assert landscape == [starts[2], starts[7], starts[7] + 1]


def _long_rows(doc: pdfium.PdfDocument, index: int) -> list[float]:
    """Heights (0 = top, 1 = bottom) of dark horizontal lines spanning half the page or more."""
    image = doc[index].render(scale=2).to_pil().convert("L")
    width, height = image.size
    pixels = image.load()
    rows = []
    for y in range(height):
        dark = sum(1 for x in range(0, width, 2) if pixels[x, y] < 128)
        if dark * 2 > width * 0.5:
            rows.append(y / height)
    return rows


def test_table_grid_is_drawn_with_its_top_line_on_a_continued_page(
    pdf: pdfium.PdfDocument,
) -> None:
    texts = _page_texts(pdf)
    table1 = next(i for i, t in enumerate(texts) if re.search(r"^表1\s*$", t, re.M))
    lines = _long_rows(pdf, table1)
    assert len(lines) > 20  # a line under every row of 表1
    table7 = next(i for i, t in enumerate(texts) if re.search(r"^表7\s*$", t, re.M))
    continued = _long_rows(pdf, table7 + 1)
    assert continued and continued[0] < 0.08  # the table's top line, right at the top margin
    assert continued[-1] > 0.3  # … and its bottom line below the rows


@needs_poppler
def test_list_items_keep_their_marker(tmp_path: Path) -> None:
    """The scoped default style sheet still gives list items their bullet or number."""
    html = '<html lang="zh-CN"><body><ul><li>第一项</li></ul><ol><li>第二项</li></ol></body></html>'
    path = tmp_path / "list.pdf"
    path.write_bytes(_html_class()(string=html).write_pdf())
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "•" in text and "第一项" in text
    assert "1." in text and "第二项" in text


def test_no_text_runs_off_the_page(pdf: pdfium.PdfDocument) -> None:
    """Every character printed lies inside its page (a table too wide for A4 gets cut off)."""
    outside = []
    for i in range(len(pdf)):
        page = pdf[i]
        width, height = page.get_width(), page.get_height()
        textpage = page.get_textpage()
        for c in range(textpage.count_chars()):
            left, bottom, right, top = textpage.get_charbox(c)
            if right > width + 0.5 or left < -0.5 or top > height + 0.5 or bottom < -0.5:
                outside.append((i + 1, textpage.get_text_range(c, 1)))
                break
    assert not outside, f"text beyond the page edge on pages {outside}"
