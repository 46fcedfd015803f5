"""The whole-document workbook keeps text that looks like a formula (“=5辆”) as text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from yusuan.model import load_budget
from yusuan.render.document import write_document_xlsx

SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"


def test_indicator_targets_starting_with_equals_read_back_as_written(tmp_path: Path) -> None:
    budget = load_budget(SAMPLE)
    path = tmp_path / "document.xlsx"
    write_document_xlsx(budget, path)
    wb = load_workbook(path)  # values as stored: a formula would come back as "=…" type f
    written = {
        cell.value: cell.data_type
        for ws in wb.worksheets
        if ws.title.startswith("绩效目标表")
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    }
    targets = {
        i.target
        for t in budget.performance_targets
        for i in t.indicators
        if i.target.startswith("=")
    }
    assert "=5辆" in targets
    assert targets <= written.keys()
    assert set(written.values()) == {"s"}
    cached = load_workbook(path, data_only=True)  # what a spreadsheet shows: no empty cells
    shown = {
        c.value
        for ws in cached.worksheets
        if ws.title.startswith("绩效目标表")
        for row in ws.iter_rows()
        for c in row
    }
    assert targets <= shown
