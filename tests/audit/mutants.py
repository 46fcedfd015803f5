"""Mutants of the sample's rendered document: one number changed, one row dropped, one name
altered, one share or rate in the prose changed.  Each mutant knows where its mistake is."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from helpers import drop_row, rename_row, sample_budget, set_cell

from yusuan.audit import AuditReport, Finding, audit
from yusuan.model.disclosure import Disclosure, Location


@dataclass(frozen=True)
class Mutant:
    kind: str  # number | row | name | prose
    description: str
    document: Disclosure
    table: int | None = None
    row: str | None = None
    claim: Location | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "row", "prose")


@cache
def rendered() -> Disclosure:
    """The sample rendered as a published workbook and read back by the parser."""
    from yusuan.parse import parse_file
    from yusuan.render.document import write_document_xlsx

    with tempfile.TemporaryDirectory() as tmp:  # one of its own: runs may overlap
        path = Path(tmp) / "yusuan-audit-sample.xlsx"
        write_document_xlsx(sample_budget(), path)
        return parse_file(path).disclosure


def mutants(base: Disclosure, seed: int = 7, numbers: int = 200) -> Iterator[Mutant]:
    rng = random.Random(seed)
    cells = [
        (t, r, c, v) for t in base.tables.values() for r in t.rows for c, v in r.values.items() if v
    ]
    for t, r, c, v in rng.sample(cells, min(numbers, len(cells))):
        delta = Decimal(rng.choice(["0.01", "1.00", "10.00", "100.00"]))
        new = v - delta if v > delta and rng.random() < 0.5 else v + delta
        yield Mutant(
            "number",
            f"表{t.number} {r.key} {c}: {v} → {new}",
            set_cell(base, t.key, r.key, c, str(new)),
            t.number,
            r.key,
        )
    rows = [(t, r) for t in base.tables.values() for r in t.rows if any(r.values.values())]
    for t, r in rng.sample(rows, min(40, len(rows))):
        yield Mutant("row", f"表{t.number} 删去 {r.key}", drop_row(base, t.key, r.key), t.number)
    named = [
        (t, r)
        for t in base.tables.values()
        for r in t.rows
        if r.label and r.key != "total" and (r.code or r.kind == "project")
    ]
    for t, r in rng.sample(named, min(40, len(named))):
        label = r.label[:-1] + ("费" if r.label[-1] != "费" else "款")
        yield Mutant(
            "name",
            f"表{t.number} {r.key} 名称 → {label}",
            rename_row(base, t.key, r.key, label),
            t.number,
            r.key,
        )
    prose = [c for c in base.claims if c.base.endswith((".share", ".rate"))]
    for c in prose:
        assert isinstance(c.value, Decimal)
        new = c.value + Decimal(rng.choice(["0.01", "-0.01", "1.00"]))
        claims = tuple(x.model_copy(update={"value": new}) if x is c else x for x in base.claims)
        yield Mutant(
            "prose",
            f"{c.topic}: {c.value} → {new}",
            base.model_copy(update={"claims": claims}),
            claim=c.location,
        )


def _key(f: Finding) -> tuple[str, str]:
    return (f.rule, f.message)


def caught(m: Mutant, report: AuditReport, baseline: set[tuple[str, str]]) -> bool:
    """A new finding at the mutated place."""
    for f in report.findings:
        if _key(f) in baseline:
            continue
        if m.claim is not None:
            if f.location == m.claim or m.claim in f.related:
                return True
        elif f.points_at(m.table, m.row):
            return True
    return False


@dataclass
class Tally:
    total: int = 0
    caught: int = 0
    crashes: int = 0


def run_mutants(base: Disclosure, **kwargs: int) -> tuple[dict[str, Tally], list[str]]:
    baseline = {_key(f) for f in audit(base).findings}
    tallies: dict[str, Tally] = {}
    missed: list[str] = []
    for m in mutants(base, **kwargs):
        report = audit(m.document)
        tally = tallies.setdefault(m.kind, Tally())
        tally.total += 1
        tally.crashes += sum(
            1 for r in report.results if r.reason and r.reason.startswith("规则运行出错")
        )
        if caught(m, report, baseline):
            tally.caught += 1
        else:
            missed.append(f"{m.kind}: {m.description}")
    return tallies, missed
