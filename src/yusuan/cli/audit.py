"""``yusuan audit FILE``: check a budget file or a published disclosure (PDF, text, XLSX)."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from yusuan.cli.app import app, fail, read_error, refuse_unreadable


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"


_YEAR_KEY = re.compile(rb"^year\s*:", re.MULTILINE)
_DEPARTMENT_KEY = re.compile(rb"^department\s*:", re.MULTILINE)


def _is_budget_text(path: Path) -> bool:
    """A budget file saved under another name (预算.txt): read by content, as the web does."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return False
    return bool(_YEAR_KEY.search(head) and _DEPARTMENT_KEY.search(head))


def _disclosure(path: Path) -> object:
    from yusuan.compile.disclose import disclose
    from yusuan.model.load import BudgetFileError, load_budget

    if not path.exists():
        raise fail(f"{path}：文件不存在")
    if path.suffix.lower() in (".yaml", ".yml") or _is_budget_text(path):
        try:
            budget = load_budget(str(path))
        except BudgetFileError as exc:
            raise fail(str(exc)) from None
        try:
            from yusuan.compile.narrative import narrative_claims

            claims = narrative_claims(budget)
        except ImportError:  # pragma: no cover - narrative is part of the package
            claims = ()
        return disclose(budget, claims)
    try:
        from yusuan.parse import ParseError, parse_file
    except ImportError:  # pragma: no cover
        raise fail(f"{path}：本版本不能读取已发布的文件（缺少解析模块）") from None
    refuse_unreadable(path)
    try:
        result = parse_file(path, exact=True)  # 元 tables exact: their sums hold to the 元
    except ParseError as exc:
        raise fail(read_error(path, exc)) from None
    except (OSError, ValueError) as exc:
        raise fail(f"{path}：无法读取：{exc}") from None
    lines = getattr(result.document, "lines", None)
    if path.suffix.lower() == ".txt" and lines:
        from yusuan.audit.core import with_source_lines

        raw = path.read_text(encoding=result.report.encoding or "utf-8").splitlines()
        return with_source_lines(result.disclosure, raw, [ln.no for ln in lines])
    return result.disclosure


def _combined(files: list[Path]) -> object:
    """Several published files (说明 and 表格 apart) audited as one document."""
    from yusuan.cli.parse import read_files

    for file in files:
        if file.suffix.lower() in (".yaml", ".yml") or _is_budget_text(file):
            raise fail(f"{file}：预算文件须单独审核，不能与其他文件合并")
    return read_files(files, exact=True).disclosure  # 元 tables exact, as for one file


@app.command()
def audit(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="预算文件（YAML）或已发布的 PDF、PDF 文本、XLSX；说明与表格分成几个 PDF 或文本"
            "发布时依次列出，合并为一份审核。",
            metavar="FILE…",
            show_default=False,
        ),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="输出格式。")] = Format.text,
) -> None:
    """审核一份预算或预算公开文件：逐条规则检查，列出问题及其位置。有错误时退出码为 1。"""
    from yusuan.audit import audit as run_audit
    from yusuan.audit.report import print_report, report_html
    from yusuan.model.disclosure import Disclosure

    d = _disclosure(files[0]) if len(files) == 1 else _combined(files)
    assert isinstance(d, Disclosure)
    report = run_audit(d)
    if format is Format.json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif format is Format.html:
        typer.echo(report_html(report))
    else:
        print_report(report)
    raise typer.Exit(1 if report.has_errors else 0)
