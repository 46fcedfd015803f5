"""PDF tables whose cells wrap: pieces printed above and below a row put back into their cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.audit import audit
from yusuan.compile import disclose
from yusuan.compile.narrative import narrative_claims
from yusuan.model import load_budget
from yusuan.model.disclosure import Disclosure
from yusuan.parse import parse_file
from yusuan.parse.pdf import _Cell, _join_cells, _joined, _Line

SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"


def _line(key: float, *cells: tuple[float, float, str]) -> _Line:
    return _Line(key, 9.0, [_Cell(a, b, text) for a, b, text in cells])


# A grid of four columns (x 0–50–100–120–180: level, name, weight, scoring rule) and two rows
# (keys 90–130–170) under a header row (50–90); the level's cell spans both rows (no rule
# across it at 130).
RULES = (
    [(50.0, 0.0, 180.0), (90.0, 0.0, 180.0), (130.0, 50.0, 180.0), (170.0, 0.0, 180.0)],
    [(x, 50.0, 170.0) for x in (0.0, 50.0, 100.0, 120.0, 180.0)],
)


def test_pieces_above_and_below_a_row_join_their_cells_on_the_row_line() -> None:
    lines = [
        _line(100, (125, 175, "按照正常比例赋")),
        _line(110, (55, 95, "保障用车数量"), (105, 115, "7")),
        _line(120, (125, 135, "分")),
        _line(150, (5, 45, "质量指标"), (55, 95, "经费下拨率"), (105, 115, "6")),
    ]
    out = _join_cells(lines, RULES)
    assert [ln.text for ln in out] == [
        "保障用车数量 7 按照正常比例赋分",
        "质量指标 经费下拨率 6",
    ]


def test_a_label_spanning_rows_joins_and_prints_where_a_one_line_label_would() -> None:
    lines = [
        _line(105, (5, 45, "经济成本指")),
        _line(110, (55, 95, "公务用车成本"), (105, 115, "7")),
        _line(150, (55, 95, "会议支出成本"), (105, 115, "7")),
        _line(155, (5, 45, "标")),
    ]
    out = _join_cells(lines, RULES)
    # the label's box is centred at 130: both rows as near; the first (top) one is kept
    assert [ln.text for ln in out] == ["经济成本指标 公务用车成本 7", "会议支出成本 7"]


def test_text_outside_drawn_cells_is_left_alone() -> None:
    lines = [
        _line(20, (0, 400, "表8")),
        _line(30, (0, 400, "政府性基金预算支出情况表")),
        _line(110, (55, 95, "保障用车数量"), (105, 115, "7")),
    ]
    assert _join_cells(lines, RULES) == lines


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("weasyprint")
    from yusuan.render.pdf import write_pdf

    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    write_pdf(load_budget(SAMPLE), path)
    return path


def test_own_pdf_performance_tables_read_back_as_compiled(sample_pdf: Path) -> None:
    """yusuan's own PDF: every indicator of the 8 target tables as compiled (the wrapped cells
    used to split rows and shift levels: false PRF-001/PRF-011 errors; a wrap after a figure
    lost its space: 2023 年 12月)."""
    budget = load_budget(SAMPLE)
    parsed = parse_file(sample_pdf, exact=True).disclosure
    compiled = disclose(budget, narrative_claims(budget))
    assert len(parsed.performance) == len(compiled.performance) == 8
    for got, want in zip(parsed.performance, compiled.performance, strict=True):
        assert (got.total, got.fiscal, got.other) == (want.total, want.fiscal, want.other)
        # every field as compiled (names and targets whole too), less the line it was read from
        read = [i.model_copy(update={"line": None}) for i in got.indicators]
        assert read == list(want.indicators), got.project
    found = audit(parsed).findings
    assert not [f.message for f in found if f.severity.value == "error"]
    assert {f.rule for f in found if f.severity.value == "warning"} <= {"PRF-007"}  # titles


def test_a_wrap_after_a_figure_keeps_the_cells_own_spacing() -> None:
    assert _joined(["=2023 年 12", "月"]) == "=2023 年 12 月"  # the cell spaces figures
    assert _joined(["2023年12", "月"]) == "2023年12月"  # the cell does not
    assert _joined(["保障公务", "用车数量"]) == "保障公务用车数量"  # no figure at the wrap
    assert _joined(["定制 85寸的液晶电视", "机数量"]) == "定制 85寸的液晶电视机数量"  # mixed: as is


def test_own_pdf_of_a_wide_revenue_table_fills_its_blank_cells(tmp_path: Path) -> None:
    """表2's header (twelve source columns, labels wrapped over nine lines, one of them
    "单位资金") used to be cut at that label, taken for the 单位：万元 line: its blank cells
    went unfilled and the placement search gave up (a guessed table, ~1.7 s)."""
    pytest.importorskip("weasyprint")
    from factory import complete_budget
    from yusuan.render.pdf import write_pdf

    budget = complete_budget(36)
    path = tmp_path / "gen36.pdf"
    write_pdf(budget, path)
    parsed = parse_file(path).disclosure
    assert parsed.guessed_tables == {}
    compiled = disclose(budget, narrative_claims(budget))

    def amounts(key: str, d: Disclosure) -> dict[str | None, dict[str, Decimal]]:
        """Each coded row's nonzero amounts."""
        rows = d.tables[key].rows
        return {r.code: {c: v for c, v in r.values.items() if v} for r in rows if r.code}

    assert amounts("revenue", parsed) == amounts("revenue", compiled)
