"""Several files published as one disclosure (说明 and 表格 apart), read as one document."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from pdf_noise import html_text, noisy_text
from typer.testing import CliRunner

from yusuan.audit import audit
from yusuan.cli import app
from yusuan.model import load_budget
from yusuan.parse import ParseError, parse_text
from yusuan.parse.combine import parse_files
from yusuan.render.writers import write_outputs

SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
JIANGSU = "jiangsu_provincial-npc-standing-committee_2019_dept-budget"
runner = CliRunner()


def _published_text() -> str:
    """The sample's whole published document (all four parts) as noisy PDF text."""
    with tempfile.TemporaryDirectory() as tmp:
        (page,) = write_outputs(load_budget(SAMPLE), Path(tmp), ["html"])
        return noisy_text(html_text(page.read_text("utf-8")), seed=3)


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """The whole text, and the tables (parts 1–2) and the explanation (parts 3–4) as files."""
    text = _published_text()
    lines = text.splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if line.startswith("第三部分"))
    folder = tmp_path_factory.mktemp("split")
    tables, narrative = folder / "公开表.txt", folder / "情况说明.txt"
    tables.write_text("".join(lines[:cut]), "utf-8")
    narrative.write_text("".join(lines[cut:]), "utf-8")
    return text, tables, narrative


def test_two_halves_read_together_are_the_whole_document(halves: tuple[str, Path, Path]) -> None:
    text, tables, narrative = halves
    whole = parse_text(text, "whole.txt").disclosure
    combined = parse_files([tables, narrative])
    d = combined.disclosure
    assert d.source == "公开表.txt + 情况说明.txt"
    # the second file's lines are numbered on from the first's: every location, claim, table
    # and rebuilt amount is what the document read whole gives
    assert d == whole.model_copy(update={"source": d.source})
    legend = combined.report.warnings[0]
    n = len(tables.read_text("utf-8").splitlines())
    assert legend.startswith("合并读取 2 个文件")
    assert f"公开表.txt 为第 1–{n} 行" in legend and f"情况说明.txt 为第 {n + 1}–" in legend
    assert combined.report.parts_missing == []
    found = [(f.rule, f.message, f.location) for f in audit(d).findings]
    assert found == [(f.rule, f.message, f.location) for f in audit(whole).findings]


def test_each_half_alone_is_incomplete_and_the_pair_is_complete(
    halves: tuple[str, Path, Path],
) -> None:
    _, tables, narrative = halves
    alone = [audit(parse_files([p]).disclosure) for p in (tables, narrative)]
    failed = [{f.rule for f in report.findings if f.severity.value == "error"} for report in alone]
    assert "CMP-020" in failed[0]  # the tables alone: no 情况说明
    assert "CMP-001" in failed[1]  # the explanation alone: no 表1
    together = audit(parse_files([tables, narrative]).disclosure)
    assert not [f.message for f in together.findings if f.rule.startswith("CMP-")]


def test_a_workbook_cannot_be_combined_and_the_error_names_it(
    halves: tuple[str, Path, Path], tmp_path: Path
) -> None:
    _, tables, _ = halves
    (book,) = write_outputs(load_budget(SAMPLE), tmp_path, ["xlsx"])
    with pytest.raises(ParseError) as caught:
        parse_files([tables, book])
    assert str(caught.value) == "disclosure.xlsx：XLSX 工作簿不能与其他文件合并读取，请单独解析"
    result = runner.invoke(app, ["parse", str(tables), str(book)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：{book}：XLSX 工作簿不能与其他文件合并读取，请单独解析"


def test_cli_audits_the_files_as_one_document(halves: tuple[str, Path, Path]) -> None:
    _, tables, narrative = halves
    result = runner.invoke(app, ["audit", str(tables), str(narrative), "--format", "json"])
    expected = audit(parse_files([tables, narrative], exact=True).disclosure)
    assert result.exit_code == (1 if expected.has_errors else 0), result.output
    shown = json.loads(result.stdout)
    assert shown["document"] == "公开表.txt + 情况说明.txt"
    assert [f["rule"] for f in shown["findings"]] == [f.rule for f in expected.findings]
    assert not [f for f in shown["findings"] if f["rule"].startswith("CMP-")]
    alone = runner.invoke(app, ["audit", str(narrative)])
    assert alone.exit_code == 1  # errors: the tables are missing
    budget = runner.invoke(app, ["audit", str(SAMPLE), str(narrative)])
    assert budget.exit_code == 2
    assert budget.stderr.strip() == f"错误：{SAMPLE}：预算文件须单独审核，不能与其他文件合并"


@pytest.mark.skipif(not (CORPUS / f"{JIANGSU}_tables.pdf").exists(), reason="no shared corpus")
def test_jiangsu_narrative_and_tables_pdfs_read_as_one() -> None:
    narrative = CORPUS / f"{JIANGSU}_narrative.pdf"
    tables = CORPUS / f"{JIANGSU}_tables.pdf"
    apart = [parse_files([p], exact=True) for p in (narrative, tables)]
    for result in apart:
        assert audit(result.disclosure).has_errors  # each half: required parts missing
    combined = parse_files([narrative, tables], exact=True)
    assert not audit(combined.disclosure).has_errors
    assert combined.report.kind == "pdf"
    assert combined.report.pages == apart[0].report.pages + apart[1].report.pages
    # the tables keep their place, lines and pages numbered on after the narrative's
    lines, pages = apart[0].report.lines, apart[0].report.pages
    before = {t.key: t for t in apart[1].report.tables if t.line}
    after = {t.key: t for t in combined.report.tables if t.line}
    assert before.keys() == after.keys() and len(after) == 12
    for key, t in after.items():
        was = before[key]
        assert t.line is not None and was.line is not None and was.page is not None
        assert (t.line, t.page) == (was.line + lines, was.page + pages)
        rows, rows_before = (
            combined.disclosure.tables[key].rows,
            apart[1].disclosure.tables[key].rows,
        )
        assert [(r.label, r.values) for r in rows] == [(r.label, r.values) for r in rows_before]
        assert [r.line for r in rows] == [r.line + lines if r.line else None for r in rows_before]
