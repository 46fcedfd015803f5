"""Shared helpers for rules: table access, places, amounts, messages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import cache, lru_cache

from yusuan.audit.core import Issue, NotApplicable, NotRun, per_document, table_read
from yusuan.catalog import Catalog, display_code, load_catalog, parent_of
from yusuan.compile.layouts import layout_data, leaf_specs
from yusuan.model.disclosure import Claim, Disclosure, Location, StatedRow, StatedTable
from yusuan.model.money import CENT, ZERO, fmt_money, round_half_up

HUNDRED = Decimal(100)
FUNCTIONAL_TABLES = (
    "revenue",
    "expenditure",
    "general_budget_expenditure",
    "fund_budget_expenditure",
    "state_capital_expenditure",
)


@cache
def table_titles() -> dict[str, tuple[int, str]]:
    """glossary key → (number, title) of the ten tables."""
    return {t["key"]: (t["number"], t["title"]) for t in layout_data()["tables"]}


@cache
def column_labels(key: str) -> dict[str, str]:
    """Column key → Chinese header label for one table."""
    spec = next(t for t in layout_data()["tables"] if t["key"] == key)
    nodes = list(spec["columns"]) + list(spec.get("money_columns", []))
    out = {n["key"]: n["label"] for n in leaf_specs(nodes)}
    if "money_group" in spec:
        out.update(total="合计", basic="基本支出", project="项目支出")
    return out


@cache
def other_column_labels(key: str) -> dict[str, str]:
    """Money columns of one table that other layouts print (``other_columns``): key → label.
    Known by name, not standard: an identity over the standard columns does not cover them."""
    spec = next(t for t in layout_data()["tables"] if t["key"] == key)
    return {n["key"]: n["label"] for n in spec.get("other_columns", [])}


@cache
def signed_columns(key: str) -> frozenset[str]:
    """Columns of one table that may hold negative amounts (``signed`` other columns: 增减额)."""
    spec = next(t for t in layout_data()["tables"] if t["key"] == key)
    return frozenset(n["key"] for n in spec.get("other_columns", []) if n.get("signed"))


def table_name(key: str) -> str:
    number, title = table_titles()[key]
    return f"表{number}“{title}”"


def need(d: Disclosure, key: str) -> StatedTable:
    """The table, or NotRun when the document lacks it."""
    table_read(key)
    t = d.tables.get(key)
    if t is None:
        if key in d.unreadable_tables:
            raise NotRun(f"{table_name(key)}未能读取：{d.unreadable_tables[key]}")
        raise NotRun(f"文件中没有{table_name(key)}")
    return t


def need_rows(t: StatedTable) -> StatedTable:
    if not t.rows:
        raise NotApplicable(f"表{t.number}为空表")
    return t


def m(value: Decimal | None) -> str:
    """An amount for a message: two decimals, half-up (a cell kept exact in 元 shows as printed)."""
    return fmt_money(round_half_up(value) if value is not None else ZERO)


def as_printed(value: Decimal) -> Decimal:
    """A table amount as prose prints it: 万元 to two decimals, half-up.  Tables printed in 元
    are kept exact (e.g. 12.345678 万元); a prose figure is compared with this, while table
    arithmetic keeps comparing exact amounts."""
    return round_half_up(value)


def pct(value: Decimal) -> str:
    return f"{value:,.2f}%"


def amt(row: StatedRow | None, column: str) -> Decimal:
    """A stated amount; a blank cell is zero, as printed tables mean it."""
    if row is None:
        return ZERO
    v = row.values.get(column)
    return v if v is not None else ZERO


@per_document
def _revenue_labels(t: StatedTable) -> dict[str, StatedRow]:
    index: dict[str, StatedRow] = {}
    for r in t.rows:  # the first row printed with a label wins
        if r.key.startswith("rev:"):
            index.setdefault(norm(r.key.removeprefix("rev:")), r)
        index.setdefault(norm(r.texts.get("revenue_label", "")), r)
    return index


def revenue_row(t: StatedTable, label: str) -> StatedRow | None:
    """The first row whose key is ``rev:<label>`` or whose printed revenue label is ``label``
    (ignoring spaces and bracket widths)."""
    return _revenue_labels(t).get(norm(label))


@per_document
def _carryover_labels(t: StatedTable) -> dict[str, StatedRow]:
    """表4's revenue lines printed under 上年结转, by label: the same labels (一般公共预算 …)
    print under 本年收入 first."""
    index: dict[str, StatedRow] = {}
    under = False
    for r in t.rows:
        label = r.texts.get("revenue_label") or ""
        if not label and r.key.startswith("rev:"):
            label = r.key.removeprefix("rev:")
        if not label:
            continue
        if "上年结转" in label:
            under = True
        elif under:
            index.setdefault(norm(label), r)
    return index


def carryover_row(t: StatedTable, label: str) -> StatedRow | None:
    """The revenue line ``label`` under 上年结转 (表4), None when not printed."""
    return _carryover_labels(t).get(norm(label))


def code_of(row: StatedRow) -> str | None:
    if row.code:
        return row.code
    return row.key if row.key.isdigit() else None


def row_label(t: StatedTable, row: StatedRow, column: str | None = None) -> str:
    """How a finding names the row.  A 表1/表4 line pairs a revenue item with an expenditure
    类: it is named by the side ``column`` is on (the revenue side when no column is given)."""
    code = code_of(row)
    if row.kind == "project":
        return row.label or row.key.removeprefix("project:")
    if row.key == "total":
        return row.label or "合计"
    paired = _paired_label(row, column)
    if paired is not None:
        return paired
    name = row.label
    if code and not name.startswith(code):
        return f"{display_code(code)} {name}".strip()
    return name


_REVENUE_SIDE = frozenset({"revenue_label", "revenue_amount"})


def _paired_label(row: StatedRow, column: str | None) -> str | None:
    revenue = row.texts.get("revenue_label")
    expenditure = row.texts.get("expenditure_label")
    if revenue is None or expenditure is None:
        return None  # not a paired line
    if column is None or column in _REVENUE_SIDE:
        return revenue.strip() or None
    code = code_of(row)
    name = expenditure.strip()
    if (
        code
        and name
        and not norm(name).startswith(code)
        and not name.startswith(display_code(code))
    ):
        return f"{display_code(code)} {name}"
    return name or None


def where(t: StatedTable, row: StatedRow | None, column: str | None = None) -> str:
    bits = f"表{t.number}"
    if row is not None:
        bits += f"“{row_label(t, row, column)}”行"
    if column:
        bits += f" {column_label(t.key, column)}"
    return bits


def column_label(key: str, column: str) -> str:
    """A column's Chinese label in table ``key`` (the standard layout's or another's)."""
    label = column_labels(key).get(column)
    return label if label is not None else other_column_labels(key).get(column, column)


def col(t: StatedTable, column: str) -> str:
    return column_label(t.key, column)


def loc(t: StatedTable, row: StatedRow | str | None = None, column: str | None = None) -> Location:
    if isinstance(row, StatedRow):
        return Location(
            part="tables",
            table=t.number,
            table_key=t.key,
            row=row.key,
            column=column,
            line=row.line,
            page=row.page,
        )
    return Location(part="tables", table=t.number, table_key=t.key, row=row, column=column)


@per_document
def coded_rows(t: StatedTable) -> list[tuple[str, StatedRow]]:
    """(code, row) of the rows with a 科目 code (not project rows), in table order (do not
    change the list)."""
    return [(c, r) for r in t.rows if (c := code_of(r)) and r.kind != "project"]


@per_document
def code_rows(t: StatedTable) -> list[StatedRow]:
    """The rows with a 科目 code (not project rows), in table order (do not change the list)."""
    return [r for _, r in coded_rows(t)]


@per_document
def by_code(t: StatedTable) -> dict[str, StatedRow]:
    """Code → row (the last row of a code wins; do not change the dict)."""
    return dict(coded_rows(t))


@per_document
def _rows_by_key(t: StatedTable) -> dict[str, StatedRow]:
    index: dict[str, StatedRow] = {}
    for r in t.rows:
        index.setdefault(r.key, r)
    return index


def row_of(t: StatedTable, key: str) -> StatedRow | None:
    """``t.row(key)`` (the first row of that key) through a per-audit index of the table."""
    return _rows_by_key(t).get(key)


def total_row(t: StatedTable) -> StatedRow:
    r = row_of(t, "total")
    if r is None:
        raise NotRun(f"表{t.number}没有合计行")
    return r


def children(t: StatedTable, code: str) -> list[StatedRow]:
    """The code rows one level below ``code``, in table order."""
    return _children(t).get(code, [])


@per_document
def _children(t: StatedTable) -> dict[str | None, list[StatedRow]]:
    out: dict[str | None, list[StatedRow]] = {}
    for code, r in coded_rows(t):
        out.setdefault(parent_of(code), []).append(r)
    return out


def require(t: StatedTable, *columns: str) -> None:
    """NotRun unless the table prints every one of ``columns`` (layouts differ by locality)."""
    printed = t.columns
    for c in columns:
        if c not in printed:
            break
    else:
        return
    missing = [c for c in dict.fromkeys(columns) if c not in t.columns]
    if missing:
        raise NotRun(
            f"表{t.number}未列出“{'、'.join(col(t, c) for c in missing)}”列"
            "（格式与标准不同），无法核对"
        )


def require_standard(t: StatedTable) -> None:
    """NotRun when the table has amount columns the standard layout does not know: an
    identity over the standard columns may then leave money out."""
    unknown = [c for c in t.columns if c not in column_labels(t.key)]
    if unknown:
        raise NotRun(f"表{t.number}有标准格式以外的列（{'、'.join(unknown)}），无法按标准核对")


def sum_check(
    t: StatedTable,
    row: StatedRow,
    column: str,
    parts: Iterable[tuple[StatedRow, str]],
    what: str | None = None,
) -> list[Issue]:
    """``row.column`` must equal the sum of ``parts`` (rows × columns) to the cent: no issue,
    or one (a list, to ``yield from``)."""
    parts = list(parts)
    printed = t.columns
    if column not in printed or any(c not in printed for _, c in parts):
        require(t, column, *(c for _, c in parts))
    expected = ZERO  # blank cells and zeros change no sum: only the other amounts are added
    for r, c in parts:
        v = r.values.get(c)
        if v:
            expected += v
    stated = amt(row, column)
    if stated == expected:
        return []
    return [_sum_issue(t, row, column, parts, what, stated, expected)]


def total_of(cells: list[dict[str, Decimal | None]], column: str) -> Decimal:
    """The amounts in ``column`` of rows' ``values`` added up: blank cells count as zero,
    and neither they nor zeros are added (they change no sum; most cells are zero)."""
    total = ZERO
    for values in cells:
        v = values.get(column)
        if v:
            total += v
    return total


def column_sum(t: StatedTable, row: StatedRow, column: str, rows: list[StatedRow]) -> list[Issue]:
    """``sum_check(t, row, column, [(r, column) for r in rows])``: the pairs are built only
    when the check fails."""
    if column not in t.columns:
        require(t, column)
    expected = total_of([r.values for r in rows], column)
    v = row.values.get(column)
    stated = v if v is not None else ZERO
    if stated == expected:
        return []
    parts = [(r, column) for r in rows]
    return [_sum_issue(t, row, column, parts, None, stated, expected)]


def columns_sum(
    t: StatedTable, row: StatedRow, columns: Iterable[str], rows: list[StatedRow]
) -> list[Issue]:
    """``column_sum`` for each of ``columns`` in turn: the issues in column order (NotRun at
    the first column the table does not print), the rows' amounts looked up once."""
    issues: list[Issue] = []
    printed, values, stated_values = t.columns, [r.values for r in rows], row.values
    for column in columns:
        if column not in printed:
            require(t, column)
        expected = total_of(values, column)
        v = stated_values.get(column)
        stated = v if v is not None else ZERO
        if stated != expected:
            parts = [(r, column) for r in rows]
            issues.append(_sum_issue(t, row, column, parts, None, stated, expected))
    return issues


def _sum_issue(
    t: StatedTable,
    row: StatedRow,
    column: str,
    parts: list[tuple[StatedRow, str]],
    what: str | None,
    stated: Decimal,
    expected: Decimal,
) -> Issue:
    shown = [(r, c) for r, c in parts if amt(r, c)] if len(parts) > 4 else parts
    terms = " + ".join(f"{_term(t, row, column, r, c)} {m(amt(r, c))}" for r, c in shown)
    hint = "，相差 0.01，疑为分项各自四舍五入" if abs(stated - expected) == CENT else ""
    if m(stated) == m(expected):  # amounts kept exact from a table printed in 元
        hint = f"，相差 {abs(stated - expected) * 10000:,.2f} 元"
    return Issue(
        f"{where(t, row, column)} {m(stated)} ≠ {what or terms or '0.00'}"
        f"（应为 {m(expected)}{hint}）",
        loc(t, row, column),
        expected=m(expected),
        actual=m(stated),
        related=tuple(loc(t, r, c) for r, c in parts),
    )


def _term(t: StatedTable, row: StatedRow, column: str, r: StatedRow, c: str) -> str:
    if r is row:
        return col(t, c)
    label = f"“{row_label(t, r, c)}”"
    return label if c == column else f"{label} {col(t, c)}"


@per_document
def money_columns(t: StatedTable) -> list[str]:
    """The table's money columns yusuan knows, in order: the standard layout's and those other
    layouts print (do not change the list)."""
    others = other_column_labels(t.key)
    return [
        c for c in t.columns if (c in column_labels(t.key) and _is_money(t.key, c)) or c in others
    ]


@cache
def _money_keys(key: str) -> frozenset[str]:
    spec = next(x for x in layout_data()["tables"] if x["key"] == key)
    nodes = list(spec["columns"]) + list(spec.get("money_columns", []))
    keys = {n["key"] for n in leaf_specs(nodes) if n.get("kind") == "money"}
    if "money_group" in spec:
        keys |= {"total", "basic", "project"}
    return frozenset(keys)


def _is_money(key: str, column: str) -> bool:
    return column in _money_keys(key)


def catalog_of(d: Disclosure) -> Catalog:
    if d.budget is not None:
        return d.budget.catalog
    if d.year is None:
        raise NotRun("文件未写明预算年度，无法确定科目表")
    return load_catalog(d.year)


# ---------------------------------------------------------------- claims
@per_document
def claim_index(d: Disclosure) -> dict[str, list[Claim]]:
    """Claims by topic and by base topic, built once per audit (do not change the dict).

    Per audit, not in a module global: a global kept the last document audited alive, and
    the next audit paid for freeing it."""
    index: dict[str, list[Claim]] = {}
    for c in d.claims:
        topic = c.topic
        found = index.get(topic)
        if found is None:
            index[topic] = [c]
        else:
            found.append(c)
        if ":" in topic:  # a parameter: the base topic too
            base = topic.split(":", 1)[0]
            found = index.get(base)
            if found is None:
                index[base] = [c]
            else:
                found.append(c)
    return index


def claims_for(d: Disclosure, topic: str) -> list[Claim]:
    """Like ``Disclosure.claims_for``, through the index."""
    return claim_index(d).get(topic, [])


def claims(d: Disclosure, topic: str) -> list[Claim]:
    found = claims_for(d, topic)
    if not found:
        raise NotRun(f"文件未陈述该数字（{topic}）")
    return found


def narrative_claims(d: Disclosure) -> None:
    if not d.claims:
        raise NotRun("文件未陈述该数字：没有情况说明中的数字")


def dec(value: object) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return None


def claim_loc(c: Claim) -> Location:
    return c.location if c.location.part else c.location.model_copy(update={"part": "narrative"})


def quote(c: Claim) -> str:
    text = c.text.strip()
    if not text:
        return ""
    return f"“{text[:40]}{'…' if len(text) > 40 else ''}”"


def share_of(part: Decimal, whole: Decimal) -> Decimal:
    return round_half_up(part / whole * HUNDRED) if whole else ZERO


def rate_of(change: Decimal, current: Decimal) -> Decimal | None:
    """Rate = change ÷ (current − change) × 100, two decimals; None when the prior is zero."""
    prior = current - change
    if prior == 0:
        return None
    return round_half_up(change / prior * HUNDRED)


_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "“": '"', "”": '"', "、": "、"})


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Compare names ignoring spaces and half/full-width brackets."""
    return _SPACE.sub("", text).translate(_BRACKETS)


#: a 表1/表4 line's numbering (一、 （一） 1. 其中：), which layouts print differently
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+[、.．]|其中[:：])+"
)


def bare(label: str) -> str:
    """A 表1/表4 line's label as :func:`norm` compares it, its numbering left out."""
    return _NUMBERING.sub("", norm(label))


def first_line(t: StatedTable, labels: Iterable[str]) -> StatedRow | None:
    """The table's first revenue line printed as one of ``labels``, or so once the numbering
    is left out (rows printed with the label first, then by the order of ``labels``)."""
    labels = list(labels)
    for label in labels:
        row = revenue_row(t, label)
        if row is not None:
            return row
    wanted = {bare(label) for label in labels}
    for row in t.rows:
        if row.key.startswith("rev:"):
            if bare(row.texts.get("revenue_label") or row.key.removeprefix("rev:")) in wanted:
                return row
    return None
