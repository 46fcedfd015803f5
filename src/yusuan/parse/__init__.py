"""Reading published disclosures back into the model: PDF text, PDF, XLSX.

One entry point, :func:`parse_file` (or :func:`parse_text` for text already in memory),
returns a :class:`ParseResult`: the :class:`~yusuan.model.disclosure.Disclosure` the
document states (tables in 万元, prose claims, project explanations, performance tables,
and the rebuilt :class:`~yusuan.model.Budget` where the document allows) and a
:class:`ParseReport` accounting for every number token of the input.

Bad input raises :class:`ParseError`, whose ``str`` is one Chinese line naming the file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import cache
from itertools import compress
from operator import attrgetter
from pathlib import Path

from yusuan.catalog import Catalog, CodeKind, load_catalog
from yusuan.model.disclosure import Disclosure, Location, PartKey, StatedTable
from yusuan.parse.layouts import layout
from yusuan.parse.place import STEP_LIMIT
from yusuan.parse.prose import extract_claims, extract_performance, extract_projects, make_stream
from yusuan.parse.rebuild import rebuild
from yusuan.parse.report import NumberToken, ParseReport, ParseResult, TableStatus
from yusuan.parse.tables import Found, read_tables
from yusuan.parse.text import AMOUNT, Document, classify_rest, compact, context, read_text

__all__ = [
    "MAX_BYTES",
    "ParseError",
    "ParseReport",
    "ParseResult",
    "check_totals",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_file",
]

#: Largest input accepted (published disclosures are a few MB at most).
MAX_BYTES = 64 * 1024 * 1024
#: bytes.translate table: 0 ↔ 1 (a line outside every table region)
_NOT = bytes([1, 0, *range(2, 256)])
_ZERO = Decimal(0)
_CENT = Decimal("0.01")


class ParseError(Exception):
    """Input that cannot be read as a disclosure; ``str`` is one line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.message = message
        self.line = line
        where = f"第 {line} 行：" if line else ""
        super().__init__(f"{file}：{where}{message}")


@cache
def _part_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    """All part headings as one pattern (one match per line); group name → part key."""
    alts, names = [], {}
    for k, p in enumerate(layout("text")["parts"]):
        alts.append(f"(?P<p{k}>{p['pattern']})")
        names[f"p{k}"] = p["part"]
    return re.compile("|".join(alts)), names


_PERF_START = re.compile(r"^项\s*目\s*支\s*出\s*绩\s*效\s*目\s*标\s*表")
_SUBHEAD = re.compile(
    r"^(?:（[一二三四五六七八九十]+）|第[一二三四五六七八九十1-9]部分|[一二三四五六七八九十]+、)"
)
#: constructs that may match a line alone but not the same line followed by a line break
_LINE_BOUND = re.compile(r"\(\?[<!>]|\\[AZ]|[*+?}]\+")


@cache
def _heading_scan() -> re.Pattern[str] | None:
    """Part headings, performance-table titles and sub-headings as one look-ahead after each
    line break of the lines joined: the lines that may be one, found in one scan (each then
    checked alone).  None when a pattern could miss a line that way."""
    pats = [p["pattern"] for p in layout("text")["parts"]]
    pats += [_PERF_START.pattern, _SUBHEAD.pattern]
    if any(_LINE_BOUND.search(p) for p in pats):
        return None
    # after a line break, ^ holds: without it (and without named groups) the engine skips
    # the alternatives whose first character differs at once
    alts = "|".join(f"(?:{p.removeprefix('^')})" for p in pats)
    try:
        return re.compile(f"\\n(?={alts})", re.MULTILINE)
    except re.error:
        return None


def _parts(
    doc: Document,
) -> tuple[list[str | None], dict[str, Location], list[tuple[int, int]]]:
    """The part of each line, where each part starts, the performance tables' line ranges."""
    lines = doc.lines
    n = len(lines)
    combined, heading_parts = _part_regex()
    scan = _heading_scan()
    candidates: Iterable[int] = range(n)
    if scan is not None:
        joined = "\n" + doc.text()
        found: list[int] = []
        idx = pos = 0
        for m in scan.finditer(joined):
            idx += joined.count("\n", pos + 1, m.start() + 1)
            pos = m.start()
            found.append(idx)
        candidates = found
    part_of: list[str | None] = [None] * n
    parts: dict[str, Location] = {}
    current: str | None = None
    since = 0  # the first line of the current part
    perf_blocks: list[tuple[int, int]] = []
    perf_start: int | None = None
    for i in candidates:
        ln = lines[i]
        text = ln.text
        if len(text) < 50:
            pm = combined.match(text)
            if pm is not None and pm.lastgroup is not None:
                part = heading_parts[pm.lastgroup]
                if part != "performance":
                    part_of[since:i] = [current] * (i - since)
                    current, since = part, i
                    parts.setdefault(part, Location(part=part, line=ln.no, page=ln.page))
        if text[0] == "项" and _PERF_START.match(text):
            if perf_start is not None:
                perf_blocks.append((perf_start, i))
            perf_start = i
            parts.setdefault("performance", Location(part="performance", line=ln.no, page=ln.page))
        elif perf_start is not None and _SUBHEAD.match(text):
            perf_blocks.append((perf_start, i))
            perf_start = None
    part_of[since:] = [current] * (n - since)
    if perf_start is not None:
        perf_blocks.append((perf_start, n))
    return part_of, parts, perf_blocks


_YEAR = re.compile(r"(20\d\d)\s*年")


@cache
def _year_regex() -> re.Pattern[str]:
    return re.compile(layout("text")["year"])


def _year(doc: Document) -> int | None:
    conf = _year_regex()
    for ln in doc.lines[:400]:
        m = conf.search(ln.text)
        if m:
            return int(m.group(1))
    years = Counter(int(m.group(1)) for ln in doc.lines[:400] for m in _YEAR.finditer(ln.text))
    return years.most_common(1)[0][0] if years else None


def _department(doc: Document, found_depts: list[str | None]) -> str | None:
    depts = [d for d in found_depts if d]
    if depts:
        return Counter(depts).most_common(1)[0][0]
    for ln in doc.lines[:40]:
        m = re.match(r"^(?:预算主管部门|编制部门|部门)\s*[:：]\s*(\S+)", ln.text)
        if m:
            return m.group(1)
    titled = _titled_department(doc)
    if titled:
        return titled
    m2 = re.match(r"^第一部分\s*(\S+?)概况", doc.lines[0].text) if doc.lines else None
    return m2.group(1) if m2 else None


_TITLE_DEPT = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)?(?P<d>[^\s，。；：:、]{4,40}?)(?:20\d\d)年度?部门(?:预算|决算)"
)
_PART_PREFIX = re.compile(r"^第[一二三四五六七八九十]+部分")


def _titled_department(doc: Document) -> str | None:
    """The department a title names: “江苏省人大常委会办公厅2019年部门预算”, “中共上海市
    普陀区委社会工作部2024年度部门决算” (the cover's lines joined, or a part heading)."""
    texts = [compact(ln.text) for ln in doc.lines[:200]]
    first_page = [compact(ln.text) for ln in doc.lines[:8] if ln.page == doc.lines[0].page]
    found: Counter[str] = Counter()
    for k, text in enumerate([*texts, "".join(first_page)]):
        m = _TITLE_DEPT.match(text)
        if m is None:
            continue
        name = _PART_PREFIX.sub("", m.group("d"))
        if len(name) >= 4 and not name.isdigit():
            found[name] += 2 if k == len(texts) else 1  # the cover counts double
    return found.most_common(1)[0][0] if found else None


def check_totals(table: StatedTable, rounding: bool = True) -> bool | None:
    """Parents equal the sum of their children and 合计 the sum of the top rows (code tables).

    With ``rounding``, a difference of at most 0.01 per child is accepted: tables printed in
    元 and converted, or 决算 tables whose cells are each rounded from 元, add up only to
    within rounding.
    """
    rows = table.rows
    coded = [r for r in rows if r.code and r.kind != "project"]
    projects = [r for r in rows if r.kind == "project"]
    if not coded and not projects:
        return None
    total = table.row("total")
    money = [
        c
        for c in table.columns
        if c not in ("revenue_amount", "use_amount")
        and any(r.values.get(c) is not None for r in rows)
    ]
    by_code = {r.code: r for r in coded}
    children: dict[str, list[dict[str, Decimal | None]]] = {}
    for r in coded + projects:
        code = r.code
        assert code is not None
        for plen in (5, 3):
            if len(code) > plen and code[:plen] in by_code:
                children.setdefault(code[:plen], []).append(r.values)
                break

    def close(a: Decimal | None, values: list[Decimal | None], n: int) -> bool:
        b = sum([v for v in values if v is not None], _ZERO)
        a = a or _ZERO
        return a == b or (rounding and abs(a - b) <= _CENT * n)

    # the first difference decides: no need to look further
    for code, kids in children.items():
        parent = by_code[code].values
        for c in money:
            if not close(parent.get(c), [k.get(c) for k in kids], len(kids)):
                return False
    # a pair table's categories add up to the year's expenditure where it prints that line
    # (本年支出合计): its 总计 adds the lines beside it (结转下年)
    if "revenue_amount" in table.columns:
        total = next((r for r in rows if r.kind == "subtotal" and not r.code), total)
    if total is not None:
        tops = [r.values for r in coded if len(r.code or "") == 3]
        if tops:
            for c in money:
                if not close(total.values.get(c), [t.get(c) for t in tops], len(tops)):
                    return False
    return True


#: why a table's columns are partly a guess
_GUESSED = "文本不保留空白单元格，各金额所在列须推算，推算超过步数上限，部分行的列位置是推测的"
#: the role a number of an unread table holds until the other readers are done
_UNREAD = "unread"
#: a word of a row's label (a CJK character)
_WORD = re.compile(r"[\u4e00-\u9fff]")
#: why the tables of a text listing their cells column by column are not read
_COLUMN_ORDER = (
    "表格文字不是按行排列（像 pdftotext、PyMuPDF 默认那样按列逐格列出），无法可靠读出各行数字，"
    "表格未读取、其数字列为未归位：请解析 PDF 原件，或用 pdftotext -layout 重新提取文字"
)


def _column_ordered(doc: Document, found: Sequence[Found], tables: dict[str, StatedTable]) -> bool:
    """Whether the text lists the tables' cells one per line, column by column (as pdftotext,
    PyMuPDF and pdfminer print tables by default), rather than row by row.

    Printed as a line, a row carries its label (or code) with its amounts, and a row of a
    table with several amount columns carries two or more amounts (a pair table: one on each
    side).  Text listing cells one by one puts each amount on a line of its own.  Each table
    is judged on its first 10 lines holding an amount (once there are 4): listed cell by cell
    when more than four in five hold no word, or, with several amount columns, fewer than one
    in five hold two amounts or more.  The text is column-ordered when two tables or more are
    judged and two in three of them are listed cell by cell: one table printed cell by cell
    in row order (the seed's 表7, its narrow columns wrapping every cell) does not decide.
    Nor do rows of two amounts or more: fewer than one in five over all the tables of several
    amount columns together (row order: 58% or more) means column order as well.
    """
    judged = listed = 0
    wide_lines = wide_several = 0  # over the tables of several amount columns together
    for f in found:
        st = tables.get(f.spec.key)
        if st is None:
            continue
        wide = len(st.columns) >= 2
        n = several = bare = 0
        for ln in doc.lines[f.start : f.end]:
            if not ln.tokens:
                continue
            amounts = sum(1 for t in ln.tokens if AMOUNT.match(t.text))
            if not amounts:
                continue
            n += 1
            several += amounts >= 2
            bare += _WORD.search(ln.text) is None
            if n == 10:
                break
        if wide:
            wide_lines += n
            wide_several += several
        if n < 4:
            continue
        judged += 1
        listed += bare * 5 > n * 4 or (wide and several * 5 < n)
    if wide_lines >= 12 and wide_several * 5 < wide_lines:
        return True  # rows of several amounts nowhere to be seen (rotated pages scrambled too)
    return judged >= 2 and listed * 3 >= judged * 2


def _leave_unplaced(doc: Document, f: Found) -> None:
    """Mark a table's numbers to go back to unplaced once the prose is read."""
    for ln in doc.lines[f.start : f.end]:
        for t in ln.tokens:
            if t.role in ("cell", "code", None):
                t.role = _UNREAD  # kept from classify_rest, then unplaced
                t.where = None


def _drop_tables(
    doc: Document,
    found: Sequence[Found],
    tables: dict[str, StatedTable],
    statuses: list[TableStatus],
) -> tuple[list[TableStatus], dict[str, str]]:
    """The tables left unread (key → why): their statuses say so, their numbers are marked
    to go back to unplaced."""
    unreadable = {key: _COLUMN_ORDER for key in tables}
    for f in found:
        if f.spec.key in unreadable:
            _leave_unplaced(doc, f)
    statuses = [
        s.model_copy(update={"status": "unreadable", "rows": 0, "totals_ok": None})
        if s.key in unreadable
        else s
        for s in statuses
    ]
    return statuses, unreadable


def parse_text(
    text: str,
    source: str = "<text>",
    kind: str = "text",
    encoding: str | None = None,
    exact: bool = False,
) -> ParseResult:
    """Parse a disclosure's extracted text (pdfplumber-like, pages marked or not).

    With ``exact``, tables printed in 元 keep their amounts exact in 万元 (up to 6 decimals), so
    they add up as printed; by default each cell is rounded half-up to the cent.  The rebuilt
    budget is in cents either way."""
    doc = read_text(text, source)
    return _parse_document(doc, kind=kind, encoding=encoding, exact=exact)


def _parse_document(
    doc: Document,
    kind: str = "text",
    encoding: str | None = None,
    extra_warnings: list[str] | None = None,
    exact: bool = False,
) -> ParseResult:
    warnings: list[str] = list(extra_warnings or [])
    year = _year(doc)
    catalog = load_catalog(year or 2023)
    part_of, parts, perf_blocks = _parts(doc)
    # ---- tables
    found, results = read_tables(doc, catalog, exact, year)
    in_table = bytearray(len(doc.lines))
    for f in found:
        if f.end > f.title_line:
            in_table[f.title_line : f.end] = b"\x01" * (f.end - f.title_line)
        for i in range(max(0, f.title_line - 2), f.start):
            for t in doc.lines[i].tokens:
                t.role = t.role or "title"
    if found and "tables" not in parts:
        ln = doc.lines[found[0].title_line]
        parts["tables"] = Location(part="tables", line=ln.no, page=ln.page)
    for a, b in perf_blocks:
        if b > a:
            in_table[a:b] = b"\x01" * (b - a)
    tables: dict[str, StatedTable] = {}
    guessed: dict[str, str] = {}
    left = False  # some table left numbers unplaced on purpose
    statuses: list[TableStatus] = []
    table_warnings: list[str] = []
    for f in found:
        res = results.get(f.spec.key)
        if res is None or f.spec.key in tables:
            continue
        st = res.table
        tables[st.key] = st
        table_warnings += [f"表{st.number}（{st.title}）：{w}" for w in res.warnings]
        status = "found"
        if st.is_empty:
            status = "empty_with_note" if st.note else "empty"
        if STEP_LIMIT in res.warnings:
            guessed[st.key] = _GUESSED
        elif res.guessed:
            guessed[st.key] = res.guessed
        for t in res.left:
            t.role = _UNREAD  # kept from classify_rest, then unplaced
            left = True
        ok = check_totals(st)
        if ok is False:
            table_warnings.append(f"表{st.number}（{st.title}）：上级科目或合计与明细之和不等")
        line = doc.lines[f.title_line]
        statuses.append(
            TableStatus(
                key=st.key,
                number=st.number,
                title=st.title,
                status=status,
                rows=len(st.rows),
                unit=f.unit,
                totals_ok=ok,
                line=line.no,
                page=line.page,
                note=st.note,
            )
        )
    unreadable: dict[str, str] = {}
    column_ordered = _column_ordered(doc, found, tables)
    if column_ordered:
        statuses, unreadable = _drop_tables(doc, found, tables, statuses)
        tables = {}
        table_warnings = [_COLUMN_ORDER]  # what reading them as rows found is moot
    for f in found:  # named by its title's words, its header fits no layout: not read
        if f.unfit and f.spec.key not in tables and f.spec.key not in unreadable:
            unreadable[f.spec.key] = f.unfit
            line = doc.lines[f.title_line]
            statuses.append(
                TableStatus(
                    key=f.spec.key,
                    number=f.spec.number,
                    title=compact(line.text),
                    status="unreadable",
                    unit=f.unit,
                    line=line.no,
                    page=line.page,
                )
            )
            table_warnings.append(f"表{f.spec.number}：{f.unfit}")
            _leave_unplaced(doc, f)
    warnings += table_warnings
    for key in _expected_tables(found):
        if key in tables or key in unreadable:
            continue
        if column_ordered:  # its title may be lost among the cells: not known to be missing
            unreadable[key] = _COLUMN_ORDER
            statuses.append(TableStatus(key=key, status="unreadable"))
        else:
            statuses.append(TableStatus(key=key, status="missing"))
    # ---- prose
    prose_idx = list(compress(range(len(doc.lines)), in_table.translate(_NOT)))
    stream = make_stream(doc, prose_idx)
    project_names = []
    t7 = tables.get("general_budget_projects")
    if t7:
        project_names = [r.texts.get("project", r.label) for r in t7.rows if r.kind == "project"]
    projects = extract_projects(stream)
    spaced = {compact(n): n for n in project_names}
    projects = [
        p.model_copy(update={"name": spaced[p.name]}) if p.name in spaced else p for p in projects
    ]
    project_names += [p.name for p in projects if p.name not in project_names]
    resolver = _item_resolver(tables, catalog)
    claims = extract_claims(
        stream, catalog, lambda li: _part_of_index(part_of, li), resolver, project_names
    )
    performance = [
        p.model_copy(update={"project": spaced[compact(p.project)]})
        if compact(p.project) in spaced
        else p
        for p in extract_performance(doc, perf_blocks)
    ]
    classify_rest(doc)
    if unreadable or left:  # the unread tables' numbers stay unplaced (not 序号 and the like)
        for tok in doc.tokens():
            if tok.role == _UNREAD:
                tok.role = None
    department = _department(doc, [f.department for f in found])
    if department is None:
        warnings.append("未能识别部门名称（标题、表头和概况中均未写明），部门名称留空")
    disclosure = Disclosure(
        source=doc.source,
        origin="parsed",
        department=department,
        year=year,
        parts=parts,
        tables=tables,
        unreadable_tables=unreadable,
        guessed_tables=guessed,
        claims=tuple(claims),
        projects=tuple(projects),
        performance=tuple(performance),
        text_lines=tuple(map(attrgetter("text"), doc.lines)),
        text_line_numbers=tuple(map(attrgetter("no"), doc.lines)),
    )
    budget, notes = rebuild(disclosure, catalog)
    warnings += notes
    if budget is not None:
        disclosure = disclosure.model_copy(update={"budget": budget})
    # ---- tokens
    tokens = doc.tokens()
    placed = Counter(filter(None, map(attrgetter("role"), tokens)))
    unplaced = [
        NumberToken(
            text=tok.text,
            line=doc.lines[tok.line].no,
            page=doc.lines[tok.line].page,
            context=context(doc, tok),
        )
        for tok in tokens
        if not tok.role
    ]
    part_names = ["profile", "tables", "narrative", "performance", "glossary"]
    report = ParseReport(
        source=doc.source,
        kind=kind,
        layout=_layout_name(found),
        encoding=encoding,
        lines=doc.raw_line_count,
        pages=doc.pages,
        parts_found=[p for p in part_names if p in parts],
        parts_missing=[p for p in part_names if p not in parts],
        tables=statuses,
        tokens_total=len(tokens),
        placed=dict(placed),
        unplaced=unplaced,
        claims=len(claims),
        projects=len(projects),
        performance_tables=len(performance),
        indicators=sum(len(p.indicators) for p in performance),
        warnings=warnings,
        rebuilt=budget is not None,
    )
    return ParseResult(disclosure=disclosure, report=report, document=doc)


def _part_of_index(part_of: list[str | None], index: int) -> PartKey:
    p = part_of[index] if 0 <= index < len(part_of) else None
    if p in ("profile", "narrative", "glossary", "tables"):
        return p  # type: ignore[return-value]
    return "narrative"


_TITLE_HEAD = re.compile(r"^(?:表\d+)?(?:\d{4}年度?)?")


def _layout_name(found: Sequence[Found]) -> str | None:
    """The layout family, named by the title its first table is printed under."""
    if not found:
        return None
    first = min(found, key=lambda f: f.title_line)
    return f"{len(found)} 张表，首表“{_TITLE_HEAD.sub('', first.title)}”"


def _expected_tables(found: Sequence[Found]) -> list[str]:
    """The tables the report should account for (``expected`` in tables.yaml)."""
    spec = layout("tables")["expected"]
    keys = {f.spec.key for f in found}
    titles = [f.title for f in found]
    out = []
    for key in spec["tables"]:
        marks = spec.get("only_in_layout", {}).get(key)
        if marks is None or key in keys or any(t.endswith(m) for t in titles for m in marks):
            out.append(key)
    return out


def _names(labels: dict[str, str]) -> tuple[dict[str, str], bool]:
    """类/款/项 names → code for the 7-digit codes of ``labels`` (a later full name and an
    earlier short name win), and whether two codes had the same name (then order matters)."""
    names: dict[str, str] = {}
    clash = False
    for code, label in labels.items():
        if len(code) == 7:
            sec = labels.get(code[:5], "")
            cat = labels.get(code[:3], "")
            full, short = f"{cat}/{sec}/{label}", f"/{sec}/{label}"
            clash = clash or full in names or short in names
            names[full] = code
            names.setdefault(short, code)
    return names, clash


#: per catalog (by identity): its functional names and the names derived from them
_CATALOG_NAMES: dict[int, tuple[Catalog, dict[str, str], dict[str, str] | None]] = {}


def _catalog_names(catalog: Catalog) -> tuple[dict[str, str], dict[str, str] | None]:
    hit = _CATALOG_NAMES.get(id(catalog))
    if hit is None or hit[0] is not catalog:
        labels: dict[str, str] = {}
        for entry in catalog.table(CodeKind.functional).values():
            labels.setdefault(entry.code, entry.name)
        names, clash = _names(labels)
        hit = _CATALOG_NAMES[id(catalog)] = (catalog, labels, None if clash else names)
    return hit[1], hit[2]


def _item_resolver(
    tables: dict[str, StatedTable], catalog: Catalog
) -> Callable[[str, str, str], str]:
    rows = []
    for key in ("general_budget_expenditure", "expenditure", "revenue", "fiscal_expenditure"):
        t = tables.get(key)
        if t:
            rows += [r for r in t.rows if r.code]
    labels = {r.code: compact(r.label) for r in rows if r.code}
    known, names_of_catalog = _catalog_names(catalog)
    if names_of_catalog is not None and all(known.get(c) == v for c, v in labels.items()):
        names = names_of_catalog  # the same labels: the same names (no two codes share one)
    else:
        for code, name in known.items():
            labels.setdefault(code, name)
        names = _names(labels)[0]

    def resolve(c: str, s: str, i: str) -> str:
        return names.get(f"{c}/{s}/{i}") or names.get(f"/{s}/{i}") or f"{c}/{s}/{i}"

    return resolve


# ------------------------------------------------------------------ files
def _decode(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise ParseError(name, "不是文本文件（含二进制内容），无法解析")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        bad = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
        if bad > 20:
            raise ParseError(name, "不是文本文件（含大量控制字符），无法解析")
        return text, "utf-8" if enc == "utf-8-sig" else enc
    raise ParseError(name, "文本编码无法识别（既不是 UTF-8 也不是 GB18030）")


def parse_bytes(data: bytes, name: str, exact: bool = False) -> ParseResult:
    """Parse a file's content: PDF, XLSX or text, told apart by their first bytes (``exact``:
    see :func:`parse_text`)."""
    if not data.strip():
        raise ParseError(name, "文件为空")
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    if data[:5] == b"%PDF-":
        from yusuan.parse.pdf import parse_pdf

        return parse_pdf(data, name, exact)
    if data[:4] == b"PK\x03\x04":
        from yusuan.parse.xlsx import parse_xlsx

        return parse_xlsx(data, name)
    text, encoding = _decode(data, name)
    result = parse_text(text, name, "text", encoding, exact)
    if encoding != "utf-8":
        result = result.model_copy(
            update={
                "report": result.report.model_copy(
                    update={"warnings": [encoding_note(encoding), *result.report.warnings]}
                )
            }
        )
    return disclosure_found(result, name)


def encoding_note(encoding: str) -> str:
    """The report's warning for a text read in another encoding than UTF-8."""
    return f"文本编码为 {encoding}，已转换"


def disclosure_found(result: ParseResult, name: str) -> ParseResult:
    """``result``, unless it holds neither a table nor a claim: then no disclosure at all."""
    if not result.disclosure.tables and not result.disclosure.claims:
        raise ParseError(name, "未找到任何公开表或可识别的说明文字，不像部门预算公开文件")
    return result


def _too_large(name: str, size: int) -> ParseError:
    return ParseError(name, f"文件过大（{size // 1048576} MB，上限 {MAX_BYTES // 1048576} MB）")


def read_file(path: str | Path) -> bytes:
    """A file's bytes for the readers; one ParseError line naming it when it cannot be read,
    is a directory, or is larger than :data:`MAX_BYTES` (checked before reading)."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ParseError(name, f"无法读取文件：{exc.strerror or exc}") from exc
    if p.is_dir():
        raise ParseError(name, "是目录，不是文件")
    if size > MAX_BYTES:
        raise _too_large(name, size)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise ParseError(name, f"无法读取文件：{exc.strerror or exc}") from exc


def parse_file(path: str | Path, exact: bool = False) -> ParseResult:
    """Parse a disclosure file (PDF, XLSX or text; ``exact``: see :func:`parse_text`)."""
    return parse_bytes(read_file(path), Path(path).name, exact)
