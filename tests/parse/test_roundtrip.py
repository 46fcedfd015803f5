"""Round trip: budget → HTML/XLSX → text as PDF tools give it (with noise) → parse → tables."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from pdf_noise import html_text, noisy_text

from factory import make_budget
from yusuan.compile.disclose import disclose
from yusuan.model.budget import Budget
from yusuan.model.disclosure import StatedTable
from yusuan.model.load import load_budget
from yusuan.parse import parse_file, parse_text
from yusuan.render.html import render_tables_html
from yusuan.render.xlsx import write_xlsx

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"
SEEDS = list(range(1, 23))


def _values(t: StatedTable) -> list[tuple[str, dict[str, Decimal]]]:
    return [(r.key, {k: v or Decimal(0) for k, v in r.values.items()}) for r in t.rows]


def _budgets() -> list[tuple[str, Budget]]:
    return [("sample", load_budget(SAMPLE))] + [(f"gen{s}", make_budget(s)) for s in SEEDS]


BUDGETS = _budgets()


def _project_rows(t: StatedTable) -> dict[str, Decimal]:
    return {r.key: r.values["total"] or Decimal(0) for r in t.rows}


@pytest.mark.parametrize(("name", "budget"), BUDGETS, ids=[n for n, _ in BUDGETS])
def test_xlsx_round_trip_gives_every_table_back_exactly(
    name: str, budget: Budget, tmp_path: Path
) -> None:
    path = tmp_path / f"{name}.xlsx"
    write_xlsx(budget, path)
    parsed = parse_file(path).disclosure
    compiled = disclose(budget)
    assert parsed.tables.keys() == compiled.tables.keys()
    for key, table in compiled.tables.items():
        assert _values(parsed.tables[key]) == _values(table), key


@pytest.mark.parametrize(("name", "budget"), BUDGETS, ids=[n for n, _ in BUDGETS])
def test_noisy_text_round_trip(name: str, budget: Budget) -> None:
    html = render_tables_html(budget)
    text = noisy_text(html_text(html), seed=len(name) * 7 + len(budget.projects))
    result = parse_text(text, f"{name}.txt")
    parsed = result.disclosure
    compiled = disclose(budget)
    assert parsed.tables.keys() == compiled.tables.keys(), name
    for key, table in compiled.tables.items():
        got = parsed.tables[key]
        if key == "general_budget_projects":
            # text loses blank cells: per project its total, and the column totals
            assert _project_rows(got) == _project_rows(table), key
            printed = [v for v in _values(table)[-1][1].values() if v]
            assert [v for v in _values(got)[-1][1].values() if v] == printed
            continue
        # where the text leaves a real choice the report says so, naming the row
        flagged = {
            m.group(1)
            for w in result.report.warnings
            if w.startswith(f"表{table.number}（")
            and (m := re.search(r"：“([^”]+)”行金额的列位置无法唯一确定", w))
        }
        diff = [a[0] for a, b in zip(_values(got), _values(table), strict=True) if a != b]
        assert [k for k in diff if k not in flagged] == [], (name, key, diff)
    table_lines = {r.line for t in parsed.tables.values() for r in t.rows}
    assert not [u for u in result.report.unplaced if u.line in table_lines]


@pytest.mark.parametrize("name", ["sample", "gen3"])
def test_pdf_round_trip_recovers_blank_cells_from_positions(name: str, tmp_path: Path) -> None:
    """yusuan's own PDF read back: column positions settle what text alone cannot (表7)."""
    pytest.importorskip("weasyprint")
    from yusuan.render.pdf import write_pdf

    budget = dict(BUDGETS)[name]
    path = tmp_path / f"{name}.pdf"
    write_pdf(budget, path)
    result = parse_file(path)
    compiled = disclose(budget)
    assert result.report.kind == "pdf"
    for key, table in compiled.tables.items():
        assert _values(result.disclosure.tables[key]) == _values(table), (name, key)
    assert not [w for w in result.report.warnings if w.startswith("表7") and "不唯一" in w]
    assert result.report.unplaced == [] or all(
        u.line not in {r.line for t in result.disclosure.tables.values() for r in t.rows}
        for u in result.report.unplaced
    )
