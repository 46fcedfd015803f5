"""A disclosure uploaded as several files keeps each original: Jiangsu 2019's two PDFs.

The upload is read as one document (lines and pages numbered on); each file is stored as
uploaded and comes back byte for byte; the page lists them and says which file a line of the
parse report or a finding is in; a second file that cannot be read stores nothing at all.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from web_support import auth

from yusuan.parse.combine import file_text
from yusuan.parse.text import numbered_lines
from yusuan.store.models import DocumentRow, FileRow, FindingRow, ParseReportRow, VersionRow

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
STEM = "jiangsu_provincial-npc-standing-committee_2019_dept-budget"
NARRATIVE = CORPUS / f"{STEM}_narrative.pdf"
TABLES = CORPUS / f"{STEM}_tables.pdf"

needs_corpus = pytest.mark.skipif(
    not (NARRATIVE.exists() and TABLES.exists()),
    reason="the shared corpus is not on this machine",
)


def _post(client: TestClient, *files: tuple[str, bytes]) -> Any:
    parts = [("file", (name, content)) for name, content in files]
    return client.post("/api/budgets", files=parts, headers=auth())


def _rows(client: TestClient) -> dict[str, int]:
    """How many rows each table holds that an upload writes (the sample is stored at start)."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        return {
            m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
            for m in (DocumentRow, FileRow, VersionRow, ParseReportRow, FindingRow)
        }


@needs_corpus
def test_the_two_jiangsu_pdfs_come_back_byte_for_byte(client: TestClient) -> None:
    narrative, tables = NARRATIVE.read_bytes(), TABLES.read_bytes()
    r = _post(client, (NARRATIVE.name, narrative), (TABLES.name, tables))
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["department"], body["year"]) == ("江苏省人大常委会办公厅", 2019)
    budget_id = body["budget_id"]
    latest = client.get(f"/api/budgets/{budget_id}").json()["latest"]
    assert latest["kind"] == "combined"
    files = latest["files"]
    assert [(f["position"], f["filename"], f["media_type"]) for f in files] == [
        (1, NARRATIVE.name, "application/pdf"),
        (2, TABLES.name, "application/pdf"),
    ]

    # the page lists both files, each linked to its download, in the order uploaded
    page = client.get(f"/budgets/{budget_id}").text
    listed = re.search(r'<table class="list" id="originals">(.*?)</table>', page, re.S)
    assert listed is not None
    links = re.findall(r'<a class="original-file" href="([^"]+)">([^<]+)</a>', listed.group(1))
    assert [name for _, name in links] == [NARRATIVE.name, TABLES.name]
    for (href, name), original in zip(links, (narrative, tables), strict=True):
        got = client.get(html.unescape(href))
        assert got.status_code == 200
        assert got.content == original  # byte-identical
        assert got.headers["content-type"] == "application/pdf"
        assert name in got.headers["content-disposition"].replace("%2D", "-")
    # which one is meant must be said; there is no third
    both = client.get(f"/budgets/{budget_id}/download/original")
    assert both.status_code == 404
    assert "2 个文件合并上传" in both.text and TABLES.name in both.text
    assert client.get(f"/budgets/{budget_id}/download/original?file=3").status_code == 404
    assert "逐个下载原始文件" in client.get(f"/budgets/{budget_id}/download/pdf").text

    # the same two files again: recognised, nothing new stored
    before = _rows(client)
    again = _post(client, ("说明.pdf", narrative), ("表格.pdf", tables))
    assert again.status_code == 200 and again.json()["duplicate"]
    assert _rows(client) == before


@needs_corpus
def test_lines_of_a_combined_document_tell_their_file(client: TestClient) -> None:
    """The parse report and the findings number lines through both files; the page names the
    file each is in and its line there, and that line of the file alone is the one meant."""
    r = _post(client, (NARRATIVE.name, NARRATIVE.read_bytes()), (TABLES.name, TABLES.read_bytes()))
    assert r.status_code == 201, r.text
    budget_id = r.json()["budget_id"]
    version = client.get(f"/api/budgets/{budget_id}/versions/1").json()
    files = version["version"]["files"]
    own = {  # each file's lines, read alone
        f["filename"]: numbered_lines(file_text(path.read_bytes(), path.name))
        for f, path in zip(files, (NARRATIVE, TABLES), strict=True)
    }
    assert [f["first_line"] for f in files] == [1, len(own[NARRATIVE.name]) + 1]
    assert files[1]["last_line"] == version["parse_report"]["lines"]

    def where(line: int) -> tuple[str, int]:
        f = next(f for f in files if f["first_line"] <= line <= f["last_line"])
        return f["filename"], line - f["first_line"] + 1

    page = client.get(f"/budgets/{budget_id}").text
    shown = re.search(r'<section id="parse-report">(.*?)</section>', page, re.S)
    assert shown is not None
    tables = [t for t in version["parse_report"]["tables"] if t["line"]]
    assert len(tables) >= 10
    for table in tables:
        name, line = where(table["line"])
        assert name == TABLES.name  # 表格 are in the second file
        assert f"（{name} 第 {line} 行）" in shown.group(1)
        assert table["title"][:4] in re.sub(r"\s", "", own[name][line - 1])
    cited = [f for f in version["audit"]["findings"] if f["location"]["line"]]
    assert cited
    for finding in cited:
        name, line = where(finding["location"]["line"])
        assert f"第 {finding['location']['line']} 行（{name} 第 {line} 行）" in page

    # the line-by-line source: both files one after the other, each start marked
    source = client.get(f"/budgets/{budget_id}/source").text
    starts = re.findall(
        r'<li id="L(\d+)"[^>]*><a class="ln" href="#L\d+">\d+</a>'
        r'<span class="file-start" data-file="(\d)">文件 \d：([^<]+)</span>',
        source,
    )
    assert [(int(n), int(k), name) for n, k, name in starts] == [
        (f["first_line"], f["position"], f["filename"]) for f in files
    ]
    for table in tables:
        item = re.search(rf'<li id="L{table["line"]}" [^>]*>(.*?)</li>', source, re.S)
        assert item and table["title"][:4] in re.sub(r"\s", "", item.group(1))
    marks = re.findall(
        r'class="page-mark"><a class="ln" href="#L\d+">\d+</a>.*?第 (\d+) 页', source
    )
    assert [int(p) for p in marks] == list(range(1, files[1]["last_page"] + 1))


def _zip_bomb() -> bytes:
    """A workbook-looking ZIP that unpacks to 50 MB from a few kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    return buffer.getvalue()


@needs_corpus
@pytest.mark.parametrize(
    ("second", "status", "words"),
    [
        (b"%PDF-1.7\n%%garbage that is not a pdf\n", 422, "不是有效的 PDF"),
        (b"", 422, "第二份.pdf：文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", 415, "第二份.pdf：不支持的文件类型"),
        (None, 415, "第二份.pdf：合并为一份的文件须是 PDF 或 PDF 文本"),
    ],
    ids=["broken-pdf", "empty", "png", "zip-bomb"],
)
def test_a_failing_second_file_stores_nothing(
    client: TestClient, second: bytes | None, status: int, words: str
) -> None:
    before = _rows(client)
    content = _zip_bomb() if second is None else second
    r = _post(client, (NARRATIVE.name, NARRATIVE.read_bytes()), ("第二份.pdf", content))
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert words in detail and "\n" not in detail and "Traceback" not in detail
    assert _rows(client) == before  # no document, file, version, report or finding
    assert client.get("/api/budgets").json()["count"] == 1


@needs_corpus
def test_a_second_file_over_the_limit_stores_nothing(make_client: Any) -> None:
    narrative = NARRATIVE.read_bytes()
    client = make_client(max_upload_bytes=len(narrative) + 1000)
    before = _rows(client)
    big = b"%PDF-1.7\n" + b"0" * (len(narrative) + 2000)
    r = _post(client, (NARRATIVE.name, narrative), ("第二份.pdf", big))
    assert r.status_code == 413 and "不能超过" in r.json()["detail"]
    assert _rows(client) == before


@pytest.mark.skipif(
    not CORPUS.exists() or shutil.which("pdftotext") is None,
    reason="the shared corpus or poppler-utils is not on this machine",
)
def test_text_with_form_feeds_is_shown_with_the_parsers_line_numbers(client: TestClient) -> None:
    """pdftotext prints a form feed at each page's start; it begins no line for the parser,
    nor on the line-by-line page (where it had shifted every later line down by one a page)."""
    pdf = CORPUS / "shanghai-putuo_gov-office_2025_dept-budget.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    assert text.count(b"\f") > 10
    r = client.post("/api/budgets", files={"file": ("layout.txt", text)}, headers=auth())
    assert r.status_code == 201, r.text
    budget_id = r.json()["budget_id"]
    report = client.get(f"/api/budgets/{budget_id}/versions/1").json()["parse_report"]
    source = client.get(f"/budgets/{budget_id}/source").text
    tables = [t for t in report["tables"] if t["line"]]
    assert tables and max(t["page"] or 0 for t in tables) > 3
    for table in tables:
        item = re.search(rf'<li id="L{table["line"]}" [^>]*>(.*?)</li>', source, re.S)
        assert item and table["title"][:4] in re.sub(r"\s", "", item.group(1))
    assert source.count('<li id="L') == report["lines"]
