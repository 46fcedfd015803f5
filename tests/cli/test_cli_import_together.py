"""``yusuan import --together``: a disclosure published as several files stored as one document.

Jiangsu 2019 published its 情况说明 and its tables as two PDFs.  Imported file by file they
become two half-complete versions of one budget; imported together they are one document,
stored as a web upload of the two files is (kind ``combined``, each original kept byte for
byte, the lines and pages each file holds), on SQLite and on a real PostgreSQL server.  A
file among them that cannot be read stores nothing and is named in one line (exit code 2).
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app
from yusuan.parse import MAX_BYTES
from yusuan.parse.combine import file_text
from yusuan.parse.text import numbered_lines
from yusuan.store import make_engine
from yusuan.store.models import (
    BudgetRow,
    DepartmentRow,
    DocumentRow,
    FileRow,
    FindingRow,
    ParseReportRow,
    VersionRow,
)
from yusuan.store.queries import findings, list_budgets, originals, parse_report, versions

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
STEM = "jiangsu_provincial-npc-standing-committee_2019_dept-budget"
NARRATIVE = CORPUS / f"{STEM}_narrative.pdf"
TABLES = CORPUS / f"{STEM}_tables.pdf"
SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"
DEPARTMENT = "江苏省人大常委会办公厅"

needs_corpus = pytest.mark.skipif(
    not (NARRATIVE.exists() and TABLES.exists()),
    reason="the shared corpus is not on this machine",
)


def _pg() -> ModuleType:
    path = Path(__file__).parents[1] / "store" / "pg_server.py"
    spec = importlib.util.spec_from_file_location("yusuan_tests_cli_pg_server", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    with _pg().postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store's URL (the command migrates it): a SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    with _pg().fresh_database(request.getfixturevalue("pg_server")) as url:
        yield url


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from yusuan.cli import main; main()", *map(str, args)]
    env = {**os.environ, "PYTHONPATH": str(Path(yusuan.__file__).parents[1])}  # this checkout
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _rows(url: str) -> dict[str, int]:
    """How many rows each table an import writes holds."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            tables = (DepartmentRow, BudgetRow, DocumentRow, FileRow, VersionRow)
            return {
                m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
                for m in (*tables, ParseReportRow, FindingRow)
            }
    finally:
        engine.dispose()


@needs_corpus
def test_jiangsus_two_pdfs_imported_together_are_one_document(db_url: str, tmp_path: Path) -> None:
    run = _cli("import", "--together", NARRATIVE, TABLES, "--db", db_url, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    [line] = run.stdout.splitlines()
    assert line.startswith(f"{NARRATIVE} + {TABLES}：{DEPARTMENT} 2019 年 第 1 版（错误 0，")
    assert run.stderr.startswith("2 个文件合并为一份：新版本 1；")

    engine = make_engine(db_url)
    try:
        [budget] = list_budgets(engine)
        assert (budget.department, budget.year, budget.versions) == (DEPARTMENT, 2019, 1)
        [stored] = versions(engine, budget.budget_id)
        assert stored.kind == "combined" and stored.audited
        assert stored.filename == f"{NARRATIVE.name} + {TABLES.name}"
        # the audit of the whole document: no error (each half alone has some)
        assert stored.errors == 0
        assert not [f for f in findings(engine, stored.version_id) if f.severity == "error"]
        # each original comes back byte for byte, in the order given
        kept = originals(engine, stored.document_id)
        assert [(d.filename, d.media_type) for d in kept] == [
            (NARRATIVE.name, "application/pdf"),
            (TABLES.name, "application/pdf"),
        ]
        assert [d.content for d in kept] == [NARRATIVE.read_bytes(), TABLES.read_bytes()]
        # which lines and pages of the document read as one each file holds
        first, second = stored.files
        own = {  # each file's lines, read alone
            path.name: numbered_lines(file_text(path.read_bytes(), path.name))
            for path in (NARRATIVE, TABLES)
        }
        report = parse_report(engine, stored.version_id)
        assert report is not None
        assert (first.first_line, first.last_line) == (1, len(own[NARRATIVE.name]))
        assert (second.first_line, second.last_line) == (first.last_line + 1, report["lines"])
        assert first.first_page == 1 and second.first_page == (first.last_page or 0) + 1
        assert second.last_page == report["pages"]
        placed = [t for t in report["tables"] if t["line"]]
        assert len(placed) >= 10
        for table in placed:  # the tables are in the second file, at the line its own text has
            assert second.holds(table["line"]) and not first.holds(table["line"])
            printed = own[TABLES.name][table["line"] - second.first_line]
            assert table["title"][:4] in re.sub(r"\s", "", printed)
    finally:
        engine.dispose()

    # the same files again, under other names: recognised, nothing written
    before = _rows(db_url)
    named = [tmp_path / "说明.pdf", tmp_path / "表格.pdf"]
    for source, target in zip((NARRATIVE, TABLES), named, strict=True):
        shutil.copyfile(source, target)
    again = _cli("import", "--together", *named, "--db", db_url, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [f"{named[0]} + {named[1]}：与已存的第 1 版相同，未写入"]
    assert _rows(db_url) == before

    # a broken second file: one line naming it, exit code 2, not a row written
    broken = tmp_path / "表格（损坏）.pdf"
    broken.write_bytes(b"%PDF-1.7\n%%garbage that is not a pdf\n")
    bad = _cli("import", "--together", NARRATIVE, broken, "--db", db_url, cwd=tmp_path)
    assert bad.returncode == 2
    [error] = bad.stderr.splitlines()
    assert error.startswith(f"错误：{broken}：不是有效的 PDF")
    assert bad.stdout == ""
    assert _rows(db_url) == before


@needs_corpus
def test_imported_apart_the_halves_are_pointed_out_and_together_make_the_latest_version(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    apart = _cli("import", NARRATIVE, TABLES, "--db", url, "-j", "2", cwd=tmp_path)
    assert apart.returncode == 0, apart.stderr
    assert [line.split("：")[0] for line in apart.stdout.splitlines()] == [
        str(NARRATIVE),
        str(TABLES),
    ]
    engine = make_engine(url)
    try:
        [budget] = list_budgets(engine)
        halves = versions(engine, budget.budget_id)
        assert [v.number for v in halves] == [1, 2]
        assert all(v.errors > 0 for v in halves)  # each half misses the other
        hints = [line for line in apart.stderr.splitlines() if line.startswith("提示：")]
        assert hints == [
            f"提示：{NARRATIVE}、{TABLES} 存为 {DEPARTMENT} 2019 年的 2 个版本；若它们是分开"
            "发布的同一份公开文件（如说明与表格），请按顺序用 yusuan import --together "
            "合并为一份入库"
        ]

        together = _cli("import", "--together", NARRATIVE, TABLES, "--db", url, cwd=tmp_path)
        assert together.returncode == 0, together.stderr
        assert f"{DEPARTMENT} 2019 年 第 3 版（错误 0，" in together.stdout
        [budget] = list_budgets(engine)
        assert (budget.versions, budget.errors) == (3, 0)
        assert versions(engine, budget.budget_id)[-1].kind == "combined"

        # files that are not PDF (text) are never pointed out: they cannot be read together
        again = _cli("import", SAMPLE, NARRATIVE, "--db", url, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert "提示：" not in again.stderr
    finally:
        engine.dispose()


def _workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("second", "words"),
    [
        (b"%PDF-1.7\n%%garbage that is not a pdf\n", "：不是有效的 PDF"),
        (b"", "：文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "：不支持的文件类型"),
        (_workbook(), "：合并为一份的文件须是 PDF 或 PDF 文本（这是Excel（XLSX）），请不加"),
        (SAMPLE.read_bytes(), "：合并为一份的文件须是 PDF 或 PDF 文本（这是预算文件（YAML）"),
        ("huge", "：文件过大（64 MB，上限 64 MB）"),
        ("directory", "：是目录；--together 须按顺序逐个列出"),
        ("missing", "：路径不存在"),
        ("twice", "：与 {first} 是同一个文件，列出了两次"),
    ],
    ids=["broken-pdf", "empty", "png", "xlsx", "budget-yaml", "huge", "dir", "missing", "twice"],
)
def test_a_bad_file_among_those_together_is_named_and_nothing_is_stored(
    tmp_path: Path, second: bytes | str, words: str
) -> None:
    first = tmp_path / "说明.txt"
    first.write_text("某单位 2024 年部门预算公开说明\n一、部门职责\n", "utf-8")
    bad = tmp_path / "第二份.pdf"
    if isinstance(second, bytes):
        bad.write_bytes(second)
    elif second == "huge":
        with bad.open("wb") as handle:
            handle.truncate(MAX_BYTES + 1)  # sparse: no disk used, nothing read
    elif second == "directory":
        bad.mkdir()
    elif second == "twice":
        bad = first
    database = tmp_path / "db.sqlite"
    result = runner.invoke(
        app, ["import", "--together", str(first), str(bad), "--db", f"sqlite:///{database}"]
    )
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"错误：{bad}{words.format(first=first)}"), line
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not database.exists()  # refused before the store was even opened


def test_more_files_together_than_one_document_takes_is_refused(tmp_path: Path) -> None:
    parts = []
    for k in range(9):
        part = tmp_path / f"第{k + 1}部分.txt"
        part.write_text("部门预算\n", "utf-8")
        parts.append(str(part))
    result = runner.invoke(app, ["import", "--together", *parts, "--db", "sqlite:///:memory:"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["错误：--together 一次最多合并 8 个文件（给出了 9 个）"]


def test_files_read_together_that_name_no_year_store_nothing(tmp_path: Path) -> None:
    """A document the store refuses (its year not found): one line naming the files, and the
    store is left as it was."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert runner.invoke(app, ["import", str(SAMPLE), "--db", url]).exit_code == 0
    before = _rows(url)
    first, second = tmp_path / "表格.txt", tmp_path / "说明.txt"
    first.write_text(
        "部门收支总体情况表\n单位：万元\n收入 支出\n项目 预算数 项目 预算数\n"
        "一、一般公共预算拨款收入 100.00 一、一般公共服务支出 100.00\n"
        "收入总计 100.00 支出总计 100.00\n",
        "utf-8",
    )
    second.write_text("中共阿图什市委员会办公室部门预算情况说明\n一、部门职责\n", "utf-8")
    result = runner.invoke(app, ["import", "--together", str(first), str(second), "--db", url])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line == f"错误：{first} + {second}：未能识别预算年度，无法入库"
    assert _rows(url) == before
