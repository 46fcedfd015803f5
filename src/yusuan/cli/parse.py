"""``yusuan parse FILE``: read a published disclosure (PDF, PDF text, XLSX) into the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from yusuan.cli.app import app, fail, read_error, refuse_unreadable

if TYPE_CHECKING:
    from yusuan.parse import ParseResult

_STATUS = {
    "found": "已读取",
    "empty_with_note": "空表（有说明）",
    "empty": "空表",
    "unreadable": "无法读取",
    "missing": "未找到",
}
_ROLES = {
    "cell": "表格单元格",
    "code": "科目编码",
    "claim": "说明文字中的数",
    "project": "项目说明",
    "performance": "绩效目标表",
    "date": "日期",
    "index": "序号",
    "reference": "文号",
    "quantity": "数量",
    "name": "名称中的数字",
    "title": "表号",
    "page": "页码",
}


def read_files(files: list[Path], exact: bool = False) -> ParseResult:
    """Parse one published file, or several read as one document; errors as one line naming
    the path as typed (exit 2)."""
    from yusuan.parse import ParseError
    from yusuan.parse.combine import JOIN, parse_files

    for file in files:
        if not file.exists():
            raise fail(f"{file}：文件不存在")
        refuse_unreadable(file)
    try:
        return parse_files(files, exact)
    except ParseError as exc:
        typed = {f.name: f for f in files}
        where = typed.get(exc.file) or JOIN.join(map(str, files))
        raise fail(read_error(where, exc)) from None


def _output(result: Any, out: Path) -> None:
    """Write the parsed model (and report) as YAML or JSON, all or nothing."""
    data = {
        "disclosure": result.disclosure.model_dump(mode="json", exclude={"text_lines"}),
        "report": result.report.model_dump(mode="json"),
    }
    suffix = out.suffix.lower()
    if suffix == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2)
    elif suffix in (".yaml", ".yml"):
        import yaml

        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    else:
        raise fail(f"{out}：输出文件须以 .yaml、.yml 或 .json 结尾")
    if out.is_dir():
        raise fail(f"{out}：是目录；请给出输出文件名，如 {out / 'result.json'}")
    if not out.parent.is_dir():
        raise fail(f"{out}：输出目录 {out.parent} 不存在")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never leave a half-written file behind
        raise


def _print_report(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    report = result.report
    d = result.disclosure
    console = Console()
    console.print(
        f"[bold]{report.source}[/bold]  {d.department or '（未载明部门）'} {d.year or ''}  "
        f"{report.kind}，{report.lines} 行" + (f"，{report.pages} 页" if report.pages else "")
    )
    if report.layout:
        console.print(f"版式：{report.layout}", markup=False)
    console.print(
        "部分：已找到 "
        + ("、".join(report.parts_found) or "无")
        + ("；缺少 " + "、".join(report.parts_missing) if report.parts_missing else "")
    )
    table = Table(title="公开表", show_lines=False)
    for col in ("表", "标识", "标题", "状态", "行数", "单位", "合计校验"):
        table.add_column(col)
    for t in report.tables:
        check = {True: "通过", False: "[red]不符[/red]", None: "—"}[t.totals_ok]
        table.add_row(
            str(t.number or ""),
            t.key,
            t.title,
            _STATUS.get(t.status, t.status),
            str(t.rows),
            t.unit or "",
            check,
        )
    console.print(table)
    placed = sum(report.placed.values())
    console.print(
        f"数字：共 {report.tokens_total} 个，已定位 {placed} 个（"
        + "，".join(f"{_ROLES.get(k, k)} {v}" for k, v in sorted(report.placed.items()))
        + f"），未定位 {len(report.unplaced)} 个"
    )
    console.print(
        f"说明文字主张 {report.claims} 条；项目说明 {report.projects} 个；"
        f"绩效目标表 {report.performance_tables} 张（指标 {report.indicators} 条）；"
        f"预算模型{'已还原' if report.rebuilt else '未能还原'}"
    )
    if report.unplaced:
        un = Table(title="未定位的数字")
        un.add_column("行")
        un.add_column("数字")
        un.add_column("上下文")
        for tok in report.unplaced:
            un.add_row(str(tok.line), tok.text, tok.context)
        console.print(un)
    if report.warnings:
        console.print("[bold]提示[/bold]")
        for w in report.warnings:
            console.print(f"  · {w}", markup=False)


@app.command()
def parse(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="已发布的预算公开文件：PDF、PDF 文本（.txt）或 XLSX；说明与表格分成几个文件"
            "发布时依次列出，合并为一份读取。",
            metavar="FILE…",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="把解析结果写入 OUT.yaml 或 OUT.json。"),
    ] = None,
    report: Annotated[
        bool, typer.Option("--report", help="在终端显示解析报告（无 -o 时默认显示）。")
    ] = False,
    json_report: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出解析报告（到标准输出）。")
    ] = False,
) -> None:
    """解析一份已发布的部门预算公开文件：公开表、说明文字中的数字、项目说明和绩效目标表。"""
    result = read_files(files)
    if output is not None:
        _output(result, output)
    if json_report:
        typer.echo(json.dumps(result.report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    elif report or output is None:
        _print_report(result)
