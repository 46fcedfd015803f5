"""The whole disclosure: 概况, the ten tables, 情况说明 with the 绩效目标表, 名词解释.

The prose is written by the Jinja2 text templates in ``templates/document/`` from the facts of
:func:`yusuan.compile.narrative.narrative`.  A rendered text is a list of :class:`Block` s (one
per line: part title, heading, paragraph, or a placeholder where tables go), which every output
format lays out its own way: HTML (and PDF through it), XLSX and DOCX read the same blocks, so
the prose is the same in all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from yusuan.compile import compile_tables
from yusuan.compile.disclose import stated_performance
from yusuan.compile.narrative import Narrative, narrative
from yusuan.compile.table import Table
from yusuan.model.budget import Budget
from yusuan.model.disclosure import StatedPerformanceTable
from yusuan.model.money import fmt_money
from yusuan.render.html import environment

BlockKind = Literal["part", "h1", "h2", "p", "tables", "performance", "signature"]
_MARKS: tuple[tuple[str, BlockKind], ...] = (("= ", "part"), ("## ", "h2"), ("# ", "h1"))
_PLACEHOLDERS: dict[str, BlockKind] = {"@tables": "tables", "@performance": "performance"}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for 一、二、… and （十一）)."""
    if n < 0 or n > 99:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def percent_text(value: Decimal) -> str:
    """``3331.72`` → ``3,331.72`` (the number before %)."""
    return f"{value:,.2f}"


def clause(text: str) -> str:
    """A reason as a clause: without the full stop it may end with, on one line."""
    return " ".join(text.split()).rstrip("。；;.，, ")


@cache
def text_environment() -> Environment:
    """The environment of the prose templates (plain text, not escaped)."""
    env = Environment(
        loader=PackageLoader("yusuan.render", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wan"] = fmt_money
    env.filters["pct"] = percent_text
    env.filters["cn"] = chinese_number
    env.filters["clause"] = clause
    return env


@cache
def glossary_entries() -> tuple[dict[str, str], ...]:
    """名词解释 entries (term, definition) from ``data/glossary_section.yaml``."""
    text = resources.files("yusuan").joinpath("data", "glossary_section.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return tuple({"term": e["term"], "definition": e["definition"]} for e in data["entries"])


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""


def blocks_of(text: str) -> list[Block]:
    """Rendered template text → blocks, one per non-empty line."""
    out: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line in _PLACEHOLDERS:
            out.append(Block(_PLACEHOLDERS[line]))
            continue
        for mark, kind in _MARKS:
            if line.startswith(mark):
                out.append(Block(kind, line[len(mark) :].strip()))
                break
        else:
            out.append(Block("p", line))
    return out


@dataclass(frozen=True)
class Document:
    """A budget's disclosure, ready to lay out."""

    title: str
    department: str
    year: int
    narrative: Narrative
    tables: tuple[Table, ...]
    performance: tuple[StatedPerformanceTable, ...]
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]  # 落款: department, date

    @property
    def text(self) -> str:
        """The prose as plain text (what a reader of the document reads, tables aside)."""
        return "\n".join(b.text for b in self.blocks if b.text)


def render_prose(template: str, **context: Any) -> list[Block]:
    return blocks_of(text_environment().get_template(f"document/{template}").render(**context))


def document(budget: Budget) -> Document:
    """The whole disclosure of ``budget``."""
    n = narrative(budget)
    blocks: list[Block] = []
    blocks += render_prose("profile.txt.j2", n=n)
    blocks += render_prose("tables.txt.j2", n=n)
    blocks += render_prose("narrative.txt.j2", n=n)
    blocks += render_prose("glossary.txt.j2", glossary=glossary_entries())
    signature = [budget.department.name]
    if budget.published_on:
        d = budget.published_on
        signature.append(f"{d.year}年{d.month:02d}月{d.day:02d}日")
    blocks += [Block("signature", line) for line in signature]
    return Document(
        title=f"{budget.department.name}{budget.year}年部门预算",
        department=budget.department.name,
        year=budget.year,
        narrative=n,
        tables=tuple(compile_tables(budget)),
        performance=stated_performance(budget),
        blocks=tuple(blocks),
        signature=tuple(signature),
    )


# ---------------------------------------------------------------- HTML
def weight_text(value: Decimal) -> str:
    """指标分值权重: ``7`` for 7.00, ``2.5`` for 2.50."""
    normal = value.normalize()
    return f"{normal:f}" if normal == normal.to_integral() else f"{value:f}".rstrip("0")


@cache
def html_environment() -> Environment:
    """The HTML environment of :mod:`yusuan.render.html` with the document's filters added."""
    env = environment().overlay()
    env.filters = dict(env.filters)
    env.filters["weight"] = weight_text
    env.filters["wan"] = fmt_money
    return env


def document_html(doc: Document, *, for_pdf: bool = False) -> str:
    """The whole document as one self-contained HTML page (print CSS: A4)."""
    template = html_environment().get_template("document/document.html.j2")
    return template.render(doc=doc, for_pdf=for_pdf)


def write_document_html(budget: Budget, path: str | Path) -> None:
    Path(path).write_text(document_html(document(budget)), encoding="utf-8")
