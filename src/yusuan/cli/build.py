"""``yusuan build``, ``yusuan tables`` and ``yusuan demo``: budget file → disclosure tables."""

from __future__ import annotations

import os
from decimal import Decimal
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from yusuan.cli.app import app, fail
from yusuan.compile import Cell, Table, compile_tables, prior_from_budget
from yusuan.model.budget import Budget
from yusuan.model.load import BudgetFileError, load_budget
from yusuan.render.layout import header_labels, indent_column, money_text
from yusuan.render.writers import DEFAULT_FORMATS, WRITERS, parse_formats, write_outputs

SAMPLE = "atushi-2023.yaml"

BudgetArg = Annotated[
    Path,
    typer.Argument(metavar="BUDGET.yaml", help="预算文件（YAML，格式见 docs/budget-file.md）。"),
]


def _console() -> Console:
    """Rich output on stdout; wide enough for the wide tables when not on a terminal."""
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(highlight=False, width=200)
    return console


def _report(console: Console, written: list[Path]) -> None:
    for path in written:
        size = path.stat().st_size
        console.print(f"  {path}  （{size / 1024:,.1f} KB）")


@app.command()
def build(
    budget_file: BudgetArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="输出目录（不存在则创建）。")
    ] = Path("out"),
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"输出格式，逗号分隔；可选：{', '.join(WRITERS)}。",
        ),
    ] = ",".join(DEFAULT_FORMATS),
    prior: Annotated[
        Path | None,
        typer.Option(
            "--prior",
            metavar="LAST_YEAR.yaml",
            help="上年预算文件：上年预算数由它计算，取代预算文件中的 prior_year。",
        ),
    ] = None,
) -> None:
    """生成部门预算公开文件：DIR/disclosure.html、DIR/disclosure.xlsx …"""
    names = parse_formats(formats)
    if output.exists() and not output.is_dir():
        raise fail(f"{output}：已存在同名文件，不是目录；-o 应为输出目录")
    budget = load_budget(budget_file)
    if prior is not None:
        budget = _with_prior(budget, prior)
    written = write_outputs(budget, output, names)
    console = _console()
    console.print(f"已生成 {budget.department.name} {budget.year} 年部门预算公开表：")
    _report(console, written)


def _with_prior(budget: Budget, prior_file: Path) -> Budget:
    """``budget`` with its 上年预算数 computed from last year's budget file."""
    last_year = load_budget(prior_file)
    if last_year.year != budget.year - 1:
        raise BudgetFileError(
            str(prior_file),
            f"上年预算文件应为 {budget.year - 1} 年的预算，而它是 {last_year.year} 年的",
            path="year",
        )
    if last_year.department.name != budget.department.name:
        typer.echo(
            f"提示：{prior_file} 的部门为“{last_year.department.name}”，与本年"
            f"“{budget.department.name}”不同；上年预算数仍按它计算，请确认没有选错文件",
            err=True,
        )
    return budget.model_copy(update={"prior_year": prior_from_budget(last_year)})


@app.command()
def tables(
    budget_file: BudgetArg,
    table: Annotated[
        int | None,
        typer.Option("--table", "-t", help="只显示表N（1–10）。"),
    ] = None,
) -> None:
    """在终端中显示十张公开表（或其中一张）。"""
    compiled_numbers = range(1, 11)
    if table is not None and table not in compiled_numbers:
        raise fail(f"--table 应为 1–10 之间的表号，而不是 {table}")
    budget = load_budget(budget_file)
    console = _console()
    for t in compile_tables(budget):
        if table is None or t.number == table:
            shown = _shown_columns(t)
            console.print(rich_table(t, shown))
            hidden = [c.label for i, c in enumerate(t.columns) if i not in shown]
            if hidden:
                console.print(f"（以下各列全为空，未显示：{'、'.join(hidden)}）")
            if t.note:
                console.print(f"备注：{t.note}")
            console.print()


def _shown_columns(t: Table) -> list[int]:
    """Columns worth a terminal's width: all but money columns with no amount in any row.

    An empty table (表8, 表9 of most departments) keeps all its columns.
    """
    if t.is_empty:
        return list(range(len(t.columns)))
    return [
        i
        for i, col in enumerate(t.columns)
        if col.kind != "money" or any(_amount(r.cells[i]) for r in t.rows)
    ]


def rich_table(t: Table, columns: list[int] | None = None) -> RichTable:
    """A compiled table as a Rich table (optionally only some ``columns``), amounts right."""
    shown = set(range(len(t.columns)) if columns is None else columns)
    out = RichTable(
        title=f"表{t.number} {t.title}",
        caption=f"编制部门：{t.department}    单位：{t.unit}",
        caption_justify="left",
        box=box.SQUARE,
        show_lines=False,
        title_style="bold",
    )
    for i, (col, label) in enumerate(zip(t.columns, _column_labels(t), strict=True)):
        if i not in shown:
            continue
        if col.kind == "money":
            widest = max((len(money_text(_amount(r.cells[i]))) for r in t.rows), default=0)
            out.add_column(label, justify="right", overflow="fold", min_width=max(widest, 4))
        elif col.kind == "code":
            out.add_column(label, justify="center", min_width=3)
        else:
            out.add_column(label, overflow="fold", min_width=8)
    indented = indent_column(t)
    for row in t.rows:
        cells: list[Text] = []
        for i, (col, value) in enumerate(zip(t.columns, row.cells, strict=True)):
            if i not in shown:
                continue
            if col.kind == "money":
                text = money_text(_amount(value))
            else:
                text = "" if value is None else str(value)
                if i == indented and row.kind != "total" and text:
                    text = "  " * row.level + text
            cells.append(Text(text))
        out.add_row(*cells, style="bold" if row.kind == "total" else None)
    return out


def _amount(value: Cell) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _column_labels(t: Table) -> list[str]:
    """Leaf labels; a label used twice (表1's 预算数) gets its group label above it."""
    leaves = [col.label for col in t.columns]
    paths = header_labels(t)
    return [p if leaves.count(leaf) > 1 else leaf for leaf, p in zip(leaves, paths, strict=True)]


def _sample_budget() -> Budget:
    with as_file(files("yusuan") / "samples" / SAMPLE) as path:
        return load_budget(path)


@app.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出目录。")] = Path("out"),
) -> None:
    """用内置样例（阿图什市委办公室 2023 年部门预算）生成公开表。"""
    budget = _sample_budget()
    written = write_outputs(budget, output, list(DEFAULT_FORMATS))
    console = _console()
    console.print(f"演示：内置样例 {budget.department.name} {budget.year} 年部门预算，已生成：")
    _report(console, written)
    html = next((p for p in written if p.suffix == ".html"), None)
    if html:
        console.print(f"用浏览器打开 {html.resolve().as_uri()} 查看；可直接打印为 A4。")
    from yusuan.cli._demo_audit import (
        run_demo,  # audit a published-style copy with planted mistakes
    )

    run_demo(budget, console)
