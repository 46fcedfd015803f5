"""Showing an audit report: Rich terminal output and a standalone HTML page."""

from __future__ import annotations

from html import escape

from rich.console import Console
from rich.table import Table

from yusuan.audit.core import FAMILIES, AuditReport, Severity, Status
from yusuan.catalog import display_code
from yusuan.model.disclosure import Location

_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}


def place_text(loc: Location) -> str:
    """A finding's place in Chinese, with column labels instead of keys."""
    column = loc.column
    if loc.table_key and column:
        from yusuan.audit.rules._common import column_label

        column = column_label(loc.table_key, column)
    row = loc.row.removeprefix("project:").removeprefix("rev:") if loc.row else None
    if row and row.isdigit():
        row = display_code(row)
    return loc.model_copy(update={"column": column, "row": row}).describe()


def print_report(report: AuditReport, console: Console | None = None) -> None:
    if console is None:
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=160)
    console.print(f"[bold]审核：{report.document}[/bold]")
    summary = Table(title="各类规则", show_lines=False)
    summary.add_column("类别")
    for status in Status:
        summary.add_column(status.label, justify="right")
    for family, counts in report.summary.items():
        summary.add_row(FAMILIES[family], *(str(counts[s.value]) for s in Status))
    console.print(summary)
    findings = Table(title=f"发现的问题（{len(report.findings)} 条）", show_lines=True)
    for label in ("级别", "规则", "位置", "说明"):
        findings.add_column(label, overflow="fold")
    for f in report.findings:
        findings.add_row(
            f"[{_STYLE[f.severity]}]{f.severity.label}[/]",
            f.rule,
            place_text(f.location),
            f.message,
        )
    if report.findings:
        console.print(findings)
    console.print(
        f"错误 {report.count(Severity.error)} 条，警告 {report.count(Severity.warning)} 条，"
        f"提示 {report.count(Severity.info)} 条；"
        f"未运行的规则 {sum(1 for r in report.results if r.status is Status.not_run)} 条"
    )


def report_html(report: AuditReport) -> str:
    rows = "".join(
        f"<tr class='{f.severity.value}'><td>{f.severity.label}</td><td>{escape(f.rule)}</td>"
        f"<td>{escape(place_text(f.location))}</td><td>{escape(f.message)}</td></tr>"
        for f in report.findings
    )
    fams = "".join(
        f"<tr><td>{FAMILIES[k]}</td>" + "".join(f"<td>{v[s.value]}</td>" for s in Status) + "</tr>"
        for k, v in report.summary.items()
    )
    heads = "".join(f"<th>{s.label}</th>" for s in Status)
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>审核 {escape(report.document)}</title><style>"
        "body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:2px 6px}"
        "table{border-collapse:collapse;margin:1em 0}.error td:first-child{color:#c00}"
        ".warning td:first-child{color:#a60}</style></head><body>"
        f"<h1>审核：{escape(report.document)}</h1>"
        f"<table><tr><th>类别</th>{heads}</tr>{fams}</table>"
        f"<table><tr><th>级别</th><th>规则</th><th>位置</th><th>说明</th></tr>{rows}</table>"
        "</body></html>"
    )
