"""Reading the disclosure tables out of PDF text, by the layouts in ``layouts/tables.yaml``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, cached_property
from itertools import pairwise, product
from typing import Any
from unicodedata import east_asian_width

from yusuan.catalog import Catalog, CodeKind, load_catalog
from yusuan.model.disclosure import Location, StatedRow, StatedTable
from yusuan.parse.layouts import layout
from yusuan.parse.place import (
    Node,
    Spec,
    forget_rows,
    placed_values,
    placements,
    solve,
    spec_from,
    values_of,
)
from yusuan.parse.records import record, trusted
from yusuan.parse.text import AMOUNT, Document, Line, Token, columns, compact, printed

CENT = Decimal("0.01")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计)(?=\s|$|\d)")
_NOTE = re.compile(r"^(?:备\s*注|注|说\s*明)\s*[:：]")
#: the characters _TOTAL and _NOTE can begin with (the codes' patterns: a digit), tested
#: before the pattern: most lines begin otherwise, and a test costs far less than a match
_TOTAL_HEADS = ("合", "总")
_NOTE_HEADS = ("备", "注", "说")


def _is_note(text: str) -> bool:
    """The line begins a 备注/注/说明 note."""
    return text.startswith(_NOTE_HEADS) and _NOTE.match(text) is not None


# ------------------------------------------------------------------------- codes
@dataclass(frozen=True, slots=True)
class _CodeRes:
    """The codes that begin a row, each followed by what ``codes`` in tables.yaml lets follow
    a code: a space, the line's end, or its name glued on."""

    functional: re.Pattern[str]  # 201 31 01, 201 31 1 (a zero lost), 2013101, 20131
    economic: re.Pattern[str]  # 301 01, 30101
    #: 表7: a code cut as 1 31 … 99 (groups 1–3), or printed in one piece (groups 4–6)
    project: re.Pattern[str]
    segment: re.Pattern[str]  # 决算 表6: 301 or 30101 anywhere a list's half may begin


@cache
def _code_res() -> _CodeRes:
    data = layout("tables")["codes"]
    after = f"(?=\\s|$|(?!{data['not_name']}){data['name_start']})"
    return _CodeRes(
        re.compile(
            rf"^(\d{{3}})(?:\s+(\d{{1,2}}))?(?:\s+(\d{{1,2}}))?{after}|^(\d{{7}}|\d{{5}}){after}"
        ),
        re.compile(rf"^(\d{{3}})(?:\s+(\d{{1,2}}))?{after}|^(\d{{5}}){after}"),
        re.compile(
            rf"^(?:(\d{{1,3}})(?:\s+(\d{{2}}))?(?:\s+(\d{{2}}))?|(\d{{3}})(\d{{2}})(\d{{2}})?){after}"
        ),
        re.compile(rf"(?:^|(?<=\s)|(?<=科目编码))(\d{{3}}|\d{{5}}){after}"),
    )


def _glued(text: str, end: int) -> bool:
    """The code that ends at ``end`` has its name glued on (no space between)."""
    return end < len(text) and not text[end].isspace()


def _known_category(catalog: Catalog, kind: CodeKind, code: str) -> bool:
    """The catalog knows the 类 ``code`` begins with (a code glued to its name must be one)."""
    return catalog.get(kind, code[:3]) is not None


@dataclass
class TableSpec:
    key: str
    kind: str
    number: int | None
    titles: list[str]
    data: dict[str, Any]
    _specs: dict[str, Spec] = field(default_factory=dict, repr=False, compare=False)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.data.get("columns", [])]

    def spec(self, prefix: str = "") -> Spec:
        if prefix not in self._specs:
            cols = [str(c) for c in self.data.get(f"{prefix}columns", [])]
            sums = self.data.get(f"{prefix}sums", [])
            prior = {str(k): float(v) for k, v in self.data.get(f"{prefix}prior", {}).items()}
            self._specs[prefix] = spec_from(cols, sums, prior)
        return self._specs[prefix]

    @cached_property
    def pair_totals(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """A pair table's revenue and expenditure 总计 labels, each as one pattern."""

        def one(patterns: list[str]) -> re.Pattern[str]:
            return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")

        return one(self.data.get("revenue_total", [])), one(self.data.get("expenditure_total", []))

    @cached_property
    def pair_lines(self) -> _PairLines:
        """A pair table's expenditure lines that are no category (``expenditure_lines``) and
        its subtotal label (``subtotal``)."""
        lines = self.data.get("expenditure_lines") or {}
        roles = {str(label): str(role) for role, labels in lines.items() for label in labels}
        totals = [
            p.removeprefix("^").removesuffix("$") for p in self.data.get("expenditure_total", [])
        ]
        ends = sorted(roles, key=len, reverse=True)
        tail = "|".join([*(re.escape(n) for n in ends), *totals])
        return _PairLines(
            roles,
            re.compile(rf"(?<=\s)(?:{_ORDINAL})?(?:{tail})$") if roles else None,
            re.compile("|".join(f"(?:{p})" for p in self.data.get("subtotal", [])) or r"(?!)"),
            frozenset(str(label) for label in self.data.get("use_lines", [])),
        )


#: a line's numbering on the left of a pair table's label (一、 二、)
_ORDINAL = "[一二三四五六七八九十]+、"


@dataclass(frozen=True)
class _PairLines:
    #: label (numbering aside) → its role: ``current`` (the year's expenditure), ``beside``
    roles: dict[str, str]
    #: a label of the expenditure side ending a text after a space (no amount between)
    tail: re.Pattern[str] | None
    subtotal: re.Pattern[str]
    #: the 支出用途 column's labels (numbering aside), for a line that prints only that cell
    use: frozenset[str] = frozenset()

    def role(self, label: str) -> str | None:
        """The role of an expenditure-side label (compact, numbering aside), or None."""
        if not self.roles:
            return None
        return self.roles.get(re.sub(f"^{_ORDINAL}", "", label))

    def is_use(self, label: str) -> bool:
        """Whether ``label`` (compact) is a 支出用途 line (基本支出, 单位预留机动经费)."""
        return bool(self.use) and re.sub(f"^{_ORDINAL}", "", label) in self.use


@dataclass
class Found:
    """A table located in the document: its spec and the line range of its body."""

    spec: TableSpec
    title_line: int  # index into doc.lines
    start: int
    end: int
    unit: str = "万元"
    department: str | None = None
    title: str = ""  # the title as printed, whitespace removed
    #: what other tables say of this one's cells (``cross`` in tables.yaml)
    hints: list[Hint] = field(default_factory=list)
    unit_assumed: bool = False  # no 单位 line: 万元 taken
    #: no layout lists the title: its words named the table, read by that table's first layout
    by_words: bool = False
    #: why the table is not read: its title named it by words, its header fits no layout
    unfit: str | None = None
    #: keep 元 amounts exact in 万元 (up to 6 decimals) instead of rounding each cell to the cent
    exact: bool = False
    #: functional code → name as the document's other tables print it (表3/表5), for 表7
    names: dict[str, str] = field(default_factory=dict)
    #: the header, whitespace removed (:func:`header_text`)
    header: str = ""
    #: a one-row table printing its columns once per group (``column_groups``): each group's
    #: kind (current, prior_year, change …) and its label as printed, left to right
    groups: tuple[tuple[str, str], ...] = ()


@dataclass
class TableResult:
    table: StatedTable
    warnings: list[str] = field(default_factory=list)
    rounding: bool = False
    #: why some of the table's cells are a guess (``Disclosure.guessed_tables``), or None
    guessed: str | None = None
    #: numbers of the table left unplaced on purpose (a warning says why): not to be given a
    #: role from their context (a rate of 增减率 is no quantity of the prose)
    left: list[Token] = field(default_factory=list)


@cache
def table_specs() -> list[TableSpec]:
    out = []
    for t in layout("tables")["tables"]:
        out.append(TableSpec(t["key"], t["kind"], t.get("number"), list(t["titles"]), t))
    return out


@cache
def _title_index() -> list[tuple[str, TableSpec]]:
    """(compact title, spec), longest first so the most specific title wins."""
    pairs = [(compact(title), spec) for spec in table_specs() for title in spec.titles]
    return sorted(pairs, key=lambda p: -len(p[0]))


_TITLE_PREFIX = re.compile(
    r"^(?:表\s*\d+|公开表[一二三四五六七八九十]+|\d+[.．、]\s*)?(?:\d{4}年度?)?"
)


@cache
def _title_re() -> tuple[re.Pattern[str], dict[str, TableSpec]]:
    by_title = {t: spec for t, spec in reversed(_title_index())}
    alt = "|".join(re.escape(t) for t in sorted(by_title, key=len, reverse=True))
    return re.compile(f"(?:{alt})$"), by_title


#: what may follow a title on its line: (2023年), 单位：万元, 编制部门：…
_TITLE_SUFFIX = re.compile(
    r"(?:[（(]\d{4}年度?[)）])?(?:(?:编制部门|编制单位|金额单位|单位)[:：].*)?$"
)


@cache
def _first_layouts() -> dict[str, TableSpec]:
    """Each table's first layout in tables.yaml: the one read when nothing says otherwise."""
    first: dict[str, TableSpec] = {}
    for spec in table_specs():
        first.setdefault(spec.key, spec)
    return first


@cache
def _title_words() -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], TableSpec]]]:
    """``title_words`` of tables.yaml: what rules a line out, and (words, table's first layout)."""
    data = layout("tables")["title_words"]
    first = _first_layouts()
    named = [(re.compile(e["words"]), first[e["key"]]) for e in data["tables"]]
    return re.compile(data["not_title"]), named


@cache
def _header_layouts() -> dict[str, list[TableSpec]]:
    """Per table, the layouts that the words of a table's header choose (``header``)."""
    out: dict[str, list[TableSpec]] = {}
    for spec in table_specs():
        if spec.data.get("header"):
            out.setdefault(spec.key, []).append(spec)
    return out


def header_text(lines: list[Line], start: int, doc: Document | None = None) -> str:
    """A table's header, whitespace removed: its lines from ``start`` (after the unit line) up
    to the first that holds an amount, begins with a code or is a 合计 row of figures or blanks
    (12 lines at most).  Lines printed at their columns (``pdftotext -layout``, see
    :func:`stacked_header`) are read column by column; other lines are joined in turn."""
    parts = []
    for ln in lines[start : start + 12]:
        text = ln.text
        if _code_res().functional.match(text) or any(AMOUNT.match(t.text) for t in ln.tokens):
            break
        total = _TOTAL.match(text)
        if total and not _CJK.search(text, total.end()):  # the 合计 row, blank or zeros
            break
        parts.append(compact(text))
    if doc is not None and len(parts) > 1:
        stacked = stacked_header(doc, range(start, start + len(parts)))
        if stacked is not None:
            return stacked
    return "".join(parts)


#: a header piece: (first column, column after its last character, text)
_Piece = tuple[int, int, str]


def _header_pieces(doc: Document, index: int) -> list[_Piece] | None:
    """Line ``index``'s pieces at their columns; ``None`` when the line is not as its source
    prints it.

    ``pdftotext -layout`` may leave a single space between two cells (``上年结 一般公共预算拨``:
    a CJK character takes one position but is laid out on a grid of half its width), so a run
    of text is cut at each space: the words of one label land in the same column anyway.  A
    run of single characters (``收 入 总 计``) is a label spaced out, kept whole."""
    cells = columns(doc, index)
    if cells is None:
        return None
    return [piece for at, run in cells for piece in _cut(at, run)]


def _cut(at: int, run: str) -> list[_Piece]:
    """A run of text printed at column ``at``, cut at each space into pieces at their columns
    (a run of single characters, a label spaced out, kept whole)."""
    words = run.split(" ")
    if len(words) == 1 or all(len(w) == 1 for w in words):
        return [(at, at + len(run), run)]
    pieces: list[_Piece] = []
    for w in words:
        pieces.append((at, at + len(w), w))
        at += len(w) + 1
    return pieces


def _laid_out(doc: Document, index: int) -> bool:
    """Whether line ``index`` as printed shows columns: indented, or two cells two spaces or
    more apart (pdfplumber's text and the PDF reader's put one space between cells)."""
    text = printed(doc, index)
    return text is not None and (text.startswith("  ") or "  " in text.strip())


def _spans(lines: list[list[_Piece]]) -> list[list[int]]:
    """The columns of a header's lines of pieces, each as [first, after last] position: the
    bottom line's pieces give the columns; a piece above joins the column it overlaps, starts
    one where it overlaps none, and is a group label (left out) where it overlaps several."""
    cols: list[list[int]] = []
    for pieces in reversed(lines):
        for a, b, _ in pieces:
            hits = [col for col in cols if min(col[1], b) > max(col[0], a)]
            if not hits:
                cols.append([a, b])
            elif len(hits) == 1:
                hits[0][0], hits[0][1] = min(hits[0][0], a), max(hits[0][1], b)
    return cols


def stacked_header(doc: Document, indices: Iterable[int]) -> str | None:
    """A table header wrapped over lines, read column by column (whitespace removed), when its
    lines are printed at their columns as ``pdftotext -layout`` prints them; else ``None``.

    A narrow column's label wraps (``事业收`` / ``入``) and the lines, joined in turn, do not
    hold its words.  As ``pdf._stack_headers`` does with character boxes: the bottom line's
    pieces give the columns; a piece above joins the column it overlaps, starts a column where
    it overlaps none (a label spanning the header's lines), and is a group label where it
    overlaps several.  Overlap is of the character positions, with no tolerance: pdftotext
    prints a wrapped label's pieces at overlapping positions (the same column, or, centred, the
    shorter piece from one position left to four right of the longer one's start, inside its
    span), and two cells of a line may be one space apart.  Each column's pieces are joined
    top to bottom; columns and group labels follow each other left to right, a group label
    before the columns it spans (合计 因公出国（境）费 公务用车购置及运行费 小计 购置费 运行费
    公务接待费: the order the 三公 layouts' words are looked up in).  Lines that show no
    column (each cell one space apart, none indented: PDF text as pdfplumber prints it, or as
    the PDF reader does, which stacks headers itself) give ``None``."""
    at = list(indices)
    if len(at) < 2 or not any(_laid_out(doc, i) for i in at):
        return None
    lines: list[list[_Piece]] = []
    for i in at:
        pieces = _header_pieces(doc, i)
        if pieces is None:
            return None
        lines.append(pieces)
    cols = _spans(lines)
    texts: list[list[str]] = [[] for _ in cols]
    groups: list[tuple[int, int, int, str]] = []  # (first column, line, column, text)
    for k, pieces in enumerate(lines):
        for a, b, text in pieces:
            over = [n for n, col in enumerate(cols) if min(col[1], b) > max(col[0], a)]
            if len(over) == 1:
                texts[over[0]].append(text)
            else:
                groups.append((min([cols[n][0] for n in over], default=a), k, a, text))
    items = [(col[0], 1, 0, 0, "".join(t)) for col, t in zip(cols, texts, strict=True) if t]
    items += [(first, 0, k, a, text) for first, k, a, text in groups]
    return compact("".join(item[-1] for item in sorted(items)))


_CJK = re.compile(r"[\u4e00-\u9fff]")


_BY_HEADER: dict[tuple[int, tuple[str, ...]], TableSpec] = {}


def by_header(spec: TableSpec, header: str) -> TableSpec:
    """The layout a table's header chooses over the one its title names.

    Only a table's first layout gives way (a title that names a region's own layout keeps it):
    to the first ``header`` layout of that table whose words the header holds in that order.  Such a
    layout with ``header_columns`` (word → column) prints the columns whose words the header
    holds, in the header's order, after its ``first`` column; its sums keep those columns."""
    if _first_layouts().get(spec.key) is not spec:
        return spec
    for variant in _header_layouts().get(spec.key, ()):
        at_word, found_all = -1, True
        text = header
        if variant.data.get("groups"):  # columns printed once per group: the first group's order
            first = variant.data["header"][0]
            again = header.find(first, header.find(first) + 1)
            if again > 0:
                text = header[:again]
        for w in variant.data["header"]:  # every word, in this order
            at_word = text.find(w, at_word + 1)
            if at_word < 0:
                found_all = False
                break
        if not found_all:
            continue
        words: dict[str, str] = variant.data.get("header_columns", {})
        if not words:
            return variant
        at = sorted((header.find(w), c) for w, c in words.items() if w in header)
        columns = tuple(dict.fromkeys([str(variant.data["first"]), *(c for _, c in at)]))
        key = (id(variant), columns)
        if key not in _BY_HEADER:
            sums = [
                [total, [p for p in parts if p in columns]]
                for total, parts in variant.data.get("sums", [])
                if total in columns
            ]
            data = {**variant.data, "columns": list(columns), "sums": sums}
            _BY_HEADER[key] = TableSpec(spec.key, variant.kind, variant.number, [], data)
        return _BY_HEADER[key]
    return spec


def named_by_words(title: str) -> TableSpec | None:
    """The table a (compact) title's words name: the first ``title_words`` entry it holds."""
    for words, spec in _title_words()[1]:
        if words.search(title):
            return spec
    return None


#: a qualifier closing a title, （按功能分类）, or its opening bracket left by _TITLE_SUFFIX
_QUALIFIER = re.compile(r"[（(][^（()）]*[)）]?$")


def match_title(text: str) -> TableSpec | None:
    """The table whose title this line is (a whole line, not a mention in prose)."""
    named = title_spec(text)
    return named[0] if named else None


def title_spec(text: str) -> tuple[TableSpec, bool] | None:
    """The table whose title this line is, and whether only the title's words said so.

    A title that a layout lists wins (the longest that ends the line), unless words before it
    name another table; a title no layout lists is the table its words name
    (``title_words``), read by that table's first layout."""
    if "表" not in text:
        return None
    c = _TITLE_SUFFIX.sub("", compact(text))
    if len(c) > 40 or "……" in c or "。" in c or "，" in c:
        return None
    c = _TITLE_PREFIX.sub("", c)
    bare = _QUALIFIER.sub("", c)
    pattern, by_title = _title_re()
    m = pattern.search(c) or (pattern.search(bare) if bare != c else None)
    if m is not None and m.start() <= 14:
        spec = by_title[m.group()]
        if m.start() == 0:
            return spec, False
        named = named_by_words(c)
        return (spec, False) if named is None or named.key == spec.key else (named, True)
    if not bare.endswith("表") or _title_words()[0].search(bare):
        return None
    named = named_by_words(bare)
    return (named, True) if named else None


@cache
def _text_conf() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """Unit line, unit factors, department line, and the table ends as one alternation."""
    data = layout("text")
    return (
        re.compile(data["unit_line"]),
        {k: str(v) for k, v in data["unit_factors"].items()},
        re.compile(data["department_line"]),
        re.compile("|".join(f"(?:{p})" for p in data["table_end"])),
    )


_TABLE_MARK = re.compile(r"^表\s*\d+$")
#: a table's number as printed: 表 5, 附表5, 公开表五, 表五 (on the title line, or alone on the
#: line above or below it)
_NUMBER_MARK = re.compile(
    r"^(?:附|公开)?表\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})(?![0-9.．\-－])"
)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _number(mark: str) -> int | None:
    """表 5 → 5, 表十二 → 12 (``None`` for what is no table number)."""
    if mark.isdigit():
        return int(mark)
    if mark == "十":
        return 10
    head, _, tail = mark.partition("十")
    if "十" not in mark:
        return _CN_DIGITS.get(mark) if len(mark) == 1 else None
    tens = _CN_DIGITS.get(head, 0) if head else 1
    ones = _CN_DIGITS.get(tail, 0) if tail else 0
    return tens * 10 + ones if (tens and (ones or not tail)) else None


def printed_number(lines: list[Line], title: int) -> int | None:
    """The number a table's title line prints, or a mark alone on the line below it (公开表二)
    or just above it (表 10)."""
    own = _NUMBER_MARK.match(compact(lines[title].text))
    if own:
        return _number(own.group(1))
    for i in (title + 1, title - 1, title - 2):
        if 0 <= i < len(lines):
            text = compact(lines[i].text)
            m = _NUMBER_MARK.match(text)
            if m and m.end() == len(text):
                return _number(m.group(1))
    return None


_RENUMBERED: dict[tuple[int, int], TableSpec] = {}


def _renumbered(spec: TableSpec, number: int) -> TableSpec:
    """``spec`` under the number the document prints for its table."""
    key = (id(spec), number)
    if key not in _RENUMBERED:
        _RENUMBERED[key] = replace(spec, number=number, _specs={})
    return _RENUMBERED[key]


def _lines_with(doc: Document, word: str) -> list[int]:
    """Indices of the lines whose text holds ``word``, in order (found in the joined text)."""
    text = doc.text()
    out: list[int] = []
    line = start = 0  # the line at ``start``, a line's start
    pos = text.find(word)
    while pos >= 0:
        line += text.count("\n", start, pos)
        out.append(line)
        start = text.find("\n", pos) + 1
        if not start:
            break
        line += 1
        pos = text.find(word, start)
    return out


def locate(doc: Document) -> list[Found]:
    """Tables in document order: a title line followed within a few lines by a unit line."""
    unit_re, _, dept_re, _ = _text_conf()
    lines = doc.lines
    found: list[Found] = []
    seen: set[str] = set()
    for i in _lines_with(doc, "表"):
        ln = lines[i]
        if len(ln.text) > 60:
            continue
        named = title_spec(ln.text)
        if named is None:
            continue
        spec, by_words = named
        unit = None
        dept = None
        body = i + 1
        for j in range(i, min(i + 6, len(lines))):
            m = unit_re.search(lines[j].text)
            d = dept_re.match(lines[j].text)
            if d:
                dept = d.group(1)
            if m:
                unit = m.group(1)
                body = j + 1
                break
        assumed = False
        if unit is None:
            # no 单位 line: still a table when a code row or 合计 follows closely
            near = lines[i + 1 : i + 10]
            code = _code_res().functional.match
            if not any(code(x.text) or _TOTAL.match(x.text) for x in near):
                continue
            unit, assumed = "万元", True
        header = header_text(lines, body, doc)
        spec = by_header(spec, header)
        unfit = None
        if by_words and spec is _first_layouts().get(spec.key):
            words = spec.data.get("header_any", ())
            if words and not any(w in header for w in words):
                unfit = f"标题“{compact(ln.text)}”不在已知版式中，表头也不合已知版式，未读取其数字"
        ident = f"{spec.key}:{spec.number}"
        if ident in seen:
            continue
        seen.add(ident)
        printed = printed_number(lines, i)
        if printed is not None and printed != spec.number:
            spec = _renumbered(spec, printed)
        found.append(
            Found(
                spec,
                i,
                body,
                len(lines),
                unit,
                dept,
                title=compact(ln.text),
                unit_assumed=assumed,
                by_words=by_words,
                unfit=unfit,
                header=header,
            )
        )
    end_re = _text_conf()[3].match
    for k, f in enumerate(found):
        stop = found[k + 1].title_line if k + 1 < len(found) else len(lines)
        # a 表 N marker line just above the next title belongs to the next table
        if k + 1 < len(found) and stop > 0 and _TABLE_MARK.match(lines[stop - 1].text):
            stop -= 1
        for j in range(f.start, stop):
            if end_re(lines[j].text):
                stop = j
                break
        f.end = stop
    return found


# ------------------------------------------------------------------------- raw rows
@dataclass
class RawRow:
    key: str
    code: str | None
    label: str
    kind: str
    line: int  # index into doc.lines
    values: list[Token] = field(default_factory=list)
    code_tokens: list[Token] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    closed_text: bool = False


_INT = re.compile(r"^-?\d+$")


def _amount_tokens(line: Line, after: int = 0) -> list[Token]:
    """Amount cells: decimals or thousands separators; plain integers only in the run of
    numbers that ends the line (``2,932,700 0 0 0``), never inside text."""
    out: list[Token] = []
    tokens = line.tokens
    if after:
        tokens = tuple([t for t in tokens if t.start >= after])
    first = True  # the first token from ``after`` on is never a plain integer cell
    for t in tokens:
        if _AMOUNT_MATCH(t.text):
            out.append(t)
        elif not first and _INT_MATCH(t.text):
            text = line.text
            if text[t.start - 1 : t.start].isspace() and (
                _NUMBERS_TAIL(text, t.end)
                or all(ch.isspace() or ch.isdigit() or ch in ",.-" for ch in text[t.end :])
            ):
                out.append(t)
        first = False
    return out


_AMOUNT_MATCH = AMOUNT.match
_INT_MATCH = _INT.match
#: the rest of a line is numbers only (a quick yes; the character test above decides a no)
_NUMBERS_TAIL = re.compile(r"[\s\d,.\-]*").fullmatch


def _text_without_amounts(line: Line, after: int = 0, amounts: list[Token] | None = None) -> str:
    """The line from ``after`` on without its amount cells (``amounts`` when known)."""
    if amounts is None:
        amounts = _amount_tokens(line, after)
    text = line.text
    if not amounts:
        return text[after:].strip()
    parts = []
    pos = after
    for t in amounts:
        parts.append(text[pos : t.start].strip())
        pos = t.end
    parts.append(text[pos:].strip())
    return " ".join(p for p in parts if p)


@cache
def _header_re() -> re.Pattern[str]:
    words = layout("claims")["header_words"]
    return re.compile("^(?:" + "|".join(words) + r")+$")


def is_header(text: str) -> bool:
    return bool(_header_re().match(compact(text)))


def _code_rows(
    doc: Document, found: Found, kind: CodeKind, catalog: Catalog
) -> tuple[list[RawRow], list[str]]:
    """Rows of a functional/economic table: code, name, amounts (names may wrap, print on the
    lines above or below the code, or be glued to it)."""
    rows: list[RawRow] = []
    notes: list[str] = []
    orphan: list[str] = []
    res = _code_res()
    code_re = res.economic if kind is CodeKind.economic else res.functional
    current: RawRow | None = None
    page = None
    in_note = False
    for idx in range(found.start, found.end):
        ln = doc.lines[idx]
        text = ln.text
        if in_note:
            notes[-1] += text
            if text.endswith("。"):
                in_note = False
            continue
        if _is_note(text):
            notes.append(text)
            in_note = not text.endswith("。")
            current = None
            continue
        m = code_re.match(text) if text[:1].isdigit() else None
        if m:
            groups = [
                g if k == 0 or len(g) != 1 else "0" + g for k, g in enumerate(m.groups()) if g
            ]
            code = "".join(groups)
            if _glued(text, m.end()) and not _known_category(catalog, kind, code):
                m = None  # digits that begin a name (12345热线), no code
        if m:
            toks = [t for t in ln.tokens if t.end <= m.end()]
            for t in toks:
                t.role = "code"
            cells = _amount_tokens(ln, m.end())
            name = _text_without_amounts(ln, m.end(), cells)
            current = RawRow(code, code, name, "item", idx, cells, toks)
            if not name and orphan:
                current.label = "".join(orphan)
            orphan = []
            rows.append(current)
            page = ln.page
            continue
        tm = _TOTAL.match(text) if text.startswith(_TOTAL_HEADS) else None
        if tm and not _amount_tokens(ln, tm.end()) and compact(text) not in ("合计", "总计"):
            continue  # a header line beginning with 合计
        if tm:
            current = RawRow("total", None, "合计", "total", idx, _amount_tokens(ln, tm.end()))
            rows.append(current)
            orphan = []
            continue
        amounts = _amount_tokens(ln)
        rest = _text_without_amounts(ln, 0, amounts)
        if is_header(rest) and not amounts:
            orphan = []
            continue
        if current is None:
            if rest and not amounts:
                orphan.append(compact(rest))
            continue
        if ln.page != page and not amounts:
            orphan.append(compact(rest))
            continue
        current.values.extend(amounts)
        if rest:
            current.label += compact(rest)
    return rows, notes


def _code_texts(code: str, name: str) -> dict[str, str]:
    texts = {"category": code[:3]}
    if len(code) >= 5:
        texts["section"] = code[3:5]
    if len(code) >= 7:
        texts["item"] = code[5:7]
    texts["name"] = name
    return texts


def _stated(
    doc: Document,
    found: Found,
    columns: tuple[str, ...],
    rows: list[StatedRow],
    note: str | None = None,
    with_page: bool = False,
) -> StatedTable:
    """The table ``found`` located, as printed: title, department, columns, rows, note.

    ``StatedTable(key=…, number=…, title=…, department=…, columns=…, rows=…, note=…,
    location=Location(part=…, table=…, table_key=…, line=…, page=…))``: built as validation
    builds it when its strings are as validation leaves them (no surrounding whitespace),
    else validated."""
    ts, title = found.spec, doc.lines[found.title_line]
    key, number, department = ts.key, ts.number, found.department
    page = title.page if with_page else None
    fields = {
        "key": key,
        "number": number,
        "title": compact(title.text),
        "department": department,
        "columns": tuple(columns),
        "rows": tuple(rows),
        "note": note,
    }
    where = {"part": "tables", "table": number, "table_key": key, "line": title.no, "page": page}
    if (
        _clean(key)
        and (department is None or _clean(department))
        and (note is None or _clean(note))
        and all(map(_clean, columns))
        and (number is None or type(number) is int)
        and (page is None or type(page) is int)
        and type(title.no) is int
    ):
        return trusted(StatedTable, **fields, location=trusted(Location, **where))
    return StatedTable.model_validate({**fields, "location": Location.model_validate(where)})


def _clean(text: str) -> bool:
    """``text`` as validation leaves it (no surrounding whitespace)."""
    return text == text.strip()


def _place_cells(
    tokens: Iterable[Token],
    columns: Iterable[str],
    ts: TableSpec,
    row: str,
    line_no: int,
    page: int | None = None,
    paged: bool = True,
) -> None:
    """Mark each token as the amount of the cell in its column of ``row`` (the parse report's
    *placed* numbers), as far as both go.  ``paged`` False leaves ``page`` out of the fields
    set, as ``Location(part=…, table=…, table_key=…, row=…, line=…, column=…)`` would."""
    fields = _CELL_FIELDS if paged else _UNPAGED_FIELDS
    number, key = ts.number, ts.key
    for tok, column in zip(tokens, columns, strict=False):
        tok.role = "cell"
        # Location.model_construct(part=…, table=…, table_key=…, row=…, column=…, line=…, …)
        tok.where = record(
            Location,
            {
                "part": "tables",
                "table": number,
                "table_key": key,
                "row": row,
                "column": column,
                "line": line_no,
                "page": page,
                "section": None,
            },
            set(fields),
        )


def _place_cell(
    tok: Token, ts: TableSpec, row: str, column: str, line_no: int, page: int | None = None
) -> None:
    """Mark ``tok`` as the amount of a table cell (see :func:`_place_cells`)."""
    _place_cells((tok,), (column,), ts, row, line_no, page)


_CELL_FIELDS = ("part", "table", "table_key", "row", "column", "line", "page")
_UNPAGED_FIELDS = ("part", "table", "table_key", "row", "column", "line")


assert tuple(Location.model_fields) == (*_CELL_FIELDS, "section")  # as _place_cell builds


_ROW_KINDS = frozenset(("item", "subtotal", "total", "heading", "project"))


def _row(
    key: str,
    label: str,
    code: str | None,
    kind: str,
    values: dict[str, Decimal | None],
    texts: dict[str, str],
    line: int,
    page: int | None,
) -> StatedRow:
    """``StatedRow(key=…, label=…, code=…, kind=…, values=…, texts=…, line=…, page=…)``.

    ``values`` must hold Decimal amounts (or None) by column key, as :func:`_cells` makes
    them; the row keeps ``values`` and ``texts`` (callers pass dicts of their own).  When the
    strings are as validation would leave them (no surrounding whitespace) the row is built as
    validation builds it, without running it (a table has a row per printed line); otherwise
    it is validated.
    """
    if (
        key == key.strip()
        and label == label.strip()
        and (code is None or code == code.strip())
        and kind in _ROW_KINDS
        and _clean_texts(texts)
        and type(line) is int
        and (page is None or type(page) is int)
    ):
        row = record(
            StatedRow,
            {
                "key": key,
                "label": label,
                "code": code,
                "kind": kind,
                "values": values,
                "texts": texts,
                "line": line,
                "page": page,
            },
            set(_ROW_FIELDS),
        )
        return row
    return StatedRow(
        key=key,
        label=label,
        code=code,
        kind=kind,
        values=values,
        texts=texts,
        line=line,
        page=page,
    )


def _clean_texts(texts: dict[str, str]) -> bool:
    for v in texts.values():
        if v != v.strip():
            return False
    return True


_ROW_FIELDS = ("key", "label", "code", "kind", "values", "texts", "line", "page")
assert _ROW_FIELDS == tuple(StatedRow.model_fields)


def _convert(value: Decimal, factor: Decimal, exact: bool = False) -> tuple[Decimal, bool]:
    """A cell in 万元 and whether it has more than 2 decimals: rounded half-up to the cent, or
    with ``exact`` kept as printed (元 ÷ 10000 has at most 6 decimals)."""
    scaled = value * factor
    rounded = scaled.quantize(CENT, rounding=ROUND_HALF_UP)
    if exact and rounded != scaled:
        return scaled, True
    return rounded, rounded != scaled


_BLANK = Decimal("0.00")  # what _convert makes of a blank cell (0), whatever the factor


def _cells(
    columns: tuple[str, ...], node: Node | None, factor: Decimal, exact: bool
) -> tuple[dict[str, Decimal | None], bool]:
    """A placed row's cells by column in 万元 (blank 0.00), and whether any was rounded
    (each cell as :func:`_convert` makes it)."""
    out: dict[str, Decimal | None] = dict.fromkeys(columns, _BLANK)
    rounding = False
    if node is not None and node.chosen is not None:
        for v, ci in zip(node.values, node.chosen, strict=True):
            scaled = v * factor
            rounded = scaled.quantize(CENT, ROUND_HALF_UP)
            if rounded != scaled:
                rounding = True
                if exact:
                    rounded = scaled
            out[columns[ci]] = rounded
    return out, rounding


def _unit_factor(unit: str) -> Decimal:
    return Decimal(_text_conf()[1].get(unit, "1"))


def _finish(
    found: Found,
    spec: Spec,
    rows: list[RawRow],
    nodes: dict[str, Node],
    catalog: Catalog,
    kind: CodeKind | None,
    notes: list[str],
    warnings: list[str],
    doc: Document,
    relabel: dict[str, str] | None = None,
) -> TableResult:
    """The rows as stated: cells in 万元, names from the catalog; ``relabel`` gives rows
    (by key) a label of their own, kept as the row's only text (三公 rows)."""
    factor = _unit_factor(found.unit)
    exact = found.exact
    rounding = False
    out: list[StatedRow] = []
    ts = found.spec
    columns = spec.columns
    names = catalog.table(kind) if kind is not None else None
    subtotal = 5 if kind is CodeKind.economic else 7  # a code shorter than this: a subtotal
    lines = doc.lines
    for r in rows:
        node = nodes.get(r.key)
        values, inexact = _cells(columns, node, factor, exact)
        rounding |= inexact
        at = lines[r.line]
        if node and node.chosen is not None:
            _place_cells(r.values, map(columns.__getitem__, node.chosen), ts, r.key, at.no, at.page)
        label = r.label
        code = r.code
        if code and names is not None:
            entry = names.get(code)  # the catalog's name, else the printed one (_label)
            label = (entry.name if entry else None) or compact(label)
        if r.kind == "total":
            row_kind = "total"
        elif code and len(code) < subtotal:
            row_kind = "subtotal"
        else:
            row_kind = "item"
        if relabel is not None:
            label = relabel.get(r.key, label)
            texts = {"label": label}
        else:
            texts = _code_texts(code, label) if code else {"name": label}
        out.append(_row(r.key, label, code, row_kind, values, texts, at.no, at.page))
    note = "".join(notes) or None
    table = _stated(doc, found, tuple(spec.columns), out, note, with_page=True)
    if rounding:
        warnings.append(f"单位由{found.unit}折算为万元时有四舍五入")
    return TableResult(table, warnings, rounding)


def _tree(
    rows: list[RawRow], vals: dict[str, list[Decimal]]
) -> tuple[Node | None, list[Node], dict[str, Node]]:
    nodes: dict[str, Node] = {}
    root: Node | None = None
    top: list[Node] = []
    for r in rows:
        if r.key in nodes:
            r.key = f"{r.key}#{r.line}"
        node = Node(r.key, vals[r.key])
        nodes[r.key] = node
        if r.kind == "total":
            root = node
            continue
        parent = None
        code = r.code or ""
        for plen in (5, 3):
            if len(code) > plen and code[:plen] in nodes:
                parent = nodes[code[:plen]]
                break
        if parent is None:
            top.append(node)
        else:
            parent.children.append(node)
    return root, top, nodes


#: the most lines a table's header may take above its first row (as ``pdf._HEADER_LINES``)
_HEADER_LINES = 16
#: the ends of one column's amounts (right-aligned) lie at most this many positions apart
#: (measured: 1,242 of 1,245 columns of amounts; 2 let a row pdftotext shifted be misread)
_RAGGED = 1
#: positions a CJK character, printed in one, takes on the grid ``pdftotext -layout`` lays
#: amounts on (half its width; measured 1.3–1.6 by where amounts stand under labels)
_CJK_WIDTH = 2.0
#: positions a label's or an amount's place may be off
_SLACK = 1.0
#: how much closer than their labels two columns' amounts under one run of labels may be
#: (measured on generated 表7s: 2.5 let wrong placements through, 0–2 none)
_DRIFT = 2.0
#: amounts starting at most this many positions after the previous column's end were pushed
#: right by them (measured on generated 表7s: 2 let wrong placements through, 3–4 none, 5
#: refused yusuan's sample)
_TIGHT = 3


def _amount_word(word: str) -> bool:
    return AMOUNT.match(word) is not None or _INT.match(word) is not None


def printed_columns(
    doc: Document, found: Found, rows: list[RawRow], spec: Spec
) -> list[tuple[int, ...]] | None:
    """Each row's amounts' columns (indices into ``spec.columns``) as the text prints them;
    ``None`` unless its lines show them beyond doubt.

    Text drops blank cells (``2010502 一般行政管理事务 100.00 80.00 20.00``: which of eleven
    columns?), but ``pdftotext -layout`` prints each amount under its column, as
    ``pdf._fill_blanks`` reads it from character boxes.  Read page by page (pdftotext lays
    each page out apart; a later page needs the header printed again): the amounts' ends,
    right-aligned, make one group per column used; the header's last ``width`` columns are
    the amount columns, each centred where its label is (:func:`_header_centres`); a group
    may be in a column whose centre lies left of its ends while the next one's lies right of
    them, and the groups are in the columns' order.  ``None`` when a line is not as printed
    or shows no column (pdfplumber's text, the PDF reader's), a row's text reaches the amount
    columns, a column's amounts do not end together (rows that do not line up), a row has two
    amounts in one group, the groups fit the columns in no way or in more than one
    (:func:`_fit_groups`), amounts pushed right by the column before them stand before a label
    printed left of its place (a run of labels one space apart: ``商品和服务支 对个人和家庭
    债务利息及费``, where pdftotext prints a CJK character in one position), or a row so placed
    breaks the table's identities (合计 = …: an amount read into its neighbour's column)."""
    if doc.raw is None or not rows or not all(_laid_out(doc, r.line) for r in rows):
        return None
    width = len(spec.columns)
    lines = doc.lines
    first = rows[0].line
    head = list(range(max(found.start, first - _HEADER_LINES), first))
    known = {compact(lines[i].text) for i in head}
    out: list[tuple[int, ...]] = []
    segment: list[RawRow] = []
    after = found.start  # the line after the previous page's last row
    for k, r in enumerate(rows):
        segment.append(r)
        page = lines[r.line].page
        if k + 1 < len(rows) and lines[rows[k + 1].line].page == page:
            continue
        header = head
        if segment[0] is not rows[0]:  # the header printed again at the top of this page
            header = [
                i
                for i in range(after, segment[0].line)
                if lines[i].page == page and compact(lines[i].text) in known
            ]
        grid = _header_centres(doc, header)
        if grid is None or len(grid[0]) < width:
            return None
        placed = _segment_columns(doc, segment, grid, width)
        if placed is None:
            return None
        out += placed
        after = r.line + 1
        segment = []
    for r, cols in zip(rows, out, strict=True):
        vec = [Decimal(0)] * width
        for t, c in zip(r.values, cols, strict=True):
            vec[c] = t.value
        if any(vec[t] != sum(vec[p] for p in parts) for t, parts in spec.sums):
            return None
    return out


def _width(text: str) -> float:
    """The positions ``text`` takes on the grid ``pdftotext -layout`` lays amounts on."""
    wide = sum(1 for ch in text if east_asian_width(ch) in "WF")
    return len(text) - wide + wide * _CJK_WIDTH


#: a header's columns: the centre of each, left to right, and the runs of labels printed one
#: space apart (each as the columns its labels are in)
_Grid = tuple[list[float], list[list[int]]]


def _header_centres(doc: Document, header: list[int]) -> _Grid | None:
    """The columns of a table header (:func:`_spans` of its pieces), each centred on its
    pieces as wide as they take on the amounts' grid (:func:`_width`); group labels, over
    several columns, left out.  Also the runs of labels one space apart: pdftotext prints
    such a run as one piece of text, a CJK character in one position, so the labels after the
    first stand left of where they belong, and amounts under them may not."""
    if not header:
        return None
    pieces: list[list[_Piece]] = []
    runs: list[list[tuple[int, int]]] = []  # (line, piece) of each run's labels
    for k, i in enumerate(header):
        cells = columns(doc, i)
        if cells is None:
            return None
        line: list[_Piece] = []
        for at, run in cells:
            cut = _cut(at, run)
            if len(cut) > 1:
                runs.append([(k, len(line) + n) for n in range(len(cut))])
            line += cut
        pieces.append(line)
    cols = _spans(pieces)
    low = [float("inf")] * len(cols)
    high = [float("-inf")] * len(cols)
    where: dict[tuple[int, int], int] = {}  # (line, piece) → its column
    for k, line in enumerate(pieces):
        for n, (a, b, text) in enumerate(line):
            over = [c for c, col in enumerate(cols) if min(col[1], b) > max(col[0], a)]
            if len(over) == 1:
                c = over[0]
                where[(k, n)] = c
                low[c] = min(low[c], a)
                high[c] = max(high[c], a + _width(text))
    kept = sorted((lo, c) for c, lo in enumerate(low) if lo <= high[c])
    order = {c: n for n, (_, c) in enumerate(kept)}
    centres = [(low[c] + high[c]) / 2 for _, c in kept]
    grouped = [sorted({order[where[p]] for p in run if p in where}) for run in runs]
    return centres, [g for g in grouped if len(g) > 1]


def _segment_columns(
    doc: Document, rows: list[RawRow], grid: _Grid, width: int
) -> list[tuple[int, ...]] | None:
    """:func:`printed_columns` for the rows of one page; ``grid`` the header's columns
    (:func:`_header_centres`), the last ``width`` the amount columns."""
    centres, runs = grid
    skip = len(centres) - width
    money = centres[skip:]
    ends: list[list[int]] = []  # each row's amounts' ends
    first_at: dict[int, int] = {}  # an end → where the amounts ending there start, leftmost
    indents: dict[int, int] = {}
    for r in rows:
        row: list[int] = []
        for t in r.values:
            if t.line not in indents:
                text = printed(doc, t.line)
                if text is None:
                    return None
                indents[t.line] = len(text) - len(text.lstrip())
            row.append(indents[t.line] + t.end)
            first_at[row[-1]] = min(first_at.get(row[-1], 1 << 30), indents[t.line] + t.start)
        ends.append(row)
        for _, end, word in _header_pieces(doc, r.line) or ():
            if end > money[0] and not _amount_word(word):
                return None  # the row's text reaches the amount columns
    # the ends, grouped: one group per column used
    seen = sorted({e for row in ends for e in row})
    if not seen:
        return [() for _ in rows]
    groups: list[list[int]] = [[seen[0]]]
    for e in seen[1:]:
        if e - groups[-1][-1] <= _RAGGED:
            groups[-1].append(e)
        else:
            groups.append([e])
    if any(g[-1] - g[0] > _RAGGED for g in groups) or len(groups) > width:
        return None
    group_of = {e: n for n, g in enumerate(groups) for e in g}
    spots = [(g[0] + g[-1]) / 2 for g in groups]
    run_of = {m - skip: n for n, run in enumerate(runs) for m in run if m >= skip}
    column = _fit_groups(groups, spots, money, run_of)
    if column is None:
        return None
    # amounts pushed right by the column before them, in a column whose next label pdftotext
    # pulled left (printed after others in one run): they may be past that label's place
    for n in range(1, len(groups)):
        m = column[n]
        if m in run_of and run_of.get(m + 1) == run_of[m]:
            if min(first_at[e] for e in groups[n]) - groups[n - 1][-1] <= _TIGHT:
                return None
    out: list[tuple[int, ...]] = []
    for row in ends:
        cols = tuple(column[group_of[e]] for e in row)
        if any(b <= a for a, b in pairwise(cols)):
            return None
        out.append(cols)
    return out


def _fit_groups(
    groups: list[list[int]], spots: list[float], money: list[float], run_of: dict[int, int]
) -> list[int] | None:
    """The amount column of each group of amounts' ends (``spots`` their middles), the
    groups in the columns' order: the one way to fit them, else ``None``.

    A group may be in a column whose centre (``money``) lies left of its ends and whose next
    column's centre lies right of them.  Under labels printed in one run (``run_of``: column
    → run), two groups stand at least as far apart as their columns' labels: pdftotext prints
    the run's labels closer together than they are (a CJK character in one position), never
    the amounts."""
    width = len(money)

    def apart(n: int, p: int, m: int) -> bool:
        """Groups n - 1 (in column p) and n (in column m) as far apart as their labels."""
        run = run_of.get(m)
        if run is None or run_of.get(p) != run:
            return True
        return (spots[n] - spots[n - 1]) - (money[m] - money[p]) >= -_DRIFT

    # per group: column → the ways to place the groups so far with it there (2: several)
    ways: list[dict[int, int]] = []
    for n, g in enumerate(groups):
        here: dict[int, int] = {}
        for m in range(width):
            if money[m] >= g[-1] + _SLACK or (m + 1 < width and g[0] >= money[m + 1] + _SLACK):
                continue
            count = sum(c for p, c in ways[-1].items() if p < m and apart(n, p, m)) if n else 1
            if count:
                here[m] = min(count, 2)
        if not here:
            return None
        ways.append(here)
    if sum(ways[-1].values()) != 1:
        return None
    column = [next(iter(ways[-1]))]
    for n in range(len(groups) - 1, 0, -1):
        m = column[0]
        column.insert(0, next(p for p in ways[n - 1] if p < m and apart(n, p, m)))
    return column


@dataclass
class Hint:
    """One ``cross`` rule resolved against the tables already read."""

    kind: str  # coded | total | prefix | prefix_not
    columns: tuple[str, ...]
    by_code: dict[str, Decimal] = field(default_factory=dict)  # coded: code → amount
    value: Decimal = Decimal(0)  # total / prefix rules
    prefix: tuple[str, ...] = ()


#: a hint as a row's node gets it: column indices, the amount they sum to, the tolerance
_Want = tuple[tuple[int, ...], Decimal, Decimal]


def _apply_hints(found: Found, spec: Spec, rows: list[RawRow], nodes: dict[str, Node]) -> None:
    if not found.hints:
        return
    factor = _unit_factor(found.unit)
    index = {c: i for i, c in enumerate(spec.columns)}
    #: the hints on this table's columns: kind, prefix, the hint a row gets, and for coded
    #: hints the one each code gets (a code not listed: the first, wanting 0)
    hints: list[tuple[str, tuple[str, ...], _Want, dict[str, _Want] | None]] = []
    for h in found.hints:
        if all(c in index for c in h.columns):
            columns = tuple(index[c] for c in h.columns)
            tol = Decimal(0) if factor == 1 else Decimal("0.005") * len(h.columns) / factor
            # a hint on every row it applies to with one amount: one tuple for all of them
            if h.kind == "coded":
                wants = {code: (columns, v / factor, tol) for code, v in h.by_code.items()}
                hints.append((h.kind, h.prefix, (columns, Decimal(0), tol), wants))
            else:
                hints.append((h.kind, h.prefix, (columns, h.value / factor, tol), None))
    for r in rows:
        node = nodes.get(r.key)
        if node is None:
            continue
        code = r.code or ""
        total = r.kind == "total"
        for kind, prefix, shared, by_code in hints:
            if by_code is not None:
                if code:
                    node.hints.append(by_code.get(code, shared))
            elif (
                (kind == "total" and total)
                or kind == "all"
                or (kind == "prefix" and code.startswith(prefix))
                or (kind == "prefix_not" and code and not code.startswith(prefix))
            ):
                node.hints.append(shared)


def cross_hints(key: str, results: dict[str, TableResult]) -> list[Hint]:
    """Hints for table ``key`` from the tables already read (``cross`` in tables.yaml)."""
    out: list[Hint] = []
    by_key: dict[str, dict[str, StatedRow]] = {}

    def row(table_key: str, row_key: str) -> StatedRow | None:
        """``results[table_key].table.row(row_key)``, by an index of the table's rows."""
        if table_key not in by_key:
            index: dict[str, StatedRow] = {}
            for r in results[table_key].table.rows:
                index.setdefault(r.key, r)
            by_key[table_key] = index
        return by_key[table_key].get(row_key)

    def value(table_key: str, row_key: str, column: str) -> Decimal | None:
        r = row(table_key, row_key)
        return None if r is None else r.values.get(column)

    for rule in layout("tables").get("cross", {}).get(key, []):
        cols = tuple(str(c) for c in rule["columns"])
        unless = rule.get("unless")
        if unless:
            other = results.get(unless["from"])
            if other is not None and value(unless["from"], unless["row"], unless["column"]):
                continue
        kind = str(rule["rows"])
        if kind == "all":
            out.append(Hint(kind, cols, value=Decimal(rule.get("value", 0))))
            continue
        if kind in ("prefix", "prefix_not"):
            prefix = tuple(str(p) for p in rule["prefix"])
            out.append(Hint(kind, cols, value=Decimal(rule.get("value", 0)), prefix=prefix))
            continue
        source = results.get(str(rule["from"]))
        if source is None:
            continue
        t = source.table
        minus = results.get(str(rule["minus"])) if rule.get("minus") else None
        if rule.get("minus") and minus is None:
            continue
        column = str(rule["column"])
        if kind == "total":
            source_key, row_key = str(rule["from"]), str(rule["row"])
            v = value(source_key, row_key, column) or Decimal(0)
            if minus is not None:
                v -= value(str(rule["minus"]), row_key, column) or Decimal(0)
            if row(source_key, row_key) is not None:
                out.append(Hint(kind, cols, value=v))
        elif kind == "coded":
            known = {r.code: r.values.get(column) or Decimal(0) for r in t.rows if r.code}
            if minus is not None:
                for r in minus.table.rows:
                    if r.code in known:
                        known[r.code] -= r.values.get(column) or Decimal(0)
            out.append(Hint(kind, cols, by_code=known))
    return out


def read_code_table(doc: Document, found: Found, catalog: Catalog) -> TableResult:
    kind = CodeKind.economic if found.spec.kind == "economic" else CodeKind.functional
    rows, notes = _code_rows(doc, found, kind, catalog)
    spec = found.spec.spec()
    warnings: list[str] = []
    vals: dict[str, list[Decimal]] = {}
    for r in rows:
        if len(r.values) > len(spec.columns):
            warnings.append(f"“{r.key}”行金额个数多于列数，多出的未放置")
            r.values = r.values[: len(spec.columns)]
    for r in rows:
        key = r.key if r.key not in vals else f"{r.key}#{r.line}"
        r.key = key
        vals[key] = [t.value for t in r.values]
    root, top, nodes = _tree(rows, vals)
    at = printed_columns(doc, found, rows, spec)
    if at is None:
        _apply_hints(found, spec, rows, nodes)
    else:
        for r, cols in zip(rows, at, strict=True):
            nodes[r.key].fixed = cols
    warnings += solve(spec, root, top)
    for n in nodes.values():
        if n.ambiguous:
            warnings.append(f"“{n.key}”行金额的列位置无法唯一确定，按版式先验放置")
    return _finish(found, spec, rows, nodes, catalog, kind, notes, warnings, doc)


# ------------------------------------------------------------------------- pair tables
class _Categories:
    """Finds a functional category printed at the end of a text (``201 一般公共服务支出``)."""

    def __init__(self, year: int) -> None:
        catalog = load_catalog(year)
        names = dict(layout("tables")["category_aliases"])
        for entry in catalog.categories(CodeKind.functional):
            names[entry.name] = entry.code
        alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.pattern = re.compile(
            rf"(?:^|\s|(?<=[\d.]))((\d{{3}})\s*)?([一二三四五六七八九十]+、)?\s*({alt})$"
        )
        self.codes = {k: str(v) for k, v in names.items()}
        #: the names' lengths by last character: a text ending in no name needs no search
        self.lengths: dict[str, set[int]] = {}
        for n in names:
            self.lengths.setdefault(n[-1], set()).add(len(n))

    def search(self, text: str) -> re.Match[str] | None:
        if text and text[-1] != "\n":  # (``$`` matches before a final newline too)
            for n in self.lengths.get(text[-1], ()):
                if text[-n:] in self.codes:
                    break
            else:
                return None
        return self.pattern.search(text)


@cache
def _categories(year: int) -> _Categories:
    return _Categories(year)


_ORDINAL_SPLIT = re.compile(r"(?<=\S)\s+(?=[一二三四五六七八九十]+、)")


def read_pair_table(doc: Document, found: Found, catalog: Catalog) -> TableResult:
    ts = found.spec
    right = ts.spec("expenditure_")
    rev_total, exp_total = ts.pair_totals
    lines = ts.pair_lines
    categories = _categories(catalog.year)
    found_at: dict[str, re.Match[str] | None] = {}  # text → category found at its end

    def category(text: str) -> re.Match[str] | None:
        if text not in found_at:
            found_at[text] = categories.search(text)
        return found_at[text]

    cat_codes = categories.codes
    rows: list[RawRow] = []
    keys: set[str] = set()  # the keys of ``rows``
    left_vals: dict[str, list[Token]] = {}
    left_labels: dict[str, str] = {}
    use: dict[str, tuple[str, list[Token]]] = {}
    #: rows whose expenditure side is a line that is no category (本年支出, 结转下年): its
    #: label and role (``expenditure_lines``)
    right_labels: dict[str, str] = {}
    roles: dict[str, str] = {}
    totals: list[tuple[RawRow, str]] = []  # the total lines, with their expenditure label
    warnings: list[str] = []
    for idx in range(found.start, found.end):
        ln = doc.lines[idx]
        if _is_note(ln.text):
            break  # 注：本表反映…: the table ends
        amounts = _amount_tokens(ln)
        if not amounts and is_header(_text_without_amounts(ln, 0, amounts)):
            continue
        segments: list[tuple[str, list[Token]]] = []
        pos = 0
        for t in amounts:
            text = ln.text[pos : t.start].strip()
            if text or not segments:
                segments.append((text, [t]))
            else:
                segments[-1][1].append(t)
            pos = t.end
        tail = ln.text[pos:].strip()
        if tail:
            segments.append((tail, []))
        # split a text segment where a functional category begins (no amount between)
        split: list[tuple[str, list[Token]]] = []
        for text, toks in segments:
            m = category(text)
            o = _ORDINAL_SPLIT.search(text)
            if m and m.start() > 0 and text[: m.start()].strip():
                split.append((text[: m.start()].strip(), []))
                split.append((text[m.start() :].strip(), toks))
            elif o:
                # 2.政府性基金预算 三、国防支出 三、单位预留机动经费 2,557.89: a cell begins at
                # each numbering after a space
                *first, last = _ORDINAL_SPLIT.split(text)
                split.extend((piece.strip(), []) for piece in first)
                split.append((last.strip(), toks))
            elif lines.tail is not None and (cut := lines.tail.search(text)):
                # 上年结转 结转下年: a label of the expenditure side, no amount between
                split.append((text[: cut.start()].strip(), []))
                split.append((text[cut.start() :].strip(), toks))
            else:
                split.append((text, toks))
        left: tuple[str, list[Token]] | None = None
        rightseg: tuple[str, str | None, list[Token]] | None = None
        role: str | None = None
        right_text = ""
        extra: list[tuple[str, list[Token]]] = []
        for text, toks in split:
            c = compact(text)
            m = category(text)
            # “总计 N 总计 N N”: the first 总计 is the revenue side's
            rev_first = left is None and rev_total.match(c) is not None
            if rightseg is None and (
                (m and m.start() == 0) or (not rev_first and exp_total.match(c))
            ):
                if exp_total.match(c):
                    rightseg = ("total", None, toks)
                    right_text = c
                elif m:
                    code = m.group(2) or cat_codes.get(m.group(4))
                    rightseg = (m.group(4), code, toks)
                    if m.group(2):
                        at = ln.text.find(text) + m.start(2)
                        for t in ln.tokens:
                            if t.start == at:
                                t.role = "code"
                continue
            if rightseg is None and lines.roles and (role := lines.role(c)) is not None:
                rightseg = (c, None, toks)  # 一、本年支出, 二、结转下年: no category
                continue
            if left is None and rightseg is None and lines.is_use(c):
                extra.append((c, toks))  # a 支出用途 cell alone on its line
                continue
            if left is None and rightseg is None:
                left = (c, toks)
            else:
                extra.append((c, toks))
        if left and rev_total.match(left[0]):
            # the totals line
            key = "total" if "total" not in keys else f"total#{ln.no}"
            row = RawRow(key, None, "合计", "total", idx, rightseg[2] if rightseg else [])
            rows.append(row)
            totals.append((row, right_text if rightseg else ""))
            keys.add(key)
            left_vals[key] = left[1]
            left_labels[key] = left[0]
            for text, toks in extra:
                use[key] = (text, toks)
            continue
        if left is None and rightseg is None and not extra:
            continue
        if not rows and rightseg is None and not (left and left[1]):
            continue  # header lines above the first row
        if rightseg is not None and rightseg[0] == "total":
            key = "total" if "total" not in keys else f"total#{ln.no}"
            rows.append(RawRow(key, None, "合计", "total", idx, rightseg[2]))
            keys.add(key)
            continue
        if left:
            key = f"rev:{left[0]}"
        elif rightseg is not None and role is not None:
            key = f"exp:{rightseg[0]}"
        elif rightseg is None:
            key = f"use:{extra[0][0]}"  # only a 支出用途 cell
        else:
            key = f"exp:{rightseg[1] if rightseg else idx}"
        if key in left_labels or key in keys:
            key = f"{key}#{ln.no}"
        code = rightseg[1] if rightseg else None
        label = rightseg[0] if rightseg else ""
        row = RawRow(key, code, label, "item", idx, rightseg[2] if rightseg else [])
        rows.append(row)
        keys.add(key)
        if left:
            left_vals[key] = left[1]
            left_labels[key] = left[0]
        if role is not None:
            right_labels[key] = label
            roles[key] = role
        for text, toks in extra:
            use[key] = (text, toks)
    if len(totals) > 1 and lines.subtotal.match(left_labels.get(totals[0][0].key, "")):
        # 本年收入合计 | 本年支出合计 above 收入总计 | 支出总计: the year's subtotal
        sub, text = totals[0]
        if _pair_subtotal(sub, totals[1][0], keys, left_labels, left_vals, use) and text:
            right_labels[sub.key] = text
            roles[sub.key] = "current"
    vals: dict[str, list[Decimal]] = {}
    for r in rows:
        if r.key in vals:
            r.key = f"{r.key}#{r.line}"
        if len(r.values) > len(right.columns):
            warnings.append(f"“{r.key}”行金额个数多于列数")
            r.values = r.values[: len(right.columns)]
        vals[r.key] = [t.value for t in r.values]
    root = None
    top: list[Node] = []
    nodes: dict[str, Node] = {}
    for r in rows:
        n = Node(r.key, vals[r.key])
        nodes[r.key] = n
        if r.key == "total":
            root = n
        else:
            top.append(n)
    # the year's expenditure (本年支出): the 总计 is the categories and the lines beside it,
    # this line is placed as the categories add up
    current = next((nodes[r.key] for r in rows if roles.get(r.key) == "current"), None)
    if current is not None:
        top = [n for n in top if n is not current]
    _apply_hints(found, right, rows, nodes)
    if root is not None and not any(n.values for n in top):
        warnings += solve(right, None, [root])
    else:
        extra_totals = [n for k, n in nodes.items() if k.startswith("total#")]
        warnings += solve(right, None, extra_totals) if extra_totals else []
        warnings += solve(right, root, [n for n in top if not n.key.startswith("total#")])
    if current is not None:
        warnings += _place_as_sum(right, current, [nodes[r.key] for r in rows if r.code])
    for n in nodes.values():
        if n.ambiguous and n.values:
            warnings.append(f"“{n.key}”行金额的列位置无法唯一确定，按版式先验放置")
    factor = _unit_factor(found.unit)
    rounding = False
    out: list[StatedRow] = []
    rev_col = str(ts.data["revenue_columns"][0])
    use_col = str(ts.data.get("use_columns", ["use_amount"])[0])
    for r in rows:
        line = doc.lines[r.line]
        values: dict[str, Decimal | None] = {}
        texts: dict[str, str] = {}
        lv = left_vals.get(r.key)
        if r.key in left_labels:
            texts["revenue_label"] = left_labels[r.key]
            v = lv[0].value if lv else Decimal(0)
            values[rev_col], inexact = _convert(v, factor, found.exact)
            rounding |= inexact
            if lv:
                _place_cells(lv[:1], (rev_col,), ts, r.key, line.no, paged=False)
        else:
            values[rev_col] = None
        node = nodes[r.key]
        if r.code or r.kind != "item" or r.key in right_labels:
            if r.code:
                texts["expenditure_label"] = (
                    f"{r.code} {catalog.name(CodeKind.functional, r.code) or r.label}"
                )
            elif r.key in right_labels:
                texts["expenditure_label"] = right_labels[r.key]
            if node.chosen is not None:
                cells, inexact = _cells(right.columns, node, factor, found.exact)
                values.update(cells)
                rounding |= inexact
            if node.chosen is not None:
                chosen = map(right.columns.__getitem__, node.chosen)
                _place_cells(r.values, chosen, ts, r.key, line.no, paged=False)
        else:
            for col in right.columns:
                values[col] = None
        if r.key in use:
            text, toks = use[r.key]
            texts["use_label"] = text
            if toks:
                values[use_col], inexact = _convert(toks[0].value, factor, found.exact)
                _place_cells(toks[:1], (use_col,), ts, r.key, line.no, paged=False)
        label = texts.get("revenue_label", "合计" if r.kind == "total" else "")
        if not label and r.key in right_labels:
            label = right_labels[r.key]  # 二、结转下年 on a line of its own
        elif r.key.startswith("use:"):
            label = texts["use_label"]
        # a label printed twice (一般公共预算 under 本年 and under 上年结转) keeps its key
        # twice, as yusuan.compile prints it
        key = re.sub(r"#\d+$", "", r.key) if r.key.startswith("rev:") else r.key
        kind = r.kind if r.kind in ("total", "subtotal") else "item"
        if roles.get(r.key) == "current":
            kind = "subtotal"  # the year's expenditure: the categories add up to it
        out.append(_row(key, label, r.code, kind, values, texts, line.no, line.page))
    columns = (rev_col, *right.columns) + ((use_col,) if use else ())
    table = _stated(doc, found, columns, out)
    if rounding:
        warnings.append(f"单位由{found.unit}折算为万元时有四舍五入")
    return TableResult(table, warnings, rounding)


def _place_as_sum(spec: Spec, node: Node, parts: list[Node]) -> list[str]:
    """Place ``node``'s amounts in the columns where ``parts`` (placed) add up to them."""
    sums = [Decimal(0)] * len(spec.columns)
    for part in parts:
        for i, v in enumerate(values_of(spec, part).values()):
            sums[i] += v
    if any(sums):
        node.hints = [((i,), v, Decimal(0)) for i, v in enumerate(sums)]
    return solve(spec, None, [node])


def _pair_subtotal(
    row: RawRow,
    grand: RawRow,
    keys: set[str],
    labels: dict[str, str],
    *by_key: dict[str, Any],
) -> bool:
    """Make the total line ``row`` the subtotal row ``rev:<its revenue label>`` and the later
    total line ``grand`` the table's ``total``; ``labels`` and ``by_key``: the reader's dicts
    by row key.  False when a row already has that key."""
    new = f"rev:{labels[row.key]}"
    if new in keys:
        return False
    for old, to in ((row.key, new), (grand.key, "total")):
        for d in (labels, *by_key):
            if old in d:
                d[to] = d.pop(old)
        keys.discard(old)
        keys.add(to)
    row.key, row.kind, grand.key = new, "subtotal", "total"
    return True


# ------------------------------------------------------------------------- 三公
@cache
def _three_rows() -> list[tuple[re.Pattern[str], str, str | None]]:
    return [
        (re.compile(r["pattern"]), r["key"], r.get("parent"))
        for r in layout("tables")["three_public_rows"]
    ]


def read_three_public(doc: Document, found: Found, catalog: Catalog) -> TableResult:
    spec = found.spec.spec()
    patterns = _three_rows()
    rows: list[RawRow] = []
    parents: dict[str, str | None] = {}
    buffer = ""
    notes: list[str] = []
    for idx in range(found.start, found.end):
        ln = doc.lines[idx]
        if notes or _is_note(ln.text):
            notes.append(ln.text)
            continue
        amounts = _amount_tokens(ln)
        text = compact(_text_without_amounts(ln, 0, amounts))
        if text:
            if rows and not rows[-1].values and not buffer:
                joined = compact(rows[-1].label) + text
                if any(p.match(joined) for p, key, _ in patterns if key == rows[-1].key):
                    rows[-1].label = joined
                    rows[-1].values.extend(amounts)
                    continue
            buffer += text
            hit = next(((k, par) for p, k, par in patterns if p.match(buffer)), None)
            if hit:
                rows.append(
                    RawRow(
                        hit[0], None, buffer, "total" if hit[0] == "total" else "item", idx, amounts
                    )
                )
                parents[hit[0]] = hit[1]
                buffer = ""
            elif len(buffer) > 40 or is_header(buffer):
                buffer = ""
            continue
        if amounts and rows:
            rows[-1].values.extend(amounts)
    vals = {r.key: [t.value for t in r.values] for r in rows}
    nodes = {r.key: Node(r.key, vals[r.key]) for r in rows}
    top: list[Node] = []
    for r in rows:
        par = parents.get(r.key)
        if par and par in nodes:
            nodes[par].children.append(nodes[r.key])
        elif r.key != "total" or "total" not in nodes:
            top.append(nodes[r.key])
    total = nodes.get("total")
    if total is not None:
        top = [n for n in top if n is not total]
        # 合计 is printed as a row: its children are the three parts
        root_children = total.children or top
        top = [total]
        total.children = root_children
    _apply_hints(found, spec, rows, nodes)
    warnings = solve(spec, None, top)
    for n in nodes.values():
        if n.ambiguous:
            warnings.append(f"“{n.key}”行金额的列位置无法唯一确定，按版式先验放置")
    for r in rows:
        r.kind = "subtotal" if r.key in ("total", "vehicles") else "item"
    labels = layout("tables")["three_public_labels"]
    return _finish(found, spec, rows, nodes, catalog, None, notes, warnings, doc, labels)


def read_single_row(doc: Document, found: Found, catalog: Catalog) -> TableResult:
    """One row of figures under a header; transposed tables turn columns into rows."""
    if len(found.groups) > 1:
        return read_groups(doc, found)
    spec = found.spec.spec()
    tokens: list[Token] = []
    notes: list[str] = []
    for idx in range(found.start, found.end):
        ln = doc.lines[idx]
        if notes or _is_note(ln.text):
            notes.append(ln.text)
            continue
        amounts = _amount_tokens(ln)
        if amounts and not compact(_text_without_amounts(ln, 0, amounts)):
            tokens.extend(amounts)
    node = Node("row", [t.value for t in tokens[: len(spec.columns)]])
    warnings = solve(spec, None, [node])
    if node.ambiguous:
        warnings.append("金额的列位置无法唯一确定，按版式先验放置")
    vals = values_of(spec, node) if tokens else {}
    factor = _unit_factor(found.unit)
    ts = found.spec
    line = doc.lines[tokens[0].line] if tokens else doc.lines[found.title_line]
    for tok, ci in zip(tokens, node.chosen or (), strict=False):
        _place_cell(tok, ts, spec.columns[ci], "total", line.no)
    labels = layout("tables")["three_public_labels"]
    rows: list[StatedRow] = []
    rounding = False
    if ts.data.get("transpose"):
        for col in spec.columns:
            v, inexact = _convert(vals.get(col, Decimal(0)), factor, found.exact)
            rounding |= inexact
            kind = "subtotal" if col in ("total", "vehicles") else "item"
            rows.append(
                StatedRow(
                    key=col,
                    label=labels.get(col, col),
                    kind=kind,
                    values={"total": v},
                    line=line.no,
                )
            )
        columns: tuple[str, ...] = ("total",)
    else:
        values: dict[str, Decimal | None] = {}
        for col in spec.columns:
            values[col], inexact = _convert(vals.get(col, Decimal(0)), factor, found.exact)
            rounding |= inexact
        rows.append(StatedRow(key="total", label="合计", kind="total", values=values, line=line.no))
        columns = tuple(spec.columns)
    table = _stated(doc, found, columns, rows, "".join(notes) or None)
    return TableResult(table, warnings, rounding)


# ------------------------------------------------------------------ groups of columns
@cache
def _group_labels() -> tuple[re.Pattern[str], list[str], dict[str, str]]:
    """``column_groups`` of tables.yaml: the labels as one pattern (group ``g<i>`` for the
    i-th), each label's kind, and the stated table's column of each kind."""
    conf = layout("tables")["column_groups"]
    kinds = [str(e["group"]) for e in conf["labels"]]
    pattern = re.compile(
        "|".join(f"(?P<g{i}>{e['pattern']})" for i, e in enumerate(conf["labels"]))
    )
    return pattern, kinds, {str(k): str(v) for k, v in conf["columns"].items()}


_YEAR_IN = re.compile(r"\d{4}")


def column_groups(
    spec: TableSpec, header: str, year: int | None
) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """The groups of columns a one-row table's header prints side by side, left to right
    (kind, label as printed), and why they cannot be told apart (else None); no groups when
    the header prints its columns once.

    A year is this year's (``current``) when it is the document's ``year`` (without one, the
    latest named) and last year's (``prior_year``) when it is the year before."""
    pattern, kinds, _ = _group_labels()
    labels: list[tuple[str, str]] = []
    for m in pattern.finditer(header):
        name = next(k for k, v in m.groupdict().items() if v is not None)
        labels.append((kinds[int(name[1:])], m.group()))
    first = str(spec.data["header"][0])
    sets = header.count(first)
    if len(labels) < 2 and sets <= 1:
        return (), None
    printed = "、".join(label for _, label in labels) or "无"
    if sets != len(labels):
        return (), (
            f"表头列名印了 {sets} 组，组名 {len(labels)} 个（{printed}），"
            "无法确定各组是哪一年的数字，未读取其数字"
        )
    years = [int(y) for kind, label in labels if kind == "year" for y in _YEAR_IN.findall(label)]
    this = year if year is not None else max(years, default=None)
    groups: list[tuple[str, str]] = []
    for kind, label in labels:
        if kind == "year":
            named = int(_YEAR_IN.findall(label)[0])
            kind = (
                "current" if named == this else "prior_year" if this and named == this - 1 else ""
            )
        groups.append((kind, label))
    kinds_found = [k for k, _ in groups]
    if (
        "" in kinds_found
        or kinds_found.count("current") != 1
        or len(set(kinds_found)) != len(groups)
    ):
        return (), (
            f"表头的 {len(groups)} 组列（{printed}）无法对应本年、上年"
            + (f"（文件年度 {year} 年）" if year is not None else "")
            + "，未读取其数字"
        )
    return tuple(groups), None


#: a line of a grouped table holding only numbers (amounts, rates, dashes for blank cells)
_NUMBERS_ONLY = re.compile(r"[\d,.\-%％—–―/\s]*\d[\d,.\-%％—–―/\s]*").fullmatch
#: the ways to weigh per split of the amounts into groups (each group's placements)
_GROUP_TRIES = 2000


def _sizes(count: int, groups: int, most: int) -> Iterable[tuple[int, ...]]:
    """The ways to split ``count`` amounts, in order, into ``groups`` runs of at most ``most``."""
    if groups == 1:
        if count <= most:
            yield (count,)
        return
    for first in range(min(count, most), -1, -1):
        for rest in _sizes(count - first, groups - 1, most):
            yield (first, *rest)


#: a split of a grouped row's amounts into runs, one per group, and a placement of each
#: amount group's run in the layout's columns
_Reading = tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]


def _splits(
    spec: Spec, kinds: list[str], values: list[Decimal], rated: list[bool] | None
) -> tuple[tuple[int, bool] | None, list[_Reading]]:
    """The splits of ``values`` into one run per group (``kinds``) that score best, with a
    placement of each amount group's run: the score is how many groups meet the layout's
    identities, then whether this year's less last year's is the change (when all three are
    printed).  ``rated``: which values were printed with %, the rate group's alone."""
    n = len(spec.columns)
    column_of = _group_labels()[2]
    amounts = [g for g, k in enumerate(kinds) if k in column_of]
    delta = (
        (kinds.index("current"), kinds.index("prior_year"), kinds.index("change"))
        if {"current", "prior_year", "change"} <= set(kinds)
        else None
    )
    best: tuple[int, bool] | None = None
    readings: list[_Reading] = []
    for sizes in _sizes(len(values), len(kinds), n):
        bounds = [sum(sizes[:g]) for g in range(len(kinds) + 1)]
        if rated is not None and any(
            rated[i] != (kinds[g] == "rate")
            for g in range(len(kinds))
            for i in range(bounds[g], bounds[g + 1])
        ):
            continue
        options = []
        fit = 0
        for g in amounts:
            opts, ok = placements(spec, values[bounds[g] : bounds[g + 1]])
            fit += ok
            options.append(opts if ok else opts[:4])
        if not all(options):
            continue
        for tries, chosen in enumerate(product(*options)):
            if tries >= _GROUP_TRIES:
                break
            agree = True
            if delta is not None:
                vec = {
                    g: placed_values(spec, values[bounds[g] : bounds[g + 1]], c)
                    for g, c in zip(amounts, chosen, strict=True)
                }
                now, before, change = (vec[g] for g in delta)
                agree = all(a - b == c for a, b, c in zip(now, before, change, strict=True))
            score = (fit, agree)
            if best is None or score > best:
                best, readings = score, []
            if score == best:
                readings.append((sizes, chosen))
    return best, readings


def read_groups(doc: Document, found: Found) -> TableResult:
    """A one-row table printing its columns once per group (``Found.groups``): this year's
    group as the stated table's ``total`` column, last year's and the change in the columns
    ``column_groups`` names; a group without a column (增减率) is left unplaced.

    Text drops blank cells, so which amounts belong to which group is a split of the printed
    amounts, in order: the one where each group meets the layout's identities, and this year's
    less last year's is the change (when all three are printed).  A split that still leaves a
    choice is reported and the table listed as guessed."""
    ts = found.spec
    spec = ts.spec()
    n = len(spec.columns)
    column_of = _group_labels()[2]
    kinds = [kind for kind, _ in found.groups]
    tokens: list[Token] = []
    notes: list[str] = []
    for idx in range(found.start, found.end):
        ln = doc.lines[idx]
        if notes or _is_note(ln.text):
            notes.append(ln.text)
            continue
        if ln.tokens and _NUMBERS_ONLY(ln.text):
            tokens.extend(ln.tokens)
    warnings: list[str] = []
    rates = [t for t in tokens if t.text.endswith("%")]
    left: list[Token] = []
    if rates and "rate" not in kinds:  # a rate printed with % is no amount of any group
        tokens = [t for t in tokens if not t.text.endswith("%")]
        left += rates
        warnings.append(f"{len(rates)} 个百分数不属于表头所列的任何一组，未读入表格")
    #: a rate printed with % belongs to the rate group; then so does nothing else
    rated = [t.text.endswith("%") for t in tokens] if rates else None
    values = [t.value for t in tokens]
    amounts = [i for i, k in enumerate(kinds) if k in column_of]
    best, readings = _splits(spec, kinds, values, rated)
    guessed = None
    vectors: dict[str, list[Decimal]] = {}
    line = doc.lines[tokens[0].line] if tokens else doc.lines[found.title_line]
    if not readings:
        guessed = f"金额 {len(tokens)} 个，多于 {len(kinds)} 组共 {len(kinds) * n} 列，无法分组"
        warnings.append(guessed + "，未读取其数字")
        left += tokens
    else:
        assert best is not None
        sizes, chosen = readings[0]
        splits = {r[0] for r in readings}
        if len(splits) > 1:
            guessed = "各组金额的分界无法唯一确定（空白单元格不印出），哪些数字属于哪一年是推测的"
            warnings.append(guessed)
        elif len({_readout(spec, values, s, c, amounts) for s, c in readings[:50]}) > 1:
            warnings.append("金额的列位置无法唯一确定，按版式先验放置")
        if not best[0] == len(amounts):
            warnings.append("有的组金额与合计不能对应，按最可能的列位置放置")
        if not best[1]:  # (always True when no change is printed beside both years)
            warnings.append("增减额与本年数减上年数不符")
        bounds = [sum(sizes[:g]) for g in range(len(kinds) + 1)]
        for g, c in zip(amounts, chosen, strict=True):
            column = column_of[kinds[g]]
            vectors[column] = placed_values(spec, values[bounds[g] : bounds[g + 1]], c)
            for tok, ci in zip(tokens[bounds[g] : bounds[g + 1]], c, strict=True):
                _place_cell(tok, ts, spec.columns[ci], column, doc.lines[tok.line].no)
        for g, (kind, label) in enumerate(found.groups):
            if kind not in column_of and bounds[g + 1] > bounds[g]:
                left += tokens[bounds[g] : bounds[g + 1]]
                warnings.append(
                    f"“{label}”组的 {bounds[g + 1] - bounds[g]} 个数字未读入表格"
                    "（可由本年数、上年数算出）"
                )
    columns = tuple(dict.fromkeys(["total", *(column_of[kinds[g]] for g in amounts)]))
    factor = _unit_factor(found.unit)
    labels = layout("tables")["three_public_labels"]
    rows: list[StatedRow] = []
    rounding = False
    for i, key in enumerate(spec.columns):
        cells: dict[str, Decimal | None] = {}
        for column in columns:
            raw = vectors[column][i] if column in vectors else Decimal(0)
            cells[column], inexact = _convert(raw, factor, found.exact)
            rounding |= inexact
        kind = "subtotal" if key in ("total", "vehicles") else "item"
        rows.append(
            StatedRow(key=key, label=labels.get(key, key), kind=kind, values=cells, line=line.no)
        )
    table = _stated(doc, found, columns, rows, "".join(notes) or None)
    return TableResult(table, warnings, rounding, guessed, left)


def _readout(
    spec: Spec,
    values: list[Decimal],
    sizes: tuple[int, ...],
    chosen: tuple[tuple[int, ...], ...],
    amounts: list[int],
) -> tuple[tuple[Decimal, ...], ...]:
    """The amounts by column of each group a split and its placements give."""
    bounds = [sum(sizes[:g]) for g in range(len(sizes) + 1)]
    return tuple(
        tuple(placed_values(spec, values[bounds[g] : bounds[g + 1]], c))
        for g, c in zip(amounts, chosen, strict=True)
    )


def read_list_table(doc: Document, found: Found, catalog: Catalog) -> TableResult:
    """A label → amount list (one amount per line): rows keyed by their label."""
    ts = found.spec
    factor = _unit_factor(found.unit)
    rows: list[StatedRow] = []
    seen: set[str] = set()
    for idx in range(found.start, found.end):
        ln = doc.lines[idx]
        amounts = _amount_tokens(ln)
        label = compact(_text_without_amounts(ln, 0, amounts))
        if not label or (is_header(label) and not amounts):
            continue
        key = f"rev:{label}" if label not in ("合计", "总计") else "total"
        if key in seen:
            key = f"{key}#{ln.no}"
        seen.add(key)
        value = None
        if amounts:
            value, _ = _convert(amounts[-1].value, factor, found.exact)
            for t in amounts[-1:]:
                _place_cell(t, ts, key, "amount", ln.no)
        rows.append(
            StatedRow(
                key=key,
                label=label,
                kind="total" if key == "total" else "item",
                values={"amount": value},
                line=ln.no,
                page=ln.page,
            )
        )
    table = _stated(doc, found, ("amount",), rows)
    return TableResult(table, [])


# ------------------------------------------------------------------------- 表7
def _join_wrapped(head: str, tail: str) -> str:
    """Join a cell's wrapped lines; a space where Chinese meets Latin letters or digits.

    Documents that space ASCII words inside Chinese text (``127 万``) lose that space at
    a line break; it is put back so names compare equal to their unwrapped form.
    """
    if head and tail:
        a, b = head[-1], tail[0]
        if ("\u4e00" <= a <= "\u9fff" and b.isascii() and b.isalnum()) or (
            a.isascii() and a.isalnum() and "\u4e00" <= b <= "\u9fff" and " " in head
        ):
            return f"{head} {tail}"
    return head + tail


def _strip_spaced(text: str, prefix: str) -> str | None:
    """``text`` without ``prefix`` at its start, whitespace in ``text`` ignored."""
    k = 0
    for i, ch in enumerate(text):
        if k == len(prefix):
            return text[i:]
        if ch.isspace():
            continue
        if ch != prefix[k]:
            return None
        k += 1
    return "" if k == len(prefix) else None


@dataclass
class _Record:
    line: int
    start: re.Match[str] | None
    pieces: list[Token] = field(default_factory=list)
    text: str = ""
    values: list[Token] = field(default_factory=list)
    total: bool = False
    #: lines of text only after the row's line (on its page), joined to its text
    labels: list[int] = field(default_factory=list)
    #: lines of text only directly above the row's line, not joined to any row (the table's
    #: first row, a page's first row: the header before them)
    before: list[int] = field(default_factory=list)
    later: bool = False  # amounts on a line after the row's line


#: cells of one line apart (pdftotext -layout pads columns with spaces; a name keeps one)
_CELL_GAP = re.compile(r"\s{2,}")


def _centred(doc: Document, rows: list[_Record]) -> list[list[int]] | None:
    """Each row's lines when the table prints a wrapped cell centred on its row's line, as
    ``pdftotext -layout`` does (half the cell's lines above the row's line, half below): the
    lines above, the row's line, the lines below; ``None`` when the text does not fit that.

    The text-only lines between two rows are the first row's cell tails and the second's
    heads, so how many belong to which follows from the row after: a row has as many lines
    above as below.  Counted from a page's last row back to its first, every gap must hold
    the lines the rows at its ends need, and the first row no more than stand above it.
    Only for a table whose every row keeps its amounts on its own line (text in row order,
    not a cell per line)."""
    if not rows or any(r.pieces or r.later or not r.values for r in rows):
        return None
    lines = doc.lines
    out: list[list[int]] = []
    first = 0
    while first < len(rows):
        page = lines[rows[first].line].page
        last = first
        while last + 1 < len(rows) and lines[rows[last + 1].line].page == page:
            last += 1
        seg = rows[first : last + 1]
        above = [0] * len(seg)
        below = len(seg[-1].labels)
        for j in range(len(seg) - 1, 0, -1):
            above[j] = below
            below = len(seg[j - 1].labels) - below
            if below < 0:
                return None
        above[0] = below
        if below > len(seg[0].before):
            return None
        heads = [seg[0].before] + [r.labels for r in seg[:-1]]
        for j, r in enumerate(seg):
            head = heads[j][len(heads[j]) - above[j] :]
            out.append([*head, r.line, *r.labels[: above[j]]])
        first = last + 1
    return out


def _without_subject(pieces: list[str], subject: str) -> list[str] | None:
    """Each cell piece of a row less its part of the 科目名称 ``subject`` (compacted), which
    prints in its own column, so its pieces come whole and in order: "" for a piece of it;
    ``None`` when they do not make it whole."""
    out: list[str] = []
    at = 0
    for piece in pieces:
        c = compact(piece)
        if at < len(subject) and subject.startswith(c, at):
            at += len(c)
            out.append("")
            continue
        tail = _strip_spaced(piece, subject[at:]) if at < len(subject) else None
        if tail:  # the name's end and the project's start a single space apart
            at = len(subject)
            out.append(tail.strip())
            continue
        out.append(piece)
    return out if at == len(subject) else None


_TWO_DIGITS = re.compile(r"\d{2}").fullmatch


def _centred_projects(
    doc: Document, found: Found, catalog: Catalog, records: list[_Record], codes: list[str]
) -> dict[int, tuple[str, str]] | None:
    """表7 as ``pdftotext -layout`` prints it, its wrapped names centred on their rows: each
    project row's (科目名称, 项目名称) by the line of its row, from its lines above and below
    (:func:`_centred`); ``None`` when the text is not so printed.

    Told apart from a text that prints a wrapped name after its row's line (the seed, as
    pdfplumber does) by a row whose line holds none of a name that lines above and below it
    hold (no text at all, or its 科目名称 but no 项目名称): that name's first half stands
    above."""
    rows = [r for r in records if not r.total]
    spans = _centred(doc, rows)
    if spans is None:
        return None
    lines = doc.lines
    out: dict[int, tuple[str, str]] = {}
    evidence = False
    for rec, code, span in zip(rows, codes, spans, strict=True):
        assert rec.start is not None
        here = _text_without_amounts(lines[rec.line], rec.start.end(), rec.values)
        if len(code) != 7:
            evidence = evidence or (span[0] != rec.line and not here)
            continue
        printed = found.names.get(code, "")
        pieces: list[str] = []
        side: list[int] = []  # each piece's line: above the row's line (-1), it (0), below (1)
        for idx in span:
            text = here if idx == rec.line else lines[idx].text
            new = [p for p in _CELL_GAP.split(text.strip()) if p]
            pieces += new
            side += [(idx > rec.line) - (idx < rec.line)] * len(new)
        for known in dict.fromkeys((catalog.name(CodeKind.functional, code) or printed, printed)):
            rest = _without_subject(pieces, compact(known)) if known else None
            if rest is not None and any(rest):
                break
        else:
            return None
        # the 项目名称 itself centred: as many of its lines above the row's line as below
        ends = [s for s, piece in zip(side, rest, strict=True) if piece]
        if ends.count(-1) != ends.count(1):
            return None
        project = ""
        for piece in rest:
            project = _join_wrapped(project, piece)
        out[rec.line] = (known, project.strip())
        evidence = evidence or (span[0] != rec.line and 0 not in ends)
    return out if evidence else None


def read_projects_table(doc: Document, found: Found, catalog: Catalog) -> TableResult:
    """表7: projects by functional code × economic 类; cells wrap over many lines."""
    spec = found.spec.spec()
    records: list[_Record] = []
    cur: _Record | None = None
    start_re = _code_res().project.match
    skipped: list[int] = []  # text-only lines no row took, since the last row's line
    for idx in range(found.start, found.end):
        ln = doc.lines[idx]
        text = ln.text
        amounts = _amount_tokens(ln)
        if text.startswith(_TOTAL_HEADS) and _TOTAL.match(text):
            cur = _Record(idx, None, total=True)
            cur.values.extend(amounts)
            records.append(cur)
            skipped = []
            continue
        m = start_re(text) if text[:1].isdigit() else None
        if m and (m.group(4) or _glued(text, m.end())):
            # a code in one piece (2013101) or glued to its name: a project name may begin
            # with digits (120急救, 12345热线), a code begins with a 类 the catalog knows
            first = m.group(4) or m.group(1)
            if len(first) != 3 or not _known_category(catalog, CodeKind.functional, first):
                m = None
        if m and (cur is None or cur.values) and not AMOUNT.match(text.split()[0]):
            cur = _Record(idx, m, before=skipped)
            skipped = []
            end = m.end()
            for t in ln.tokens:
                if t.end <= end:
                    t.role = "code"
            rest = text[end:]
            cur.values.extend(t for t in amounts if t.start >= end)
            cur.text += _text_without_amounts(ln, end) if rest.strip() else ""
            records.append(cur)
            continue
        if cur is None or (cur.values and not amounts and ln.page != doc.lines[cur.line].page):
            # before the first row, or the header repeated on a new page
            skipped = [] if amounts else [*skipped, idx]
            continue
        skipped = []
        if not cur.values and _TWO_DIGITS(text):
            cur.pieces.extend(ln.tokens)
            for t in ln.tokens:
                t.role = "code"
            continue
        cur.values.extend(amounts)
        rest = _text_without_amounts(ln, 0, amounts)
        if amounts:
            cur.later = True
        elif rest:
            cur.labels.append(idx)
        if rest:
            cur.text = _join_wrapped(cur.text, rest)
    rows: list[RawRow] = []
    warnings: list[str] = []
    last_cat = ""
    codes: list[str] = []
    for rec in records:
        if rec.total:
            continue
        assert rec.start is not None
        digits = [g for g in rec.start.groups() if g] + [t.text for t in rec.pieces]
        first = digits[0]
        if len(first) == 3:
            cat = first
        else:
            cat = last_cat if last_cat.endswith(first) else ("2" * (3 - len(first)) + first)[-3:]
            warnings.append(
                f"表7 第 {doc.lines[rec.line].no} 行科目编码残缺（{first}），按上一行补为 {cat}"
            )
        last_cat = cat
        codes.append(cat + "".join(digits[1:3]))
    projects = _centred_projects(doc, found, catalog, records, codes)
    it = iter(codes)
    for rec in records:
        if rec.total:
            rows.append(RawRow("total", None, "合计", "total", rec.line, rec.values))
            continue
        code = next(it)
        printed = found.names.get(code, "")
        name = catalog.name(CodeKind.functional, code) or printed
        text = rec.text.strip()
        if len(code) == 7:
            stripped = None
            if projects is not None:  # (pdftotext -layout's text)
                name, stripped = projects[rec.line]
            else:
                for known in dict.fromkeys((name, printed)):
                    stripped = _strip_spaced(text, compact(known)) if known else None
                    if stripped is not None:
                        name = known
                        break
            if stripped is not None:
                project = stripped.strip()
            else:
                project = text
                warnings.append(
                    f"表7 第 {doc.lines[rec.line].no} 行科目名称与科目表不符，"
                    "项目名称可能含科目名称"
                )
            key = f"project:{project}"
            row = RawRow(key, code, project, "project", rec.line, rec.values)
            row.texts = [name or "", project]
        else:
            row = RawRow(code, code, name or compact(text), "subtotal", rec.line, rec.values)
        rows.append(row)
    vals: dict[str, list[Decimal]] = {}
    for r in rows:
        if r.key in vals:
            r.key = f"{r.key}#{r.line}"
        vals[r.key] = [t.value for t in r.values]
    nodes: dict[str, Node] = {}
    root: Node | None = None
    top: list[Node] = []
    for r in rows:
        node = Node(r.key, vals[r.key])
        nodes[r.key] = node
        if r.kind == "total":
            root = node
            continue
        code = r.code or ""
        parent = None
        for plen in (5, 3):
            if len(code) > plen and code[:plen] in nodes:
                parent = nodes[code[:plen]]
                break
        (parent.children if parent else top).append(node)
    at = printed_columns(doc, found, rows, spec)
    if at is not None:
        for r, cols in zip(rows, at, strict=True):
            nodes[r.key].fixed = cols
    warnings += solve(spec, root, top)
    if any(n.ambiguous for n in nodes.values()):
        amb = [k.removeprefix("project:") for k, n in nodes.items() if n.ambiguous]
        warnings.append(
            "表7 的经济分类列由合计行推定，以下行的列位置不唯一（文本不保留空白单元格）："
            + "、".join(amb[:12])
            + ("…" if len(amb) > 12 else "")
        )
    factor = _unit_factor(found.unit)
    ts = found.spec
    out: list[StatedRow] = []
    rounding = False
    for r in rows:
        node = nodes[r.key]
        values, inexact = _cells(spec.columns, node, factor, found.exact)
        rounding |= inexact
        line = doc.lines[r.line]
        chosen = map(spec.columns.__getitem__, node.chosen or ())
        _place_cells(r.values, chosen, ts, r.key, line.no, line.page)
        if r.kind == "total":
            texts = {"project": "合计"}
            label = "合计"
        elif r.kind == "project":
            texts = _code_texts(r.code or "", r.texts[0])
            texts["project"] = r.texts[1]
            label = r.texts[1]
        else:
            texts = _code_texts(r.code or "", r.label)
            label = r.label
        out.append(_row(r.key, label, r.code, r.kind, values, texts, line.no, line.page))
    table = _stated(doc, found, tuple(spec.columns), out)
    return TableResult(table, warnings, rounding)


_GLUED_TOTAL = re.compile(r"((?:人员|公用)经费合计|合计)\s*$")


@dataclass
class _ListRow:
    """A row of 决算 表6's lists as read; its amount may print on a later line."""

    key: str
    code: str
    name: str
    line: Line
    amount: Token | None = None


def _segment_starts(ln: Line, amounts: list[Token], catalog: Catalog) -> list[int]:
    """Where a code begins one of the line's list halves.  A code followed by a space begins
    one; a code with its name glued on (310资本性支出) or at the line's end (30299, its name
    and amount on the next line) only when the catalog knows its 类; and a number ending the
    line after a name still without its amount is that amount (a 元 table's ``办公费 310``),
    after an amount a code (``30108 6.18 30206``)."""
    text = ln.text
    out: list[int] = []
    for m in _code_res().segment.finditer(text):
        start, end = m.span(1)
        if end == len(text) or not text[end].isspace():
            if not _known_category(catalog, CodeKind.economic, m.group(1)):
                continue
            if end == len(text) and any(t.start == start for t in amounts):
                after = out[-1] if out else -1
                if not any(after < t.start < start for t in amounts):
                    continue
        out.append(start)
    return out


def _take(waiting: list[_ListRow], amounts: list[Token], ln: Line) -> None:
    """The rows waiting for their amounts take ``amounts`` in order; a row the catalog has no
    name for is named by the text before its amount."""
    pos = 0
    for t in amounts:
        if not waiting:
            break
        row = waiting.pop(0)
        row.amount = t
        row.name = row.name or compact(ln.text[pos : t.start])
        pos = t.end


def read_economic_pair(doc: Document, found: Found, catalog: Catalog) -> TableResult:
    """Two economic code lists side by side (决算 基本支出表): code, name, amount × 2.

    A code may print alone on its line with its name and amount on the next line (or, in
    ``pdftotext -raw``, its name over the next lines and its amount ahead of the other list's
    next code: ``6.18 30206 电费 0.00``): the row waits for the first amount of the lines below
    that begins no code, up to the next line of codes."""
    ts = found.spec
    factor = _unit_factor(found.unit)
    rows: list[StatedRow | _ListRow] = []
    notes: list[str] = []
    seen: set[str] = set()
    waiting: list[_ListRow] = []  # rows whose amount has not printed yet, in order
    rounding = False
    for idx in range(found.start, found.end):
        ln = doc.lines[idx]
        if notes or _is_note(ln.text):
            notes.append(ln.text)
            continue
        amounts = _amount_tokens(ln)
        starts = _segment_starts(ln, amounts, catalog)

        def totals(toks: list[Token], pos: int, ln: Line = ln) -> None:
            """人员经费合计 95.36 公用经费合计 10.23: each amount after a label with 合计."""
            pairs = []
            for t in toks:
                pairs.append((compact(ln.text[pos : t.start]), t))
                pos = t.end
            total_rows(pairs, ln)

        def total_rows(pairs: list[tuple[str, Token]], ln: Line) -> None:
            nonlocal rounding
            for label, t in pairs:
                if "合计" not in label:
                    continue
                key = f"rev:{label}"
                tot_value, inexact = _convert(t.value, factor, found.exact)
                rounding |= inexact
                _place_cell(t, ts, key, "total", ln.no)
                rows.append(
                    StatedRow(
                        key=key,
                        label=label,
                        kind="total",
                        values={"total": tot_value},
                        line=ln.no,
                    )
                )

        if not starts:
            if amounts and "合计" in ln.text:
                totals(amounts, 0)
            elif amounts:
                _take(waiting, amounts, ln)
            continue
        # a PDF row can carry the totals line too (人员经费合计 95.36 31099 … 公用经费合计 …)
        ahead = [t for t in amounts if t.start < starts[0]]
        if waiting and "合计" not in ln.text[: starts[0]]:
            _take(waiting, ahead, ln)
        else:
            totals(ahead, 0)
        waiting.clear()  # a row left without an amount has a blank cell
        bounds = [*starts, len(ln.text)]
        for k, start in enumerate(starts):
            end = bounds[k + 1]
            code_tok = next(t for t in ln.tokens if t.start == start)
            code_tok.role = "code"
            seg_amounts = [t for t in amounts if start < t.start < end]
            if len(seg_amounts) == 2:
                # 31099 其他资本性支出公用经费合计 0.00 10.23: the totals label glued to the name
                glued = _GLUED_TOTAL.search(ln.text[code_tok.end : seg_amounts[0].start])
                if glued:
                    total_rows([(glued.group(1), seg_amounts[1])], ln)
                    end = code_tok.end + glued.start()
                    seg_amounts = seg_amounts[:1]
            code = code_tok.text
            name = catalog.name(CodeKind.economic, code) or compact(
                ln.text[code_tok.end : min(seg_amounts[0].start, end) if seg_amounts else end]
            )
            key = code if code not in seen else f"{code}#{ln.no}"
            seen.add(key)
            row = _ListRow(key, code, name, ln, seg_amounts[0] if seg_amounts else None)
            rows.append(row)
            if row.amount is None:
                waiting.append(row)
    out: list[StatedRow] = []
    for r in rows:
        if isinstance(r, StatedRow):
            out.append(r)
            continue
        value: Decimal | None = None
        if r.amount is not None:
            value, inexact = _convert(r.amount.value, factor, found.exact)
            rounding |= inexact
            _place_cell(r.amount, ts, r.key, "total", doc.lines[r.amount.line].no)
        out.append(
            StatedRow(
                key=r.key,
                label=r.name,
                code=r.code,
                kind="subtotal" if len(r.code) == 3 else "item",
                values={"total": value},
                texts={"category": r.code[:3], "name": r.name},
                line=r.line.no,
                page=r.line.page,
            )
        )
    table = _stated(doc, found, ("total",), out, "".join(notes) or None)
    return TableResult(table, ["单位由元折算为万元时有四舍五入"] if rounding else [], rounding)


READERS = {
    "functional": read_code_table,
    "economic": read_code_table,
    "pair": read_pair_table,
    "projects": read_projects_table,
    "three_public": read_three_public,
    "single_row": read_single_row,
    "list": read_list_table,
    "economic_pair": read_economic_pair,
}


def read_tables(
    doc: Document, catalog: Catalog, exact: bool = False, year: int | None = None
) -> tuple[list[Found], dict[str, TableResult]]:
    """The document's tables; ``exact`` keeps 元 amounts unrounded (see :func:`_convert`);
    ``year``, the document's, tells this year's group of columns from last year's."""
    forget_rows()
    found = locate(doc)
    for f in found:
        f.exact = exact
        if f.spec.data.get("groups") and not f.unfit:
            f.groups, f.unfit = column_groups(f.spec, f.header, year)
    results: dict[str, TableResult] = {}
    first = (
        "overview",
        "general_budget_expenditure",
        "expenditure",
        "fund_budget_expenditure",
        "state_capital_expenditure",
    )
    order = sorted(found, key=lambda f: first.index(f.spec.key) if f.spec.key in first else 9)
    for f in order:
        if f.spec.key in results or f.unfit:
            continue
        f.hints = cross_hints(f.spec.key, results)
        if f.spec.kind == "projects":  # the only reader of ``names``
            f.names = {
                r.code: r.label
                for key in ("general_budget_expenditure", "expenditure")
                if key in results
                for r in results[key].table.rows
                if r.code and r.label
            }
        reader = READERS[f.spec.kind]
        results[f.spec.key] = reader(doc, f, catalog)
        if f.unit_assumed:
            results[f.spec.key].warnings.append("未找到“单位”行，金额按万元处理")
        if f.by_words:
            results[f.spec.key].warnings.append(
                f"标题“{f.title}”不在已知版式中，按其用词认作此表，以通用版式读取，请核对"
            )
    return found, results
