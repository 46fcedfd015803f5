"""The audit part of ``yusuan demo``.

The sample is rendered as a published workbook with a handful of planted mistakes
(``demo_mistakes.yaml``), read back, audited, and the summary and findings shown.
It lives in ``cli`` because it joins render, parse and audit (``audit`` imports neither).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from yusuan.audit import AuditReport, audit
from yusuan.audit.report import print_report
from yusuan.model.budget import Budget


@cache
def planted_mistakes() -> list[dict[str, Any]]:
    text = resources.files("yusuan.cli").joinpath("demo_mistakes.yaml").read_text("utf-8")
    data: list[dict[str, Any]] = yaml.safe_load(text)["mistakes"]
    return data


def _same(value: object, find: object) -> bool:
    if isinstance(value, str):
        return isinstance(find, str) and find in value
    if isinstance(find, str) or isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)) == Decimal(str(find))
    return False


def write_planted_workbook(budget: Budget, path: Path) -> list[str]:
    """Write the budget's published workbook with the planted mistakes; what was planted."""
    import openpyxl

    from yusuan.render.document import write_document_xlsx

    write_document_xlsx(budget, path)
    wb = openpyxl.load_workbook(path)
    planted = []
    for m in planted_mistakes():
        sheet = next((ws for ws in wb.worksheets if ws.title.startswith(m["sheet"])), None)
        if sheet is None:
            continue
        if m.get("drop"):
            wb.remove(sheet)
            planted.append(m["what"])
            continue
        for row in sheet.iter_rows():
            cell = next(
                (
                    c
                    for c in row
                    if _same(c.value, m["find"])
                    and (not m.get("column") or getattr(c, "column_letter", None) == m["column"])
                ),
                None,
            )
            if cell is not None:
                if isinstance(cell.value, str):
                    cell.value = cell.value.replace(str(m["find"]), str(m["replace"]))
                else:
                    cell.value = (
                        float(m["replace"]) if "." in str(m["replace"]) else int(m["replace"])
                    )
                planted.append(m["what"])
                break
    wb.save(path)
    return planted


def audit_planted(budget: Budget, path: Path) -> tuple[list[str], AuditReport]:
    from yusuan.parse import parse_file

    planted = write_planted_workbook(budget, path)
    return planted, audit(parse_file(path).disclosure)


def run_demo(budget: Budget, console: Console) -> AuditReport:
    """Plant, read back, audit and print (the audit step of ``yusuan demo``).

    The planted copy is written to a temporary folder and removed afterwards: the demo's
    output folder keeps only the real disclosure.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{budget.department.name}-{budget.year}-含错误示例.xlsx"
        planted, report = audit_planted(budget, path)
    console.print(f"\n演示审核：把公开文件另存一份并埋入 {len(planted)} 处错误，再读回审核：")
    for what in planted:
        console.print(f"  · {what}")
    print_report(report, console)
    return report
