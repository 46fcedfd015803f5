"""Wrapped table cells in the text pdftotext extracts from yusuan's own PDFs.

``pdftotext -layout`` prints a wrapped cell centred on its row: half of a 表7 project name
above the row's line, half below, and the same for a 绩效目标表's levels, indicators and
scoring rules.  ``pdftotext -raw`` prints a row's cells in reading order, a wrapped level or
indicator on lines of its own before the row's line.  Read as if the lines above a row were
the row above's, project names ran into each other (yusuan's sample: 67 false audit findings,
PRJ-002/003, PRF-006/007, PRS-038) and target tables lost levels and rows (8 false
PRF-001/PRF-011).  The sample and a generated budget of 40 projects, most of whose names
wrap, and 26 target tables are rendered to PDF, extracted by the real pdftotext and parsed:
what the text gives is what the PDF gives.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from factory import complete_budget
from yusuan.audit import audit
from yusuan.model import load_budget
from yusuan.model.disclosure import Disclosure
from yusuan.parse import ParseResult, parse_file, parse_text

SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"
MODES = ("-layout", "-raw")

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (scripts/debian-packages.txt) not installed",
)


class Read:
    """A PDF read itself, and its texts from pdftotext (by option) read."""

    def __init__(self, pdf: Path) -> None:
        self.pdf = parse_file(pdf)
        self.text: dict[str, str] = {}
        self.texts: dict[str, ParseResult] = {}
        for mode in MODES:
            self.text[mode] = subprocess.run(
                ["pdftotext", mode, str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            self.texts[mode] = parse_text(self.text[mode], f"{pdf.stem}{mode}.txt")


@pytest.fixture(scope="module", params=["sample", "gen25"])
def read(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Read:
    pytest.importorskip("weasyprint")
    from yusuan.render.pdf import write_pdf

    name: str = request.param
    budget = load_budget(SAMPLE) if name == "sample" else complete_budget(25)
    path = tmp_path_factory.mktemp("pdf") / f"{name}.pdf"
    write_pdf(budget, path)
    return Read(path)


def _projects(d: Disclosure) -> list[tuple[str, Decimal | None]]:
    return [(r.key, r.values["total"]) for r in d.tables["general_budget_projects"].rows]


def _cells(d: Disclosure, key: str) -> list[tuple[str, dict[str, Decimal | None]]]:
    return [(r.key, dict(r.values)) for r in d.tables[key].rows]


#: what a target table's indicator states
FIELDS = ("level1", "level2", "name", "target", "basis", "prior_value", "weight", "scoring_rule")


def _targets(d: Disclosure) -> list[tuple[object, ...]]:
    return [
        (
            t.project,
            t.total,
            t.fiscal,
            t.other,
            [tuple(getattr(i, f) for f in FIELDS) for i in t.indicators],
        )
        for t in d.performance
    ]


def _findings(d: Disclosure) -> set[tuple[str, str]]:
    return {(f.rule, f.message) for f in audit(d).findings if f.severity.value != "info"}


@pytest.mark.parametrize("mode", MODES)
def test_wrapped_project_names_read_as_from_the_pdf(read: Read, mode: str) -> None:
    projects = _projects(read.pdf.disclosure)
    if mode == "-layout":
        # the test's point: many names are printed over two or three lines, none whole
        lines = [ln.strip() for ln in read.text[mode].splitlines()]
        table = "\n".join(lines[lines.index("一般公共预算项目支出情况表") : lines.index("表8")])
        wrapped = [k for k, _ in projects if k.startswith("project:") and k[8:] not in table]
        assert len(wrapped) >= 10
    assert _projects(read.texts[mode].disclosure) == projects
    # every other table as the PDF's (表7's economic columns: from text alone, not all settled)
    for key in read.pdf.disclosure.tables.keys() - {"general_budget_projects"}:
        assert _cells(read.texts[mode].disclosure, key) == _cells(read.pdf.disclosure, key), key


@pytest.mark.parametrize("mode", MODES)
def test_target_tables_read_as_from_the_pdf(read: Read, mode: str) -> None:
    want = _targets(read.pdf.disclosure)
    assert want and all(indicators for *_, indicators in want)
    assert _targets(read.texts[mode].disclosure) == want


@pytest.mark.parametrize("mode", MODES)
def test_audit_of_the_text_finds_nothing_the_pdfs_does_not(read: Read, mode: str) -> None:
    assert _findings(read.texts[mode].disclosure) <= _findings(read.pdf.disclosure)


# 表7 in a text that pads its columns with spaces, its wrapped names printed two ways
HEAD = """表7
                一般公共预算项目支出情况表
编制部门：中共阿图什市委员会办公室                              单位：万元
  科目编码                                     项目支出合计 工资福利支出 商品和服务支出
             科目名称       项目名称
类     款    项
201             一般公共服务支出                  30.00     10.00     20.00
"""
TOTAL = "                   合 计                        30.00     10.00     20.00\n"
CENTRED = (
    HEAD
    + """                党委办公厅（室）及
201   31                                       30.00     10.00     20.00
                相关机构事务
                            电子政务内网系统运
201   31   01   行政运行                          10.00     10.00
                            行维护
                            各单位电子政务内网网
201   31   01   行政运行                          20.00               20.00
                            络设备换装
"""
    + TOTAL
)
FROM_THE_ROW = (
    HEAD
    + """201   31        党委办公厅（室）及              30.00     10.00     20.00
                相关机构事务
201   31   01   行政运行    电子政务内网系统运        10.00     10.00
                            行维护
201   31   01   行政运行    各单位电子政务内网网      20.00               20.00
                            络设备换装
"""
    + TOTAL
)


@pytest.mark.parametrize("text", [CENTRED, FROM_THE_ROW], ids=["centred", "from-the-row"])
def test_a_wrapped_name_joins_its_own_row_however_printed(text: str) -> None:
    """Centred on the row (pdftotext -layout), the first half above the row's line belongs
    to the row below it; printed from the row's line down (top-aligned cells), the line
    after a row is still its own."""
    result = parse_text(text, "表7.txt")
    rows = result.disclosure.tables["general_budget_projects"].rows
    assert [(r.key, r.values["total"]) for r in rows] == [
        ("201", Decimal("30.00")),
        ("20131", Decimal("30.00")),
        ("project:电子政务内网系统运行维护", Decimal("10.00")),
        ("project:各单位电子政务内网网络设备换装", Decimal("20.00")),
        ("total", Decimal("30.00")),
    ]
    assert rows[2].texts["name"] == "行政运行"
