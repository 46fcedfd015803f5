"""The sample compiles to the tables the seed document prints, cell by cell.

The seed's tables are hand transcriptions in ``tests/fixtures/seed/`` (see its README):
amounts as printed, blanks as ``null``.  A blank seed cell equals a zero or absent row in
the compiled table.  Every mismatch is reported with table, row and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import yusuan
from yusuan.compile import (
    Table,
    compile_tables,
    figures,
    office_running_costs,
    three_public_figures,
)
from yusuan.model.budget import Budget
from yusuan.model.load import load_budget

SAMPLE = Path(yusuan.__file__).parent / "samples" / "atushi-2023.yaml"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "seed"
ZERO = Decimal(0)


@pytest.fixture(scope="module")
def sample() -> Budget:
    return load_budget(SAMPLE)


@pytest.fixture(scope="module")
def compiled(sample: Budget) -> dict[int, Table]:
    return {t.number: t for t in compile_tables(sample)}


def seed_table(number: int) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (FIXTURES / f"table{number:02d}.yaml").read_text(encoding="utf-8")
    )
    assert data["number"] == number
    return data


def money(printed: str | None) -> Decimal:
    """A printed amount ("5,935.22"); a blank cell is zero."""
    return ZERO if printed is None else Decimal(printed.replace(",", ""))


def cell_money(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else ZERO


def code_of(printed: str) -> str:
    return printed.replace(" ", "")


def squeeze(text: str) -> str:
    return "".join(text.split())


class Diff:
    """Mismatches of one table, each naming row and column."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.items: list[str] = []

    def money(self, row: str, column: str, seed: str | None, ours: object) -> None:
        if money(seed) != cell_money(ours):
            self.items.append(f"表{self.number}「{row}」{column}：公开文本 {seed}，编制结果 {ours}")

    def text(self, row: str, column: str, seed: str, ours: object) -> None:
        if seed != ours:
            self.items.append(
                f"表{self.number}「{row}」{column}：公开文本 {seed!r}，编制结果 {ours!r}"
            )

    def note(self, message: str) -> None:
        self.items.append(f"表{self.number}{message}")

    def check(self) -> None:
        if self.items:
            pytest.fail("\n".join(self.items), pytrace=False)


def printed_name(row: dict[str, Any]) -> str:
    """The name yusuan must print: the official one where the seed prints a variant."""
    name: str = row["official"] if row.get("seed_variant") else row["name"]
    return name


def columns_of(seed: dict[str, Any], key: str = "columns") -> list[tuple[str, str]]:
    return [(c["key"], c["label"]) for c in seed[key]]


# ------------------------------------------------------------------ per-layout comparisons
def compare_coded(table: Table, seed: dict[str, Any], diff: Diff) -> None:
    """表2/3/5/6/8/9: rows by functional or economic code, money columns by key."""
    columns = columns_of(seed)
    ours = {r.code: r for r in table.rows if r.kind != "total"}
    seen: list[str] = []
    for srow in seed["rows"]:
        code = code_of(srow["code"])
        label = f"{srow['code']} {srow['name']}"
        row = ours.get(code)
        if row is None:
            if any(money(v) for v in srow["values"]):
                diff.note(f"「{label}」：编制结果缺少此行")
            continue
        seen.append(code)
        diff.text(label, "科目名称", printed_name(srow), table.value(row.key, "name"))
        for (key, header), printed in zip(columns, srow["values"], strict=True):
            diff.money(label, header, printed, table.value(row.key, key))
    for extra, row in ours.items():
        if extra not in seen and any(cell_money(c) for c in row.cells):
            diff.note(f"「{extra}」：公开文本没有此行，编制结果有金额")
    order = [r.code for r in table.rows if r.code in seen]
    if order != seen:
        diff.note(f"：行序与公开文本不同：{order}")
    for (key, header), printed in zip(columns, seed["total"]["values"], strict=True):
        diff.money("合计", header, printed, table.value("total", key))


def compare_revenue_labels(table: Table, seed: dict[str, Any], diff: Diff) -> None:
    ours = [r.key.removeprefix("rev:") for r in table.rows if r.key.startswith("rev:")]
    printed = [s["label"] for s in seed["revenue"]]
    if ours != printed:
        diff.note(f"：收入行与公开文本不同：{ours}")


def compare_overview(table: Table, seed: dict[str, Any], diff: Diff) -> None:
    """表1: 收入 rows by label, 支出 rows by 类 code."""
    compare_revenue_labels(table, seed, diff)
    for srow in seed["revenue"]:
        key = f"rev:{srow['label']}"
        try:
            value = table.value(key, "revenue_amount")
        except KeyError:
            diff.note(f"「{srow['label']}」：编制结果缺少此收入行")
            continue
        diff.money(srow["label"], "收入预算数", srow["amount"], value)
    by_code = {r.code: r for r in table.rows if r.code}
    for srow in seed["expenditure"]:
        label = f"{srow['code']} {srow['name']}"
        row = by_code.get(srow["code"])
        if row is None:
            diff.note(f"「{label}」：编制结果缺少此支出行")
            continue
        diff.text(label, "功能分类", f"{srow['code']} {printed_name(srow)}", row.cells[2])
        diff.money(label, "支出预算数", srow["amount"], row.cells[3])
    codes = [s["code"] for s in seed["expenditure"]]
    if [r.code for r in table.rows if r.code] != codes:
        diff.note("：支出功能分类的类与公开文本不同")
    total = seed["total"]
    diff.text("合计", "收入", total["revenue_label"], table.value("total", "revenue_label"))
    diff.text("合计", "支出", total["expenditure_label"], table.value("total", "expenditure_label"))
    diff.money(
        "收入总计", "预算数", total["revenue_amount"], table.value("total", "revenue_amount")
    )
    diff.money(
        "支出总计",
        "预算数",
        total["expenditure_amount"],
        table.value("total", "expenditure_amount"),
    )


def compare_fiscal_overview(table: Table, seed: dict[str, Any], diff: Diff) -> None:
    """表4: 财政拨款收入 rows by label, 财政拨款支出 rows by 类 code."""
    compare_revenue_labels(table, seed, diff)
    for srow in seed["revenue"]:
        key = f"rev:{srow['label']}"
        try:
            value = table.value(key, "revenue_amount")
        except KeyError:
            diff.note(f"「{srow['label']}」：编制结果缺少此收入行")
            continue
        diff.money(srow["label"], "收入合计", srow["amount"], value)
    columns = columns_of(seed, "expenditure_columns")
    by_code = {r.code: r for r in table.rows if r.code}
    for srow in seed["expenditure"]:
        label = f"{srow['code']} {srow['name']}"
        row = by_code.get(srow["code"])
        if row is None:
            diff.note(f"「{label}」：编制结果缺少此支出行")
            continue
        expected = f"{srow['code']} {printed_name(srow)}"
        diff.text(label, "功能分类", expected, table.value(row.key, "expenditure_label"))
        for (key, header), printed in zip(columns, srow["values"], strict=True):
            diff.money(label, header, printed, table.value(row.key, key))
    if [r.code for r in table.rows if r.code] != [s["code"] for s in seed["expenditure"]]:
        diff.note("：支出功能分类的类与公开文本不同")
    total = seed["total"]
    diff.text("合计", "收入", total["revenue_label"], table.value("total", "revenue_label"))
    diff.text("合计", "支出", total["expenditure_label"], table.value("total", "expenditure_label"))
    diff.money("收入总计", "合计", total["revenue_amount"], table.value("total", "revenue_amount"))
    for (key, header), printed in zip(columns, total["values"], strict=True):
        diff.money("支出总计", header, printed, table.value("total", key))


def compare_projects(table: Table, seed: dict[str, Any], diff: Diff) -> None:
    """表7: 类/款 subtotals by code, project rows by project name, then 合计."""
    columns = columns_of(seed)
    econ = [key for key, _ in columns if key != "total"]
    for srow in seed["subtotals"]:
        label = f"{srow['code']} {srow['name']}"
        code = code_of(srow["code"])
        try:
            table.row(code)
        except KeyError:
            diff.note(f"「{label}」：编制结果缺少此行")
            continue
        diff.text(label, "科目名称", srow["name"], table.value(code, "name"))
        for (key, header), printed in zip(columns, srow["values"], strict=True):
            diff.money(label, header, printed, table.value(code, key))
    names = []
    for srow in seed["projects"]:
        name = srow["project"]
        names.append(name)
        key = f"project:{name}"
        try:
            row = table.row(key)
        except KeyError:
            diff.note(f"「{name}」：编制结果缺少此项目")
            continue
        diff.text(name, "科目编码", code_of(srow["code"]), row.code)
        diff.text(name, "科目名称", srow["name"], table.value(key, "name"))
        diff.money(name, "项目支出合计", srow["total"], table.value(key, "total"))
        ours = [v for k in econ if (v := cell_money(table.value(key, k)))]
        if ours != [money(a) for a in srow["amounts"]]:
            shown = [str(v) for v in ours]
            diff.note(
                f"「{name}」经济分类各列（按列序）：公开文本 {srow['amounts']}，编制结果 {shown}"
            )
    order = [r.key.removeprefix("project:") for r in table.rows if r.kind == "project"]
    if order != names:
        diff.note(f"：项目行与公开文本不同（顺序或个数）：{order}")
    for (key, header), printed in zip(columns, seed["total"]["values"], strict=True):
        diff.money("合计", header, printed, table.value("total", key))


def compare_three_public(table: Table, seed: dict[str, Any], diff: Diff) -> None:
    """表10: rows by their printed label."""
    columns = columns_of(seed)
    labels = {str(r.cells[0]): r for r in table.rows}
    for srow in seed["rows"]:
        row = labels.get(srow["label"])
        if row is None:
            diff.note(f"「{srow['label']}」：编制结果缺少此行")
            continue
        for (key, header), printed in zip(columns, srow["values"], strict=True):
            diff.money(srow["label"], header, printed, table.value(row.key, key))
    if list(labels) != [s["label"] for s in seed["rows"]]:
        diff.note(f"：行与公开文本不同：{list(labels)}")


COMPARE = {
    1: compare_overview,
    2: compare_coded,
    3: compare_coded,
    4: compare_fiscal_overview,
    5: compare_coded,
    6: compare_coded,
    7: compare_projects,
    8: compare_coded,
    9: compare_coded,
    10: compare_three_public,
}


@pytest.mark.parametrize("number", sorted(COMPARE))
def test_table_matches_seed(number: int, compiled: dict[int, Table]) -> None:
    seed = seed_table(number)
    table = compiled[number]
    diff = Diff(number)
    diff.text("表头", "标题", seed["title"], table.title)
    diff.text("表头", "编制部门", seed["department"], table.department)
    diff.text("表头", "单位", seed["unit"], table.unit)
    COMPARE[number](table, seed, diff)
    if "note" in seed:
        diff.text("备注", "说明", squeeze(seed["note"]), squeeze(table.note or ""))
    diff.check()


def _seed_variants() -> Iterator[tuple[int, dict[str, Any]]]:
    for number in COMPARE:
        seed = seed_table(number)
        for part in ("rows", "expenditure"):
            for row in seed.get(part) or ():
                if row.get("seed_variant"):
                    yield number, row


def test_seed_variant_names_are_printed_with_the_official_name(
    compiled: dict[int, Table],
) -> None:
    """Where the seed misprints a catalog name, yusuan prints the official one."""
    variants = list(_seed_variants())
    # 表4 prints 234 抗疫特别国债还本支出 (表1: 抗疫特别国债安排的支出); 表6 prints 商品和服务支岀.
    assert {(n, r["code"]) for n, r in variants} == {(4, "234"), (6, "302")}
    for number, row in variants:
        table = compiled[number]
        ours = next(r for r in table.rows if r.code == code_of(row["code"]))
        names = [c for c in ours.cells if isinstance(c, str)]
        assert any(row["official"] in n for n in names), (number, row["code"], names)
        assert not any(row["name"] in n for n in names), (number, row["code"], names)


@pytest.mark.parametrize("number", [2, 3, 5, 6])
def test_seed_transcription_adds_up(number: int) -> None:
    """The fixture itself: the 类 rows of each transcribed table add up to its 合计."""
    seed = seed_table(number)
    top = [r for r in seed["rows"] if len(code_of(r["code"])) == 3]
    for i, (_, header) in enumerate(columns_of(seed)):
        total = sum((money(r["values"][i]) for r in top), ZERO)
        assert total == money(seed["total"]["values"][i]), f"表{number} {header}"


def test_three_public_and_office_running_costs(sample: Budget) -> None:
    parts = three_public_figures(sample)
    assert parts.total == Decimal("14.40")
    assert parts.vehicle_operation == Decimal("14.40")
    assert parts.vehicles == Decimal("14.40")
    assert parts.overseas_travel == parts.reception == parts.vehicle_purchase == ZERO
    assert office_running_costs(sample) == Decimal("30.72")


def test_headline_figures(sample: Budget) -> None:
    f = figures(sample)
    assert f.total == Decimal("5935.22")
    assert f.basic == Decimal("1645.57")
    assert f.project == Decimal("4289.65")
    assert f.fiscal_total == Decimal("5773.91")
    assert f.general_budget == Decimal("5773.91")
    assert f.general_budget_basic == Decimal("1645.57")
    assert f.general_budget_project == Decimal("4128.34")
    assert f.personnel == Decimal("1614.85")
    assert f.operating == Decimal("30.72")
    assert f.general_budget_project_count == 27
    # 财政拨款项目 8 个，涉及预算金额 742.24 万元
    assert f.performance_count == 8
    assert f.performance_total == Decimal("742.24")


@pytest.mark.parametrize("number", [8, 9])
def test_empty_table_notes_read_as_the_seed_prints_them(number: int) -> None:
    """表8/表9 are printed empty with a note (空表并说明); ours says the same words."""
    seed = yaml.safe_load((FIXTURES / f"table{number:02d}.yaml").read_text("utf-8"))
    table = compile_tables(load_budget(SAMPLE))[number - 1]
    assert table.is_empty
    assert table.note == seed["note"]
