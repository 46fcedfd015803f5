"""What a disclosure *states*: tables, prose claims, project explanations, target tables.

A :class:`Disclosure` is the common ground of three packages:

- :mod:`yusuan.parse` builds one from a published document (PDF, PDF text, XLSX);
- :mod:`yusuan.compile` builds one from a budget (the document yusuan would publish);
- :mod:`yusuan.audit` checks one, comparing what it states with what its own numbers imply.

Every stated thing carries a :class:`Location` so that a finding can point at it.
Claim topics are named in ``topics.yaml`` beside this file (one vocabulary for the narrative
generator, the parser and the auditor).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import Field

from yusuan.model.budget import Budget, Record

PartKey = Literal["profile", "tables", "narrative", "performance", "glossary"]
ClaimUnit = Literal["万元", "%", "个", "人", "辆", "台", "平方米", "家", "text", "list"]


class Location(Record):
    """Where something stands in a document: part/table/row/column, and line or page."""

    part: PartKey | None = None
    table: int | None = None  # 表 number as printed
    table_key: str | None = None  # glossary identifier (overview …)
    row: str | None = None  # row key (a code, a project name, "total") or label
    column: str | None = None  # column key
    line: int | None = None  # 1-based line in the source text
    page: int | None = None  # 1-based page in a PDF
    section: str | None = None  # heading of the prose section ("三、…", "（二）…")

    def describe(self) -> str:
        """Chinese description for messages: 表5 第“201 31 01”行 “合计”列 (第 12 行)."""
        bits: list[str] = []
        if self.table is not None:
            bits.append(f"表{self.table}")
        elif self.part:
            bits.append(PART_LABELS[self.part])
        if self.section:
            bits.append(self.section)
        if self.row:
            bits.append(f"“{self.row}”行")
        if self.column:
            bits.append(f"“{self.column}”列")
        if self.page is not None:
            bits.append(f"第 {self.page} 页")
        if self.line is not None:
            bits.append(f"第 {self.line} 行")
        return " ".join(bits) or "全文"


PART_LABELS: dict[str, str] = {
    "profile": "第一部分 概况",
    "tables": "第二部分 公开表",
    "narrative": "第三部分 情况说明",
    "performance": "绩效目标表",
    "glossary": "第四部分 名词解释",
}


class StatedRow(Record):
    """A table row as printed: its code/label and the amounts in each column (万元)."""

    key: str  # code ("2013101"), "project:<name>", "rev:<label>", "total"
    label: str = ""
    code: str | None = None
    kind: Literal["item", "subtotal", "total", "heading", "project"] = "item"
    values: dict[str, Decimal | None] = Field(default_factory=dict)  # column key → amount
    texts: dict[str, str] = Field(default_factory=dict)  # column key → text as printed
    line: int | None = None
    page: int | None = None


class StatedTable(Record):
    """One of the disclosure tables as printed (amounts normalised to 万元)."""

    key: str  # glossary id: overview, revenue, …
    number: int | None = None
    title: str = ""
    department: str | None = None
    unit: str = "万元"
    columns: tuple[str, ...] = ()  # column keys, in order
    rows: tuple[StatedRow, ...] = ()
    note: str | None = None  # 备注 under the table (空表说明 …)
    location: Location = Location()

    def row(self, key: str) -> StatedRow | None:
        for r in self.rows:
            if r.key == key:
                return r
        return None

    def value(self, row_key: str, column: str) -> Decimal | None:
        r = self.row(row_key)
        return None if r is None else r.values.get(column)

    @property
    def is_empty(self) -> bool:
        return not any(v for r in self.rows for v in r.values.values() if v)


class Claim(Record):
    """One statement of fact in the prose: a topic, a value, the sentence, the place.

    ``topic`` comes from ``topics.yaml``, with parameters after a colon where the topic
    takes one: ``general_budget.item.amount:2013101``.
    """

    topic: str
    value: Decimal | int | str | tuple[str, ...]
    unit: ClaimUnit = "万元"
    text: str = ""  # the sentence or clause as printed
    location: Location = Location()

    @property
    def base(self) -> str:
        return self.topic.split(":", 1)[0]

    @property
    def param(self) -> str | None:
        return self.topic.split(":", 1)[1] if ":" in self.topic else None


class StatedProject(Record):
    """A project explanation (情况说明 七) as printed; fields None where not stated."""

    index: int | None = None  # its number in the list ("3、")
    name: str
    amount: Decimal | None = None  # 预算安排规模
    basis: str | None = None
    owner: str | None = None
    allocation: str | None = None
    period: str | None = None
    fields: tuple[str, ...] = ()  # field names in the order printed (duplicates kept)
    location: Location = Location()


class StatedIndicator(Record):
    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""
    basis: str | None = None
    prior_value: str | None = None
    weight: Decimal | None = None
    scoring_rule: str | None = None
    line: int | None = None


class StatedPerformanceTable(Record):
    """项目支出绩效目标表 as printed."""

    project: str
    manager: str | None = None
    total: Decimal | None = None  # 年度预算总额
    fiscal: Decimal | None = None  # 其中：财政拨款
    other: Decimal | None = None  # 其他资金
    goal: str = ""
    indicators: tuple[StatedIndicator, ...] = ()
    location: Location = Location()


class Disclosure(Record):
    """A whole disclosure as stated, with the budget model where one is known.

    ``budget`` is the source budget for a compiled disclosure, and the model the parser
    could rebuild for a parsed one (``None`` when it could not).
    """

    source: str  # file name, or "compiled:<department> <year>"
    origin: Literal["compiled", "parsed"]
    department: str | None = None
    year: int | None = None
    parts: dict[str, Location] = Field(default_factory=dict)  # parts found
    tables: dict[str, StatedTable] = Field(default_factory=dict)  # by glossary key
    #: tables found but not read (glossary key → why), e.g. text listing cells column by column
    unreadable_tables: dict[str, str] = Field(default_factory=dict)
    #: tables whose amounts' columns are partly a guess (glossary key → why): text keeps no
    #: blank cells and the search for the columns meeting every total gave up
    guessed_tables: dict[str, str] = Field(default_factory=dict)
    claims: tuple[Claim, ...] = ()
    projects: tuple[StatedProject, ...] = ()
    performance: tuple[StatedPerformanceTable, ...] = ()
    text_lines: tuple[str, ...] = ()  # the document's text, for text-quality rules
    text_line_numbers: tuple[int, ...] = ()  # source line of each text line (when known)
    budget: Budget | None = None

    def claims_for(self, topic: str) -> list[Claim]:
        """Claims whose topic is ``topic`` (exact) or whose base is ``topic``."""
        return [c for c in self.claims if c.topic == topic or c.base == topic]


@cache
def claim_topics() -> dict[str, dict[str, str]]:
    """The claim vocabulary: topic → {label, unit, param?}."""
    text = resources.files("yusuan.model").joinpath("topics.yaml").read_text("utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)["topics"]
    return data
