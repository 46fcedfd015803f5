"""The four output formats hold the whole disclosure: HTML, XLSX, DOCX, PDF (and the CLI)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app
from yusuan.model.budget import Budget
from yusuan.render.document import Document, document_html, write_document_xlsx
from yusuan.render.docx import write_docx
from yusuan.render.pdf import write_pdf

SAMPLE = Path(yusuan.__file__).parent / "samples" / "atushi-2023.yaml"
DATA = Path(__file__).parent / "data"
TABLE_NUMBERS = [f"表{n}" for n in range(1, 11)]
PART_TITLES = ("第一部分", "第二部分", "第三部分", "第四部分")
runner = CliRunner()


# ---------------------------------------------------------------- HTML
def test_html_holds_every_part_table_and_target(sample_doc: Document) -> None:
    html = document_html(sample_doc)
    for title in PART_TITLES:
        assert f'<h1 class="ys-part">{title}' in html
    assert re.findall(r'<div class="ys-number">(表\d+)</div>', html) == TABLE_NUMBERS
    assert html.count('<section class="ys-performance"') == 8
    assert "占 2.36%" in html and "None" not in html
    # print CSS: A4, a page break before each table, headers repeated on every page
    assert "size: A4" in html
    assert "break-before: page" in html and "display: table-header-group" in html


# ---------------------------------------------------------------- XLSX
def test_xlsx_has_every_table_the_prose_and_the_targets(sample: Budget, tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    write_document_xlsx(sample, path)
    wb = load_workbook(path)
    names = wb.sheetnames
    assert names[0] == "第一部分 概况"
    assert [n.split()[0] for n in names[1:11]] == TABLE_NUMBERS
    assert names[11] == "第三部分 情况说明"
    assert [n.split()[0] for n in names[12:20]] == [f"绩效目标表{i}" for i in range(1, 9)]
    assert names[20] == "第四部分 名词解释"
    prose = "\n".join(str(c.value) for row in wb["第三部分 情况说明"].iter_rows() for c in row)
    assert "4、住房保障支出（类）136.43 万元，占 2.36%。" in prose
    target = wb[names[12]]
    cells = [c.value for row in target.iter_rows() for c in row if c.value is not None]
    assert "县级领导配套经费" in cells and "姬文虎" in cells and "保障用车数量" in cells
    assert target.print_title_rows  # the indicator header repeats on printed pages


# ---------------------------------------------------------------- DOCX
def test_docx_opens_and_holds_all_parts(sample: Budget, tmp_path: Path) -> None:
    path = tmp_path / "d.docx"
    write_docx(sample, path)
    d = docx.Document(str(path))
    paragraphs = [p.text for p in d.paragraphs]
    for title in PART_TITLES:
        assert any(p.startswith(title) for p in paragraphs), title
    for number in TABLE_NUMBERS:
        assert number in paragraphs
    assert len(d.tables) == 10 + 8
    assert "4、住房保障支出（类）136.43 万元，占 2.36%。" in paragraphs
    assert "八、机关运行经费：指各单位的公用经费" in "\n".join(paragraphs)
    assert paragraphs[-2:] == ["中共阿图什市委员会办公室", "2023年03月13日"]
    # 表1's total row and its header marked to repeat on every page
    table1 = d.tables[0]
    assert table1.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    texts = [c.text for c in table1.rows[-1].cells]
    assert "5,935.22" in texts
    # merged cells (header spans, 合计 labels) keep every row on the table's grid
    for t in d.tables:
        assert all(len(row.cells) == len(t.columns) for row in t.rows)
    # wide tables on landscape pages
    orientations = [s.orientation for s in d.sections]
    assert any(o == 1 for o in orientations) and orientations[-1] == 0


# ---------------------------------------------------------------- PDF
pytestmark_pdf = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (scripts/debian-packages.txt) not installed",
)


@pytest.fixture(scope="module")
def sample_pdf(sample: Budget, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "d.pdf"
    write_pdf(sample, path)
    return path


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@pytestmark_pdf
def test_pdf_text_has_every_table_number_and_part(sample_pdf: Path) -> None:
    pages = _pages(sample_pdf)
    text = "\n".join(pages)
    numbers = [n for page in pages for n in re.findall(r"^(表\d+)\s*$", page, re.M)]
    assert numbers == TABLE_NUMBERS
    for title in PART_TITLES:
        assert title in text
    assert "占 2.36%" in text
    assert len(re.findall(r"^\s*项目支出绩效目标表\s*$", text, re.M)) == 8


@pytestmark_pdf
def test_pdf_fonts_are_embedded(sample_pdf: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "no fonts"
    for line in listing:
        name, emb = line.split()[0], line.split()[-5]
        assert emb == "yes", f"{name} not embedded"
    assert any("CJK" in line for line in listing)


@pytestmark_pdf
def test_pdf_tables_repeat_their_header_when_they_run_over(sample_pdf: Path) -> None:
    """A table that continues on the next page starts that page with its header again."""
    pages = _pages(sample_pdf)
    table7 = next(i for i, p in enumerate(pages) if re.search(r"^表7\s*$", p, re.M))
    following = pages[table7 + 1]
    # 表7 runs over to the next page (its total row is there, 表8 is not) …
    assert "4,128.34" in following and "1,802.05" in following and "表8" not in following
    head = following.strip().splitlines()[:4]
    assert any("科目编码" in line for line in head)  # … which starts with its header
    assert any("项目名称" in line for line in head)


# ---------------------------------------------------------------- CLI
def test_build_all_four_formats(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(SAMPLE), "-o", str(out), "--format", "html,xlsx,pdf,docx"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "disclosure.docx",
        "disclosure.html",
        "disclosure.pdf",
        "disclosure.xlsx",
    ]


def test_build_with_prior_file(tmp_path: Path) -> None:
    """--prior: 上年预算数 from last year's budget file, not the typed prior_year."""
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "build",
            str(DATA / "small-2024.yaml"),
            "--prior",
            str(DATA / "small-2023.yaml"),
            "-o",
            str(out),
            "--format",
            "html",
        ],
    )
    assert result.exit_code == 0, result.output
    html = (out / "disclosure.html").read_text("utf-8")
    # typed prior_year says 持平 everywhere; last year's file says otherwise
    assert "基本支出 63.00 万元，占 75.90%，比上年预算增加 9.00 万元，增长 16.67%" in html
    assert "项目支出 20.00 万元，占 24.10%，比上年预算增加 20.00 万元，增长 100.00%" in html
    assert "公务用车运行费比上年预算减少 1.00 万元，下降 25.00%" in html
    assert "在职 9 人，增加 1 人" in html


def test_build_with_prior_of_wrong_year(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "build",
            str(DATA / "small-2024.yaml"),
            "--prior",
            str(DATA / "minimal-2024.yaml"),
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 2
    assert "上年预算文件应为 2023 年的预算，而它是 2024 年的" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_build_pdf_without_the_chinese_font_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.render.pdf as pdf

    monkeypatch.setattr(pdf, "PDF_FONT", "不存在的字体 SC")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--format", "html,pdf"])
    assert result.exit_code != 0
    assert "fonts-noto-cjk" in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())  # nothing half-written


def test_every_format_carries_the_same_prose(sample: Budget, tmp_path: Path) -> None:
    """Each paragraph of the prose appears, whole, in the HTML, the XLSX and the DOCX."""
    from html import escape

    from yusuan.render.document import document

    doc = document(sample)
    paragraphs = [b.text for b in doc.blocks if b.kind in ("p", "h1", "h2", "signature")]
    html = document_html(doc)
    assert [p for p in paragraphs if escape(p, quote=False) not in html] == []
    write_document_xlsx(sample, tmp_path / "d.xlsx")
    wb = load_workbook(tmp_path / "d.xlsx")
    cells = {
        str(c.value)
        for ws in wb.worksheets
        if not ws.title.startswith(("表", "绩效目标表"))
        for row in ws.iter_rows()
        for c in row
    }
    assert [p for p in paragraphs if p not in cells] == []
    write_docx(sample, tmp_path / "d.docx")
    docx_paragraphs = {p.text for p in docx.Document(str(tmp_path / "d.docx")).paragraphs}
    assert [p for p in paragraphs if p not in docx_paragraphs] == []
