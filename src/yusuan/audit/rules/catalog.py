"""Catalog (CAT-*): codes exist in the year's 政府收支分类科目, with their official names."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from yusuan.audit.core import Issue, NotApplicable, per_document
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import (
    FUNCTIONAL_TABLES,
    by_code,
    catalog_of,
    code_of,
    coded_rows,
    loc,
    norm,
)
from yusuan.audit.rules.text_quality import line_number, lines_with, strip_variants
from yusuan.catalog import CodeKind, display_code, parent_of
from yusuan.model.disclosure import Disclosure, Location, StatedRow, StatedTable

FAMILY = "catalog"


@per_document
def _coded(d: Disclosure, kind: CodeKind) -> list[tuple[StatedTable, StatedRow, str, str]]:
    """(table, row, code, printed name) of every coded row of one kind (do not change it)."""
    return list(_each_coded(d, kind))


def _each_coded(d: Disclosure, kind: CodeKind) -> Iterator[tuple[StatedTable, StatedRow, str, str]]:
    keys = (
        ("general_budget_basic",)
        if kind is CodeKind.economic
        else (*FUNCTIONAL_TABLES, "general_budget_projects", "overview", "fiscal_overview")
    )
    for key in keys:
        t = d.tables.get(key)
        if t is None:
            continue
        # 表1/表4 print the name after the code on the expenditure side
        paired = t.key in _PAIRED
        for r in t.rows:
            code = code_of(r)
            if not code:
                continue
            texts = r.texts
            if paired:
                name = texts.get("expenditure_label", "").removeprefix(code).strip()
            elif r.kind == "project":
                name = texts.get("name", "")
            else:
                printed = texts.get("name")
                name = r.label if printed is None else printed
            yield t, r, code, name


_PAIRED = frozenset({"overview", "fiscal_overview"})


def _unknown(d: Disclosure, kind: CodeKind) -> Iterator[Issue]:
    catalog = catalog_of(d)
    entries = catalog.table(kind)
    seen: set[tuple[str, str]] = set()
    for t, r, code, _ in _coded(d, kind):
        if entries.get(code) is None and (t.key, code) not in seen:
            seen.add((t.key, code))
            yield Issue(
                f"表{t.number}科目编码 {display_code(code)} 不在 {catalog.year} 年科目表中",
                loc(t, r),
                "科目表中的编码",
                display_code(code),
            )


@rule(id="CAT-001", family=FAMILY, severity="warning", title="功能分类编码存在于当年科目表")
def functional_codes_exist(d: Disclosure) -> Iterator[Issue]:
    """各表中的支出功能分类编码都在当年《政府收支分类科目》中（科目表不全时为警告）。"""
    yield from _unknown(d, CodeKind.functional)


@rule(id="CAT-002", family=FAMILY, severity="warning", title="经济分类编码存在于当年科目表")
def economic_codes_exist(d: Disclosure) -> Iterator[Issue]:
    """表6 中的部门预算支出经济分类编码都在当年科目表中。"""
    yield from _unknown(d, CodeKind.economic)


def _names(d: Disclosure, kind: CodeKind) -> Iterator[Issue]:
    entries = catalog_of(d).table(kind)
    for t, r, code, name in _coded(d, kind):
        entry = entries.get(code)
        official = entry.name if entry else None
        if not official or not name:
            continue
        if norm(name) == norm(official):
            continue
        if norm(strip_variants(name)) == norm(official):
            continue  # only variant characters differ: TXT-001 reports it
        yield Issue(
            f"表{t.number}“{display_code(code)}”的科目名称“{name}”与官方名称“{official}”不符",
            loc(t, r),
            official,
            name,
        )


@rule(id="CAT-003", family=FAMILY, severity="error", title="功能分类科目名称为官方名称")
def functional_names(d: Disclosure) -> Iterator[Issue]:
    """各表中功能分类编码后的科目名称与当年科目表的官方名称一致。"""
    yield from _names(d, CodeKind.functional)


@rule(id="CAT-004", family=FAMILY, severity="error", title="经济分类科目名称为官方名称")
def economic_names(d: Disclosure) -> Iterator[Issue]:
    """表6 经济分类编码后的科目名称与当年科目表的官方名称一致。"""
    yield from _names(d, CodeKind.economic)


@rule(id="CAT-005", family=FAMILY, severity="error", title="科目级次完整：项有其款、款有其类")
def levels_consistent(d: Disclosure) -> Iterator[Issue]:
    """功能分类表（表2、3、5、8、9）和表6 中，每个项级行的款级行、每个款级行的类级行都在表中；
    表7 每个项目的类、款小计行都在表中。"""
    found = False
    for key in (*FUNCTIONAL_TABLES, "general_budget_basic"):
        t = d.tables.get(key)
        if t is None:
            continue
        codes = by_code(t)  # its keys: the codes of code_rows(t)
        for code, r in coded_rows(t):
            found = True
            parent = parent_of(code)
            if parent and parent not in codes:
                yield Issue(
                    f"表{t.number}“{display_code(code)}”行缺少上级科目 {display_code(parent)} 行",
                    loc(t, r),
                    display_code(parent),
                    "缺",
                )
    t7 = d.tables.get("general_budget_projects")
    if t7 is not None:
        subtotals = {code_of(r) for r in t7.rows if r.kind != "project"}
        for r in t7.rows:
            if r.kind != "project" or not r.code:
                continue
            found = True
            for parent in (r.code[:5], r.code[:3]):
                if parent not in subtotals:
                    subtotals.add(parent)  # report each missing subtotal once
                    yield Issue(
                        f"表7 项目“{r.label}”缺少上级科目 {display_code(parent)} 小计行",
                        loc(t7, parent),
                        display_code(parent),
                        "缺",
                        (loc(t7, r),),
                    )
    if not found:
        raise NotApplicable("没有科目行")


@rule(id="CAT-006", family=FAMILY, severity="error", title="同一编码在各表中名称相同")
def same_code_same_name(d: Disclosure) -> Iterator[Issue]:
    """同一功能分类编码在不同的表中印着相同的科目名称。"""
    names: dict[str, dict[str, list[tuple[StatedTable, StatedRow]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for t, r, code, name in _coded(d, CodeKind.functional):
        if name:
            names[code][norm(name)].append((t, r))
    yield from _text_names(d, names)
    for code, variants in names.items():
        if len(variants) < 2:
            continue
        ranked = sorted(variants.items(), key=lambda kv: -len(kv[1]))
        common, places = ranked[0]
        for name, where in ranked[1:]:
            t, r = where[0]
            t0, _ = places[0]
            yield Issue(
                f"编码 {display_code(code)} 在表{t.number}名为“{name}”，在表{t0.number}"
                f"名为“{common}”",
                loc(t, r),
                common,
                name,
                tuple(loc(x, y) for x, y in places),
            )


_CATEGORY_LINE = re.compile(r"^[ \t]*(\d{3})[ \t]+([\u4e00-\u9fff（）]{2,}?支出)", re.MULTILINE)


_CATEGORY_AT_START = re.compile(_CATEGORY_LINE.pattern.removeprefix("^"))


def _category_lines(line: str) -> Iterator[re.Match[str]]:
    """``_CATEGORY_LINE``'s matches in one line (a line never holds a newline, but an API
    caller's might: then the multiline search)."""
    if "\n" in line:
        yield from _CATEGORY_LINE.finditer(line)
    elif match := _CATEGORY_AT_START.match(line):
        yield match


def _text_names(
    d: Disclosure, in_tables: dict[str, dict[str, list[tuple[StatedTable, StatedRow]]]]
) -> Iterator[Issue]:
    """The same 类 code printed with two names in the document text (lines "234 名称")."""
    catalog = catalog_of(d)
    seen: dict[str, dict[str, int]] = defaultdict(dict)
    # a match never crosses a line, and holds "支出": search only the lines that hold it
    lines, at_start = d.text_lines, _CATEGORY_AT_START.match
    for i in lines_with(d, ("支出",)):
        line = lines[i]
        if "\n" in line:  # as _category_lines, inline: most lines do not match
            matches: Iterable[re.Match[str]] = _CATEGORY_LINE.finditer(line)
        elif match := at_start(line):
            matches = (match,)
        else:
            continue
        for match in matches:
            code, name = match.groups()
            if catalog.get(CodeKind.functional, code) is not None:
                seen[code].setdefault(norm(name), i)
    for code, names in seen.items():
        if len(names) < 2:
            continue
        official = norm(catalog.name(CodeKind.functional, code) or "")
        for name, i in names.items():
            if name != official and name not in in_tables.get(code, {}):
                yield Issue(
                    f"编码 {display_code(code)} 在文中第 {line_number(d, i)} 行名为“{name}”，"
                    f"其他处为“{official}”",
                    Location(part="tables", line=line_number(d, i)),
                    official,
                    name,
                )


@rule(id="CAT-007", family=FAMILY, severity="info", title="表1、表4 列出全部功能分类类")
def all_categories_listed(d: Disclosure) -> Iterator[Issue]:
    """表1、表4 支出方按当年科目表列出全部功能分类类级科目（无金额的类也列出；
    有的地方只列有金额的类，故为提示）。"""
    catalog = catalog_of(d)
    cats = [e.code for e in catalog.categories(CodeKind.functional)]
    for key in ("overview", "fiscal_overview"):
        t = d.tables.get(key)
        if t is None:
            continue
        listed = {r.code for r in t.rows if r.code and len(r.code) == 3}
        missing = [c for c in cats if c not in listed]
        if missing:
            yield Issue(
                f"表{t.number}支出方未列出类 {'、'.join(missing)}",
                loc(t),
                "、".join(missing),
                "缺",
            )


@rule(id="CAT-008", family=FAMILY, severity="error", title="表7 项目列在项级科目下")
def projects_at_item_level(d: Disclosure) -> Iterator[Issue]:
    """表7 每个项目行的功能分类编码是项级（7 位）编码。"""
    t = d.tables.get("general_budget_projects")
    if t is None:
        raise NotApplicable("没有表7")
    for r in t.rows:
        if r.kind == "project" and (not r.code or len(r.code) != 7):
            yield Issue(
                f"表7 项目“{r.label}”的科目编码“{r.code or ''}”不是项级编码",
                loc(t, r),
                "7 位项级编码",
                r.code or "",
            )
