"""Building disclosures for audit tests: the sample as compiled, and changed copies of it."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from yusuan.audit import AuditReport, Finding, Status, audit, get_rule
from yusuan.compile.disclose import disclose
from yusuan.model.budget import Budget
from yusuan.model.disclosure import Claim, Disclosure, StatedProject, StatedRow
from yusuan.model.load import load_budget


@cache
def sample_budget() -> Budget:
    path = resources.files("yusuan.samples").joinpath("atushi-2023.yaml")
    return load_budget(str(path))


@cache
def compiled() -> Disclosure:
    """The built-in sample as compiled (tables, projects; no prose)."""
    return disclose(sample_budget())


def set_cell(d: Disclosure, table: str, row: str, column: str, value: str | None) -> Disclosure:
    """A copy with one table cell changed."""
    t = d.tables[table]
    rows = []
    for r in t.rows:
        if r.key == row:
            values = dict(r.values)
            values[column] = None if value is None else Decimal(value)
            r = r.model_copy(update={"values": values})
        rows.append(r)
    return _with_rows(d, table, tuple(rows))


def drop_row(d: Disclosure, table: str, row: str) -> Disclosure:
    t = d.tables[table]
    assert t.row(row) is not None, row
    return _with_rows(d, table, tuple(r for r in t.rows if r.key != row))


def update_row(d: Disclosure, table: str, row: str, **changes: Any) -> Disclosure:
    t = d.tables[table]
    rows = tuple(r.model_copy(update=changes) if r.key == row else r for r in t.rows)
    return _with_rows(d, table, rows)


def rename_row(d: Disclosure, table: str, row: str, label: str) -> Disclosure:
    r = d.tables[table].row(row)
    assert r is not None
    texts = dict(r.texts)
    for k in ("name", "expenditure_label", "label"):
        if k in texts:
            texts[k] = label
    return update_row(d, table, row, label=label, texts=texts)


def add_row(d: Disclosure, table: str, row: StatedRow, after: str | None = None) -> Disclosure:
    rows = list(d.tables[table].rows)
    index = len(rows) - 1 if after is None else [r.key for r in rows].index(after) + 1
    rows.insert(index, row)
    return _with_rows(d, table, tuple(rows))


def _with_rows(d: Disclosure, table: str, rows: tuple[StatedRow, ...]) -> Disclosure:
    t = d.tables[table].model_copy(update={"rows": rows})
    return d.model_copy(update={"tables": {**d.tables, table: t}})


def update_table(d: Disclosure, table: str, **changes: Any) -> Disclosure:
    t = d.tables[table].model_copy(update=changes)
    return d.model_copy(update={"tables": {**d.tables, table: t}})


def without_table(d: Disclosure, table: str) -> Disclosure:
    return d.model_copy(update={"tables": {k: v for k, v in d.tables.items() if k != table}})


def with_claims(d: Disclosure, *claims: Claim) -> Disclosure:
    return d.model_copy(
        update={
            "claims": d.claims + claims,
            "parts": {**d.parts, "narrative": d.parts.get("narrative") or _narr()},
        }
    )


def _narr() -> Any:
    from yusuan.model.disclosure import Location

    return Location(part="narrative")


def replace_claim(d: Disclosure, topic: str, value: Any) -> Disclosure:
    found = False
    out = []
    for c in d.claims:
        if c.topic == topic:
            c = c.model_copy(update={"value": value})
            found = True
        out.append(c)
    assert found, topic
    return d.model_copy(update={"claims": tuple(out)})


def drop_claim(d: Disclosure, topic: str) -> Disclosure:
    return d.model_copy(update={"claims": tuple(c for c in d.claims if c.topic != topic)})


def update_project(d: Disclosure, position: int, **changes: Any) -> Disclosure:
    projects = list(d.projects)
    projects[position] = projects[position].model_copy(update=changes)
    return d.model_copy(update={"projects": tuple(projects)})


def set_projects(d: Disclosure, projects: list[StatedProject]) -> Disclosure:
    return d.model_copy(update={"projects": tuple(projects)})


def run(rule_id: str, d: Disclosure) -> tuple[Status, list[Finding]]:
    """Run one rule over ``d``: its status and findings."""
    report: AuditReport = audit(d, [get_rule(rule_id)])
    result = report.results[0]
    return result.status, list(result.findings)


CLEAN_LINES = (
    "第一部分 部门概况",
    "收支总预算 5,935.22 万元。",
    "2023 年财政拨款“三公”经费比上年预算减少 7.20 万元，主要原因是车辆运行费用减少。",
    "资金分配情况：机房地面改造 0.9 万元，线路改造 2.1 万元",
    "视频会议中心更换 USB 电池和列头柜",
)


@cache
def narrated() -> Disclosure:
    """The sample with its narrative's claims (what yusuan would publish)."""
    from yusuan.compile.narrative import narrative_claims

    b = sample_budget()
    return disclose(b, narrative_claims(b))


@cache
def clean() -> Disclosure:
    """A consistent document as a parser would read it: sample tables, prose claims, text
    lines, every part present, target-table names equal to 表7's names."""
    from yusuan.audit.rules.performance import match_projects

    d = narrated()
    matches = match_projects(d)
    performance = []
    for i, p in enumerate(d.performance):
        found = matches[i]
        assert found is not None
        performance.append(p.model_copy(update={"project": found[0].label}))
    projects = tuple(
        p.model_copy(update={"basis": (p.basis or "").replace("UPS", "USB")}) for p in d.projects
    )
    from yusuan.model.disclosure import Location

    return d.model_copy(
        update={
            "origin": "parsed",
            "budget": None,
            "performance": tuple(performance),
            "projects": projects,
            "text_lines": CLEAN_LINES,
            "parts": {k: Location(part=k) for k in PARTS},
        }
    )


PARTS = ("profile", "tables", "narrative", "performance", "glossary")


def key_of(d: Disclosure, table: str, code: str) -> str:
    """The row key of the row carrying ``code`` (表1 and 表4 pair codes with revenue lines)."""
    for r in d.tables[table].rows:
        if r.code == code:
            return r.key
    raise KeyError(code)


def bump(d: Disclosure, table: str, row: str, column: str, delta: str = "0.01") -> Disclosure:
    r = d.tables[table].row(row)
    assert r is not None, row
    value = r.values.get(column) or Decimal(0)
    return set_cell(d, table, row, column, str(value + Decimal(delta)))


def bump_claim(d: Disclosure, topic: str, delta: str = "0.01") -> Disclosure:
    current = [c for c in d.claims if c.topic == topic]
    assert current, topic
    value = current[0].value
    assert isinstance(value, Decimal | int), topic
    return replace_claim(
        d, topic, value + Decimal(delta) if isinstance(value, Decimal) else value + 1
    )
