"""The narrative read back: claims (topics.yaml), project explanations, performance tables."""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import accumulate, chain
from operator import attrgetter
from typing import Any, TypeVar

from pydantic import BaseModel

from yusuan.catalog import Catalog, CodeKind, load_catalog
from yusuan.model.disclosure import (
    Claim,
    Location,
    PartKey,
    StatedIndicator,
    StatedPerformanceTable,
    StatedProject,
    claim_topics,
)
from yusuan.parse.layouts import layout
from yusuan.parse.records import trusted
from yusuan.parse.text import Document, Token, columns

_WS = re.compile(r"\s+")
_PAGE_NO = re.compile(r"^\d{1,3}$")
_HEADING = re.compile(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）)")
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"


_R = TypeVar("_R", bound=BaseModel)


# What pydantic's str_strip_whitespace strips (Unicode White_Space, as Rust's str::trim).
_TRIM = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)


def _trimmed(cls: type[_R], **values: Any) -> _R:
    """``trusted`` (parse/records.py) of values whose strings are trimmed as validation would
    trim them."""
    return trusted(
        cls, **{k: v.strip(_TRIM) if isinstance(v, str) else v for k, v in values.items()}
    )


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@dataclass
class Stream:
    """Lines joined with whitespace removed, with the way back to lines and tokens."""

    doc: Document
    text: str
    starts: list[int]  # compact offset where each included line begins
    index: list[int]  # doc line index of each included line
    sections: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, ordinal, heading)
    _offsets: list[int] = field(default_factory=list, init=False, repr=False)
    _ends: list[int] = field(default_factory=list, init=False, repr=False)
    _words: dict[int, tuple[list[int], list[int]]] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        self._offsets = [s[0] for s in self.sections]
        self._ends = [*self.starts[1:], len(self.text)]  # where each included line ends

    def line_at(self, pos: int) -> int:
        k = bisect_right(self.starts, pos) - 1
        return self.index[max(k, 0)]

    def section_at(self, pos: int) -> tuple[str, str]:
        k = bisect_right(self._offsets, pos) - 1
        if k < 0:
            return "", ""
        return self.sections[k][1], self.sections[k][2]

    def _words_of(self, k: int, line: str) -> tuple[list[int], list[int]]:
        """Where the words (runs of printed characters) of included line k, which has
        whitespace, begin: their offsets in the line without whitespace, and their columns."""
        got = self._words.get(k)
        if got is None:
            words = line.split()
            offsets = list(accumulate(map(len, words), initial=0))
            offsets.pop()  # (the length of the whole)
            cols: list[int] = []
            at = 0
            for w in words:  # (a word's first occurrence after the last is where it begins)
                at = line.index(w, at)
                cols.append(at)
                at += len(w)
            self._words[k] = got = (offsets, cols)
        return got

    def original(self, start: int, end: int) -> str:
        """The text of compact span [start, end) as printed: spaces inside lines kept,
        lines joined (a space where Chinese meets Latin letters or digits)."""
        out = ""
        starts, ends, lines, index = self.starts, self._ends, self.doc.lines, self.index
        first = max(bisect_right(starts, start) - 1, 0)
        for k in range(first, bisect_left(starts, end, first)):  # the lines begun before end
            line = lines[index[k]].text
            base = starts[k]
            size = ends[k] - base
            a = start - base if start > base else 0
            b = end - base if end - base < size else size
            if a == 0 and b == size:
                text = line.strip()  # the whole line, from its first printed character to its last
            elif len(line) == size:
                text = line[a:b]
            elif a < b:
                offsets, cols = self._words_of(k, line)
                i = bisect_right(offsets, a) - 1
                j = bisect_right(offsets, b - 1) - 1
                text = line[cols[i] + a - offsets[i] : cols[j] + b - offsets[j]]
            else:
                continue
            if out and text:
                x, y = out[-1], text[0]
                if (y.isascii() and y.isalnum() and "\u4e00" <= x <= "\u9fff") or (
                    x.isascii() and x.isalnum() and "\u4e00" <= y <= "\u9fff"
                ):
                    out += " "
            out += text
        return out

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Number tokens whose text lies within compact span [start, end)."""
        out: list[Token] = []
        starts, ends, lines, index = self.starts, self._ends, self.doc.lines, self.index
        first = max(bisect_right(starts, start) - 1, 0)
        for k in range(first, bisect_left(starts, end, first)):  # the lines begun before end
            line = lines[index[k]]
            tokens = line.tokens
            if tokens:
                base = starts[k]
                if start <= base and ends[k] <= end:
                    out += tokens  # the whole line
                elif len(line.text) == ends[k] - base:
                    out += [t for t in tokens if start <= base + t.start < end]
                else:
                    offsets, cols = self._words_of(k, line.text)
                    for t in tokens:  # (a token begins at a printed character)
                        i = bisect_right(cols, t.start) - 1
                        if start <= base + offsets[i] + t.start - cols[i] < end:
                            out.append(t)
        return out


_HEADING_FIRST = frozenset("一二三四五六七八九十（")
_MONEY = re.compile(_NUM + "万元")


def _compact(text: str) -> str:
    """``text`` without whitespace (``_WS.sub("", text)``, at a fraction of the cost)."""
    if " " not in text and text.isprintable():  # every other whitespace is unprintable
        return text
    return "".join(text.split())


def make_stream(doc: Document, indices: Iterable[int]) -> Stream:
    idx_list = list(indices)
    texts = [doc.lines[li].text for li in idx_list]
    compacts = [t if " " not in t and t.isprintable() else _compact(t) for t in texts]  # (inline)
    return _stream(doc, idx_list, texts, compacts)


# On "\n" + the lines joined by "\n" (a newline before each line: re's fast literal search)
_PAGE_LINE = re.compile(r"\n\d{1,3}(?=\n|\Z)")  # a line _PAGE_NO matches
_HEADING_LINE = re.compile(r"\n[一二三四五六七八九十（]")  # a line _HEADING can match


def _line_hits(joined: str, pattern: re.Pattern[str]) -> list[int]:
    """The numbers of the lines where ``pattern`` matches at the newline before the line,
    in ``joined`` ("\n" before each line)."""
    out: list[int] = []
    line = pos = 0
    for m in pattern.finditer(joined):
        q = m.start()
        line += joined.count("\n", pos, q)
        pos = q
        out.append(line)
    return out


def _stream(
    doc: Document,
    idx_list: list[int],
    texts: list[str],
    compacts: list[str],
    with_sections: bool = True,
) -> Stream:
    """The stream of lines ``idx_list`` (their texts, and those without whitespace), with
    its sections (headings) unless told not."""
    last = len(idx_list) - 1
    joined = "\n" + "\n".join(texts)
    headings: list[int] = []
    if joined.count("\n") == last + 1:  # (no text holds a newline) lines found by one search
        numbers = _line_hits(joined, _PAGE_LINE)
        if with_sections:
            headings = _line_hits(joined, _HEADING_LINE)
    else:
        numbers = [n for n, t in enumerate(texts) if _PAGE_NO.match(t)]
        if with_sections:
            headings = [n for n, t in enumerate(texts) if t[:1] in _HEADING_FIRST]
    drop = [n for n in numbers if 0 < n < last and _cjk(texts[n - 1][-1]) and _cjk(texts[n + 1][0])]
    if drop:
        for n in drop:
            for tok in doc.lines[idx_list[n]].tokens:  # a page number inside a sentence
                tok.role = "page"
        spans = list(zip([-1, *drop], [*drop, len(idx_list)], strict=True))  # kept runs between
        compacts = list(chain.from_iterable(compacts[a + 1 : b] for a, b in spans))
        index = list(chain.from_iterable(idx_list[a + 1 : b] for a, b in spans))
    else:
        index = list(idx_list)
    starts = list(accumulate(map(len, compacts), initial=0))
    starts.pop()
    sections: list[tuple[int, str, str]] = []
    for n in headings:
        k = n - bisect_left(drop, n)  # its place among the kept lines
        text = texts[n]
        if len(text) < 60:
            m = _HEADING.match(text)
            if m and not ("万元" in text and _MONEY.search(text)):  # (the literal first)
                c = compacts[k]
                nxt = texts[n + 1] if n < last else ""
                heading = c if c.endswith(("说明", "情况", "明")) else c + _compact(nxt)
                sections.append((starts[k], m.group(1) or f"（{m.group(2)}）", heading[:80]))
    return Stream(doc, "".join(compacts), starts, index, sections)


# ------------------------------------------------------------------ claim pattern scanning
# Each claim pattern used to be run over the whole narrative (finditer), ~80 full scans per
# document.  A pattern's matches can only start where one of its *heads* (the literal strings
# every match begins with, found from the parsed pattern) occurs, or a little before one when
# the pattern opens with digits, marks and the like (a *lead*: ``{N}家…``, ``“?{CAT}``).  So
# the heads are found with str.find and the pattern is tried only there, in order, the next
# try starting where the last match ended: the very matches finditer gives.

_sre: Any = importlib.import_module("re._parser")
_C: Any = importlib.import_module("re._constants")
_MAX_HEADS = 64
_HEAD_GROUPS = 3


@dataclass(frozen=True)
class _Plan:
    """Where a pattern's matches can start: at a head, or in a lead run just before one."""

    heads: tuple[str, ...]
    lead: re.Pattern[str] | None = None  # a run of characters a lead can be made of, to the end
    lead_min: int = 0  # the lead's width
    lead_max: int = 0
    at_start: bool = False  # the pattern opens with ^
    after: re.Pattern[str] | None = None  # a character a match may follow (a lookbehind's)


def _item_heads(op: Any, av: Any) -> list[tuple[str, bool]] | None:
    """The literal strings an item can begin with; True where the item is the whole string."""
    if op is _C.LITERAL:
        return [(chr(av), True)]
    if op is _C.SUBPATTERN:
        return _heads(av[3].data)
    if op is _C.BRANCH:
        out: list[tuple[str, bool]] = []
        for alt in av[1]:
            h = _heads(alt.data)
            if h is None:
                return None
            out += h
        return out
    if op is _C.IN and len(av) <= 8 and all(o is _C.LITERAL for o, _ in av):
        return [(chr(a), True) for _, a in av]
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return [("", True)]  # zero width
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
        h = _heads(av[2].data)
        return None if h is None else [*h, ("", True)]
    return [("", False)]


def _heads(items: list[tuple[Any, Any]]) -> list[tuple[str, bool]] | None:
    out: list[tuple[str, bool]] = [("", True)]
    for op, av in items:
        if not any(open_ for _, open_ in out):
            break
        got = _item_heads(op, av)
        if got is None:
            return None
        new = [(s + t, o) for s, open_ in out if open_ for t, o in got]
        new += [(s, False) for s, open_ in out if not open_]
        if len(new) > _MAX_HEADS:
            return [(s, False) for s, _ in out]
        out = new
    return out


def _lead_class(op: Any, av: Any) -> list[str] | None:
    """Members of a character class holding every character the item can match
    (None if there is no small description of them)."""
    if op is _C.LITERAL:
        return [re.escape(chr(av))]
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return []
    if op is _C.IN:
        out: list[str] = []
        for o, a in av:
            if o is _C.LITERAL:
                out.append(re.escape(chr(a)))
            elif o is _C.RANGE:
                out.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
            elif o is _C.CATEGORY and a is _C.CATEGORY_DIGIT:
                out.append(r"\d")
            else:
                return None
        return out
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        return _lead_items(av[2].data)
    if op is _C.SUBPATTERN:
        return _lead_items(av[3].data)
    if op is _C.BRANCH:
        acc: list[str] = []
        for alt in av[1]:
            got = _lead_items(alt.data)
            if got is None:
                return None
            acc += got
        return acc
    return None


def _lead_items(items: list[tuple[Any, Any]]) -> list[str] | None:
    acc: list[str] = []
    for op, av in items:
        got = _lead_class(op, av)
        if got is None:
            return None
        acc += got
    return acc


def _usable(heads: list[tuple[str, bool]] | None) -> tuple[str, ...] | None:
    if not heads or any(not s for s, _ in heads):
        return None
    strings = sorted({s for s, _ in heads}, key=len)
    kept: list[str] = []
    for s in strings:  # a head that starts with another adds nothing
        if not any(s.startswith(k) for k in kept):
            kept.append(s)
    return tuple(kept)


def _plan(pattern: str) -> _Plan | None:
    """Where the matches of ``pattern`` can start (None: anywhere, scan it all)."""
    parsed = _sre.parse(pattern)
    items: list[tuple[Any, Any]] = list(parsed.data)
    if parsed.getwidth()[0] == 0:
        return None
    if items and items[0][0] is _C.AT and items[0][1] is _C.AT_BEGINNING:
        return _Plan(heads=(), at_start=True)
    after = None
    if items and items[0][0] is _C.ASSERT_NOT and items[0][1][0] == -1:  # (?<![…]) first
        behind = items[0][1][1].data
        members = _lead_items(behind) if len(behind) == 1 else None
        if members and behind[0][0] in (_C.IN, _C.LITERAL):
            after = re.compile(f"[^{''.join(members)}]")
    for k in range(len(items)):
        heads = _usable(_heads(items[k:]))
        if heads is not None:
            if k == 0:
                return _Plan(heads=heads, after=after)
            members = _lead_items(items[:k])
            if members is None:
                return None
            lo, hi = _sre.SubPattern(parsed.state, items[:k]).getwidth()
            return _Plan(
                heads=heads,
                lead=re.compile(f"[{''.join(members)}]*\\Z") if members else None,
                lead_min=lo,
                lead_max=hi,
                after=after,
            )
        if _lead_class(*items[k]) is None:
            return None
    return None


def _trie(words: Iterable[str]) -> str:
    """One regex matching any of ``words``, branching a character at a time (so that the
    engine tries few alternatives at each place), the longest word first."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and len(alts[0]) == 1 else f"(?:{'|'.join(alts)})"
        return body + "?" if "" in node else body

    return "|".join(re.escape(ch) + emit(sub) for ch, sub in sorted(root.items()))


def _head_positions(text: str, rules: _Rules) -> dict[int, list[int]]:
    """Where the heads of each claim pattern (by its index) occur in ``text``, in order
    (overlapping occurrences included)."""
    hits: list[tuple[int, str]] = []
    for heads in rules.heads:
        search, pos = heads.search, 0
        while (m := search(text, pos)) is not None:
            pos = m.start()
            hits.append((pos, m.group()))
            pos += 1
    hits.sort()  # (one head, the longest, at a place: its first character has one group)
    found: dict[int, list[int]] = {}
    users = rules.users
    for q, h in hits:
        for i in users[h]:
            if i in found:
                found[i].append(q)
            else:
                found[i] = [q]
    return found


def _lead_start(text: str, end: int, lead: re.Pattern[str] | None, most: int) -> int:
    """Where the run of lead characters (at most ``most``) that ends at ``end`` begins."""
    if lead is None:
        return end
    span = min(most, 32)
    while True:
        lo = max(end - span, 0)
        start = lead.search(text, lo, end).start()  # type: ignore[union-attr]  # (can be empty)
        if start > lo or lo == 0 or span >= most:
            return start
        span *= 4


def _finditer(
    pattern: re.Pattern[str], plan: _Plan | None, text: str, heads: list[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying the pattern only where a match can start (``heads``:
    where the plan's heads occur, in order)."""
    if plan is None:
        yield from pattern.finditer(text)
        return
    if plan.at_start:
        m = pattern.match(text)
        if m:
            yield m
        return
    lead, after = plan.lead, plan.after
    starts: Iterable[int] = heads  # (a head's place is a start: no two of a plan's heads share one)
    if plan.lead_max or after is not None:
        found: set[int] = set()
        for o in heads:
            lo = hi = o
            if plan.lead_max:
                lo, hi = _lead_start(text, o, lead, plan.lead_max), o - plan.lead_min
            if after is None:
                found.update(range(lo, hi + 1))
                continue
            if lo == 0 <= hi:
                found.add(0)
            found.update(m.end() for m in after.finditer(text, max(lo - 1, 0), hi))
        starts = sorted(found)
    pos = 0
    match = pattern.match
    for p in starts:
        if p < pos:
            continue
        m = match(text, p)
        if m:
            yield m
            pos = m.end()


#: (pattern, section, emits, literal, plan, scope)
_Compiled = tuple[
    re.Pattern[str],
    re.Pattern[str] | None,
    list["_Emit"],
    str,
    _Plan | None,
    re.Pattern[str] | None,
]


@dataclass(frozen=True)
class _Rules:
    """The claim patterns of a year, and one regex finding where their matches can start."""

    claims: list[_Compiled]
    # every head of every plan (the longest where several begin), in groups by the first
    # character: the engine tries each place against every branch of a trie's first
    # character, and three searches over a third of them take fewer steps than one
    heads: tuple[re.Pattern[str], ...]
    users: dict[str, tuple[int, ...]]  # a head → the claims with a head it starts with


def _compiled_claims(catalog: Catalog) -> _Rules:
    return _compiled_claims_year(catalog.year)


@cache
def _compiled_claims_year(year: int) -> _Rules:
    catalog = load_catalog(year)
    data = layout("claims")
    ph = dict(data["placeholders"])
    ph["GROUP"] = "|".join(sorted(data["groups"], key=len, reverse=True))
    ph["PART"] = "|".join(re.escape(p) for p in sorted(data["parts"], key=len, reverse=True))
    ph["CAT"] = "|".join(re.escape(n) for n in sorted(_categories(catalog), key=len, reverse=True))
    stems = sorted(_category_names(year), key=len, reverse=True)  # vocab: {CATS}
    ph["CATS"] = "|".join(re.escape(n) for n in stems)
    out: list[_Compiled] = []

    def expand(pattern: str) -> str:
        for k, v in ph.items():
            pattern = pattern.replace("{" + k + "}", f"(?:{v})")
        return pattern

    for c in data["claims"]:
        pattern = expand(c["pattern"])
        section = re.compile(c["section"]) if c.get("section") else None
        scope = re.compile(expand(c["scope"])) if c.get("scope") else None
        plan = _plan(pattern)
        emits = [_Emit.read(e) for e in c["emit"]]
        out.append((re.compile(pattern), section, emits, _literal(c["pattern"]), plan, scope))
    users: dict[str, set[int]] = {}
    for i, (*_, plan, _scope) in enumerate(out):
        for h in plan.heads if plan is not None else ():
            users.setdefault(h, set()).add(i)
    within = {h: [i for g in users if h.startswith(g) for i in users[g]] for h in users}
    firsts = sorted({h[0] for h in users})
    groups = [set(firsts[k::_HEAD_GROUPS]) for k in range(_HEAD_GROUPS)]
    return _Rules(
        out,
        tuple(re.compile(_trie(h for h in users if h[0] in g)) for g in groups if g),
        {h: tuple(sorted(set(v))) for h, v in within.items()},
    )


def _literal(pattern: str) -> str:
    """The longest run of Chinese characters every match must contain ("" if none is sure):
    taken outside groups, classes and placeholders, and only if the pattern has no
    top-level alternation and the run is not made optional."""
    depth = 0
    runs: list[str] = []
    cur = ""
    k = 0
    while k < len(pattern):
        ch = pattern[k]
        if ch == "\\":
            k += 2
            runs.append(cur)
            cur = ""
            continue
        if ch in "([{":
            depth += 1
            runs.append(cur)
            cur = ""
        elif ch in ")]}":
            depth -= 1
        elif ch == "|" and depth == 0:
            return ""
        elif ch in "?*" and cur:
            cur = cur[:-1]  # the last character is optional
            runs.append(cur)
            cur = ""
        elif depth == 0 and "\u4e00" <= ch <= "\u9fff":
            cur += ch
        else:
            runs.append(cur)
            cur = ""
        k += 1
    runs.append(cur)
    return max(runs, key=len) if runs else ""


def _categories(catalog: Catalog) -> dict[str, str]:
    return _categories_year(catalog.year)


@cache
def _categories_year(year: int) -> dict[str, str]:
    catalog = load_catalog(year)
    names = {k: str(v) for k, v in layout("tables")["category_aliases"].items()}
    for e in catalog.categories(CodeKind.functional):
        names[e.name] = e.code
    return names


# ---- vocab: 类 names as the national template also prints them, without 支出
# ("一般公共服务（类）"); only the {CATS} placeholder of claims.yaml uses them.
@cache
def _category_names(year: int) -> dict[str, str]:
    """Full 类 names and their stems without a final 支出 → code."""
    names = dict(_categories_year(year))
    for name, code in list(names.items()):
        if name.endswith("支出") and len(name) >= 4:
            names.setdefault(name[:-2], code)
    return names


def _signed(value: Decimal, word: str | None) -> Decimal:
    if word and word in layout("claims")["negative_words"]:
        return -value
    return value


def _by_first(names: list[str]) -> dict[str, list[str]]:
    """The names by their first character, longest first."""
    by_first: dict[str, list[str]] = {}
    for n in sorted(names, key=len, reverse=True):
        by_first.setdefault(n[:1], []).append(n)
    return by_first


def _split_list(text: str, by_first: dict[str, list[str]] | None) -> tuple[str, ...]:
    """The items of a list, split on known names (``_by_first``) where there are some."""
    text = text.strip("：:，,。；; ")
    if not by_first:
        return tuple(p for p in re.split(r"[、，,]", text) if p)
    out: list[str] = []
    rest = text
    while rest:
        rest = rest.lstrip("、，,")
        if not rest:
            break
        hit = next((n for n in by_first.get(rest[0], ()) if rest.startswith(n)), None)
        if hit is None and "" in by_first:
            hit = ""  # (as before)
        if hit is None:
            cut = rest.find("、")
            hit = rest if cut < 0 else rest[:cut]
        out.append(hit)
        rest = rest[len(hit) :]
    return tuple(out)


_REASON = re.compile(r"[，,。；;]?(主要原因(?:是|为)?|主要用于)[:：]?")
_REASON_FIRST = "，,。；;主"  # where _REASON can match (and "" at the end)
_FIRST_POINT = re.compile(r"1[.．]")
_CLAUSE_END = re.compile(r"[；;。]")
_CLAUSE_END_NUMBERED = re.compile(r"[；;]|。(?!\d{1,2}[.．])")  # not 。2.…


def _reason_clause(text: str, pos: int) -> str:
    """The 主要原因…/主要用于… clause that follows a figure, if it follows at once.

    It runs to the first ；, or to a 。 not followed by a numbered continuation
    (``…增加。2.项目增加…``), and at most 600 characters.
    """
    m = _REASON.match(text, pos)
    if m is None:
        return ""
    k = m.end()
    numbered = _FIRST_POINT.match(text, k, k + 2) is not None  # 1.…。2.…
    limit = min(len(text), k + 600)
    stop = (_CLAUSE_END_NUMBERED if numbered else _CLAUSE_END).search(text, k, limit + 3)
    end = stop.start() if stop is not None and stop.start() < limit else limit
    return text[pos:end]


@dataclass(frozen=True, slots=True)
class _Emit:
    """One ``emit`` of claims.yaml, read once."""

    topic: str
    kmap: dict[str, str] | None  # {k} in the topic, by the text of group k
    param: tuple[str, ...] | None  # groups of the topic's parameter
    items: bool  # the parameter is a 项 (类/款/项 names resolved to a code)
    map: str  # the map the parameter's text goes through ("None": none)
    unit: str  # as stated, else the topic's ("" for a topic with {k} that states none)
    kind: str  # value, list, text or const
    group: str  # the group holding the value ("" for a constant)
    sign: str | None  # the group holding a direction word
    optional: str | None  # the group whose absence drops the claim
    projects: bool  # a list split on project names
    const: Any
    marks: bool  # the value's number tokens are the claim's
    names: str | None = None  # "A、B分别为X、Y": the group naming what the values are, in order

    @classmethod
    def read(cls, e: dict[str, Any]) -> _Emit:
        kind = next((k for k in ("list", "text", "const", "values") if k in e), "value")
        base = str(e["topic"]).split(":", 1)[0]
        topics = claim_topics()
        return cls(
            topic=str(e["topic"]),
            kmap=e.get("kmap"),
            param=tuple(str(e["param"]).split("/")) if "param" in e else None,
            items=e.get("map") == "items",
            map=str(e.get("map")),
            unit=e.get("unit")
            or ("" if e.get("kmap") is not None else topics.get(base, {}).get("unit", "万元")),
            kind=kind,
            group="" if kind == "const" else str(e[kind]),
            sign=e["sign"] if e.get("sign") else None,
            optional=str(e["value"]) if e.get("optional") else None,
            projects=e.get("split") == "projects",
            const=e.get("const"),
            marks="value" in e and kind != "const",
            names=str(e["names"]) if kind == "values" else None,
        )


_SEPARATORS = "、，,和及与"
_VALUE = re.compile(_NUM)


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of ``names``, the longest first."""
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _respective(names: str, values: str, known: Iterable[str]) -> list[tuple[str, int, int]] | None:
    """ "A、B分别为X万元、Y万元": each name (one of ``known``) with the span of its value in
    ``values``, in order; None unless the names are ``known`` ones parted by separators and
    there are as many values as names."""
    pattern = _names_pattern(tuple(known))
    found: list[str] = []
    pos = 0
    while pos < len(names):
        hit = pattern.match(names, pos)
        if hit is None:
            return None
        found.append(hit.group())
        pos = hit.end()
        if pos < len(names) and names[pos] in _SEPARATORS:
            pos += 1
    spans = [v.span() for v in _VALUE.finditer(values)]
    if len(spans) != len(found):
        return None
    return [(name, a, b) for name, (a, b) in zip(found, spans, strict=True)]


_WHOLE_UNITS = frozenset(("个", "人", "辆", "台", "家"))


def extract_claims(
    stream: Stream,
    catalog: Catalog,
    part_of: Callable[[int], PartKey],
    resolve_item: Callable[[str, str, str], str],
    project_names: list[str],
) -> list[Claim]:
    data = layout("claims")
    topics = claim_topics()
    negative = data["negative_words"]
    maps: dict[str, dict[str, str]] = {
        "groups": data["groups"],
        "parts": data["parts"],
        "vehicles": data["vehicles"],
        "categories": _category_names(catalog.year),  # vocab: stems too ({CATS})
        **{name: data[name] for name in data.get("maps", ())},  # vocab: more maps, as data
    }
    claims: list[Claim] = []
    seen: set[tuple[str, int]] = set()
    by_first: dict[str, list[str]] | None = None  # project_names, when a list needs them
    order: list[int] = []  # each claim's line
    text = stream.text
    lines = stream.doc.lines
    rules = _compiled_claims(catalog)
    found = _head_positions(text, rules)
    done: dict[re.Pattern[str], list[re.Match[str]]] = {}  # the matches of each pattern
    places: dict[tuple[int, str], Location] = {}
    for r, (pattern, section, emits, literal, plan, scope) in enumerate(rules.claims):
        heads = found.get(r, [])
        if plan is None:
            if literal and literal not in text:
                continue
        elif not heads and not plan.at_start:
            continue
        spans = [s.span(1) for s in scope.finditer(text)] if scope is not None else []
        if scope is not None and not spans:
            continue
        got = done.get(pattern)  # (claims of one pattern, emitted in several sections)
        if got is None:
            done[pattern] = got = list(_finditer(pattern, plan, text, heads))
        for m in got:
            begin, end = m.span()
            if scope is not None and not any(a <= begin and end <= b for a, b in spans):
                continue  # outside the sentence the items belong to
            ordinal, heading = stream.section_at(begin)
            if section is not None and not section.search(heading):
                continue
            li = stream.line_at(begin)
            line = lines[li]
            loc = places.get((li, ordinal))
            if loc is None:  # (one record for the claims of a line and section)
                loc = places[li, ordinal] = trusted(
                    Location,
                    part=part_of(li),
                    section=ordinal or None,
                    line=line.no,
                    page=line.page,
                )
            sentence = text[begin:end]
            if text[end : end + 1] in _REASON_FIRST:  # (as _reason_clause, in fewer steps)
                reason = _reason_clause(text, end)
                if reason:
                    sentence += stream.original(end, end + len(reason))
            groups = m.groupdict()
            for e in emits:
                if e.optional is not None and groups[e.optional] is None:
                    continue
                if e.names is not None:  # "A、B分别为X、Y": a claim per name, its value in turn
                    known = e.kmap if e.kmap is not None else maps.get(e.map, {})
                    pairs = _respective(groups[e.names], groups[e.group], known)
                    for name, a, b in pairs or ():
                        topic = e.topic
                        if e.kmap is not None:
                            topic = topic.replace("{k}", e.kmap[name])
                        else:
                            topic = f"{topic}:{known[name]}"
                        unit = e.unit or topics.get(topic.split(":", 1)[0], {}).get("unit", "万元")
                        start = m.start(e.group) + a
                        if (topic, start) in seen:
                            continue
                        seen.add((topic, start))
                        for tok in stream.tokens_in(start, m.start(e.group) + b):
                            tok.role = "claim"
                            tok.where = loc
                        claims.append(
                            trusted(
                                Claim,
                                topic=topic,
                                value=Decimal(groups[e.group][a:b].replace(",", "")),
                                unit=unit,
                                text=sentence,
                                location=loc,
                            )
                        )
                        order.append(line.no or 0)
                    continue
                topic, unit = e.topic, e.unit
                if e.kmap is not None:
                    topic = topic.replace("{k}", e.kmap[groups["k"]])
                    base = topic.split(":", 1)[0]
                    unit = unit or topics.get(base, {}).get("unit", "万元")
                if e.param is not None:
                    if e.items:
                        c, s, i = (groups[g] for g in e.param)
                        param = resolve_item(c, s, i)
                    else:
                        raw = "/".join(groups[g] for g in e.param)
                        param = maps.get(e.map, {}).get(raw, raw)
                    topic = f"{topic}:{param}"
                value: Decimal | int | str | tuple[str, ...]
                group = e.group
                if e.kind == "value":
                    number = Decimal(groups[group].replace(",", ""))
                    if e.sign is not None:
                        word = groups[e.sign]
                        if word and word in negative:
                            number = -number
                    if unit in _WHOLE_UNITS and number == number.to_integral():
                        value = int(number)
                    else:
                        value = number
                elif e.kind == "list":
                    if e.projects and by_first is None:
                        by_first = _by_first(project_names)
                    value = _split_list(groups[group], by_first if e.projects else None)
                    unit = "list"
                elif e.kind == "text":
                    value = groups[group]
                    unit = "text"
                else:
                    value = Decimal(str(e.const)) if unit in ("万元", "%") else int(e.const)
                key = (topic, m.start(group) if group else begin)
                if key in seen:
                    continue
                seen.add(key)
                if e.marks:
                    for tok in stream.tokens_in(m.start(group), m.end(group)):
                        tok.role = "claim"
                        tok.where = loc
                if value is None:  # (as validation would say)
                    Claim(topic=topic, value=value, unit=unit, text=sentence, location=loc)
                claims.append(
                    trusted(Claim, topic=topic, value=value, unit=unit, text=sentence, location=loc)
                )
                order.append(line.no or 0)
    return [claims[k] for k in sorted(range(len(claims)), key=order.__getitem__)]  # by line


# ------------------------------------------------------------------ project explanations
_FIELDS = {
    "项目名称": "name",
    "设立的政策依据": "basis",
    "预算安排规模": "amount",
    "项目承担单位": "owner",
    "资金分配情况": "allocation",
    "资金执行时间": "period",
}
_FIELD_RE = re.compile("(" + "|".join(_FIELDS) + ")[:：]")
_PROJECT_RE = re.compile(r"(?<![\d.])(\d{1,3})、项目名称[:：]")
_PERIOD = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月至\s*\d{4}\s*年\s*\d{1,2}\s*月")
_AMOUNT = re.compile(rf"\s*({_NUM})\s*万元")


def _project_starts(text: str) -> list[re.Match[str]]:
    """``_PROJECT_RE.finditer(text)``, tried only where its digits can begin: up to three
    characters before each 、项目名称 (the regex, opening with a lookbehind, cannot skip
    ahead by itself)."""
    out: list[re.Match[str]] = []
    q = text.find("、项目名称")
    while q >= 0:
        for p in range(max(q - 3, 0), q):
            m = _PROJECT_RE.match(text, p)
            if m:
                out.append(m)
                break
        q = text.find("、项目名称", q + 1)
    return out


def extract_projects(stream: Stream) -> list[StatedProject]:
    """The 项目 explanations (``N、项目名称：…`` and its fields), as printed.

    A field printed twice in one project's block is another project's, read out of order
    (text columns swapped in extraction): the earlier copy goes to the next project when
    that one lacks the field.
    """
    text = stream.text
    starts = _project_starts(text)
    blocks: list[tuple[re.Match[str], dict[str, tuple[int, int]], list[str]]] = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        base = m.start(1) + len(m.group(1)) + 1
        marks = list(_FIELD_RE.finditer(text, base, end))
        spans: dict[str, list[tuple[int, int]]] = {}
        fields: list[str] = []
        for j, fm in enumerate(marks):
            fend = marks[j + 1].start() if j + 1 < len(marks) else end
            name = _FIELDS[fm.group(1)]
            fields.append(name)
            spans.setdefault(name, []).append((fm.end(), fend))
        own = {name: sp[-1] for name, sp in spans.items()}
        blocks.append((m, own, fields))
        if k + 1 < len(starts):
            extra = {name: sp[0] for name, sp in spans.items() if len(sp) > 1}
            if extra:
                blocks.append((m, {"__handover__": (0, 0), **extra}, []))
    out: list[StatedProject] = []
    handover: dict[str, tuple[int, int]] = {}
    for m, own, fields in blocks:
        if "__handover__" in own:
            handover = {n: v for n, v in own.items() if n != "__handover__"}
            continue
        values = {name: stream.original(a, b) for name, (a, b) in own.items()}
        for name, (a, b) in handover.items():
            if name not in values:
                values[name] = stream.original(a, b)
        if handover.get("allocation") and values.get("allocation", "").endswith("万"):
            for name in ("basis", "owner", "name"):
                v = values.get(name, "")
                if v.endswith("元") and not v.endswith("万元"):  # the unit, printed apart
                    values[name] = v[:-1].rstrip()
                    values["allocation"] += "元"
                    break
        handover = {}
        if "period" in values:
            pm = _PERIOD.match(values["period"])
            if pm:
                values["period"] = _WS.sub("", pm.group())
        amount = None
        am = _AMOUNT.match(values.get("amount", ""))
        if am:
            amount = Decimal(am.group(1).replace(",", ""))
        line = stream.doc.lines[stream.line_at(m.start())]
        proj = values.get("name", "").strip()
        loc = trusted(
            Location, part="narrative", section="七", row=proj, line=line.no, page=line.page
        )
        stop = max((b for _, b in own.values()), default=m.end())
        for tok in stream.tokens_in(m.start(), max(stop, m.end())):
            tok.role = "project"
            tok.where = loc
        out.append(
            trusted(  # (strings as printed: no whitespace at their ends)
                StatedProject,
                index=int(m.group(1)),
                name=proj,
                amount=amount,
                basis=values.get("basis"),
                owner=values.get("owner"),
                allocation=values.get("allocation"),
                period=values.get("period"),
                fields=tuple(fields),
                location=loc,
            )
        )
    return out


# ------------------------------------------------------------------ performance tables
_L1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_L2 = (
    "服务对象满意度指标",
    "生态环境成本指标",
    "可持续影响指标",
    "经济成本指标",
    "社会成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "满意度指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
)
# On "\n" + the lines joined by "\n": a line where a 标准 (a row's 评(指)标依据: 计划标准,
# 历史标准, 行业标准 or 其他标准) begins (blank lines before it, its characters on one line or
# more), and the 标准 to the end of its last line
_BASIS_LINE = re.compile(r"\n(?=(\n*(?:计\n*划|历\n*史|行\n*业|其\n*他)\n*标\n*准)(?:\n|\Z))")


_TEXT = attrgetter("text")
_TOKENS = attrgetter("tokens")
_WEIGHT = re.compile(r"^\d{1,3}(\.\d+)?$")


@cache
def _longest_first(vocab: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(vocab, key=len, reverse=True))


def _strip(prefix: str, vocab: tuple[str, ...]) -> tuple[str | None, str]:
    if not prefix.startswith(vocab):
        return None, prefix
    for v in _longest_first(vocab):
        if prefix.startswith(v):
            return v, prefix[len(v) :]
    return None, prefix


_ROW = re.compile(
    r"^(?:(?P<pre>.+?)\s+)?(?P<basis>(?:计划|历史|行业|其他)标准)\s+(?:(?P<prior>[^\s\d][^\s]*|\d+(?:\.\d+)?%?)\s+)?"
    r"(?P<w>\d{1,3}(?:\.\d+)?)(?:\s+(?P<rule>.*))?$"
)
_TARGET = re.compile(
    r"\s(?P<t>(?:[=<>≥≤]*\s*\d{4}\s*年\s*\d{1,2}\s*月|[=<>≥≤]+\s*[\d.]+\s*\S*|[^\s\d=<>≥≤]{1,8}))$"
)


@cache
def _rules() -> frozenset[str]:
    return frozenset(layout("claims")["scoring_rules"])


def _join(head: str, tail: str) -> str:
    """Wrapped cell lines joined; a space where Chinese meets Latin letters or digits."""
    if head and tail:
        a, b = head[-1], tail[0]
        if (b.isascii() and b.isalnum() and "\u4e00" <= a <= "\u9fff") or (
            a.isascii() and a.isalnum() and "\u4e00" <= b <= "\u9fff"  # (_cjk, inline)
        ):
            return f"{head} {tail}"
    return head + tail


def _join_cells(head: str, tail: str) -> str:
    """Lines of a row's cells in reading order joined: a cell's wrapped lines run on
    (:func:`_join`), a target (``=1台``, ``>=7.30 平方米``) after a space, as on one line."""
    if head and tail[:1] in _TARGET_FIRST:
        return f"{head} {tail}"
    return _join(head, tail)


_TARGET_FIRST = frozenset("=<>≥≤0123456789")
_PADDED = re.compile(r"\S {2,}\S").search


def _rule_lines(doc: Document, at: int, end: int, rule: str) -> tuple[str, int]:
    """A row's 赋分规则 that its line only begins (``按照正常比例赋``, or none): completed by
    the lines from ``at`` (before ``end``) when they end it (a rule known, or one ending in
    分); the rule and the line after it."""
    if not rule or (rule not in _rules() and not rule.endswith("分")):
        acc = rule
        for i in range(at, min(end, at + 3)):
            acc += _compact(doc.lines[i].text)
            if acc in _rules() or acc.endswith("分"):
                return acc, i + 1
            if len(acc) >= 40:
                break
    return rule, at


@cache
def _header_words() -> tuple[str, ...]:
    return tuple(layout("claims")["performance_header"])


def _header_line(pieces: Iterable[str], least: int = 4) -> bool:
    """Whether a line's pieces are the indicator rows' header's (printed again on a new
    page), not a wrapped cell's: ``least`` characters at least (``标``, a level's last
    character, is no header; after a header's line, its ``值`` is)."""
    words = [_compact(p) for p in pieces]
    return sum(map(len, words)) >= least and all(
        any(w in h for h in _header_words()) for w in words
    )


def _joined(pieces: Iterable[str]) -> str:
    out = ""
    for piece in pieces:
        out = _join(out, piece)
    return out


#: the cells before a row's 评(指)标依据: 一级指标, 二级指标, 三级指标, 指标值
_LEFT_CELLS = 4


def _centred_cells(
    doc: Document, start: int, end: int, matched: list[tuple[int, re.Match[str]]]
) -> list[tuple[str, str]] | None:
    """Each row's cells before its 评(指)标依据 (as one line prints them) and its 赋分规则,
    when the text prints every cell at its column and a wrapped cell centred on its row's
    line, as ``pdftotext -layout`` does; ``None`` when it does not.

    How many of the text-only lines between two rows belong to each: a row has as many lines
    above its line as below, counted from a page's first row (the lines above it, below the
    header) down.  Each piece of a row's lines then joins the cell whose column it begins in:
    the four columns where pieces left of the 依据 begin, the 依据's, and the 赋分规则's (or
    the weight's end)."""
    lines = doc.lines
    placed: dict[int, list[tuple[int, str]]] = {}
    for i in range(start, end):
        pieces = columns(doc, i)
        if not pieces:
            return None
        placed[i] = pieces
    # each page's columns (pdftotext lays out each page apart): the 依据's, the 赋分规则's (or
    # the weight's end), and where the four cells before the 依据 begin (every piece left of it
    # begins one: cells printed from their left side)
    grid: dict[int | None, tuple[list[int], int, int]] = {}
    on_page: dict[int | None, list[int]] = {}
    for i in placed:
        on_page.setdefault(lines[i].page, []).append(i)
    header = {i for i, cells in placed.items() if _header_line(t for _, t in cells)}
    for page in dict.fromkeys(lines[k].page for k, _ in matched):
        basis_at: list[int] = []
        rule_at: list[int] = []
        weight_end: list[int] = []
        for k, m in matched:
            if lines[k].page == page:
                at = placed[k][0][0]  # (the line's indentation)
                basis_at.append(at + m.start("basis"))
                weight_end.append(at + m.end("w"))
                if m.group("rule"):
                    rule_at.append(at + m.start("rule"))
        basis = min(basis_at)
        starts: list[int] = []
        for x in sorted({x for i in on_page[page] if i not in header for x, _ in placed[i]}):
            if x < basis - 1 and (not starts or x > starts[-1] + 1):
                starts.append(x)
        if len(starts) != _LEFT_CELLS:
            return None
        grid[page] = starts, basis, min(rule_at) if rule_at else max(weight_end) + 1

    def left(x: int, starts: list[int]) -> int:
        return max((c for c, s in enumerate(starts) if s <= x + 1), default=0)

    # the text-only lines before each row (gaps[j]: after row j - 1) and after the last
    rows = [k for k, _ in matched]
    gaps: list[list[int]] = [[] for _ in range(len(rows) + 1)]
    j = 0
    for i in range(start, end):
        if j < len(rows) and i == rows[j]:
            j += 1
        else:
            gaps[j].append(i)
    spans: list[list[int]] = []  # each row's lines, top to bottom
    for j, k in enumerate(rows):
        gap, page = gaps[j], lines[k].page
        need = len(spans[-1]) - 1 if spans else 0  # the row above: its lines below it
        if j and lines[rows[j - 1]].page == page:
            above = gap[need:]
        else:  # a page's first row: the lines on its page above it, below the header
            above = [i for i in gap if lines[i].page == page]
            while above and _header_line(t for _, t in placed[above[0]]):
                above = above[1:]
            gap = [i for i in gap if lines[i].page != page]
        if len(gap) < need:
            return None
        if spans:
            spans[-1] += gap[:need]
        spans.append([*above, k])
    need = len(spans[-1]) - 1
    tail = [i for i in gaps[-1] if lines[i].page == lines[rows[-1]].page]
    if len(tail) < need:
        return None
    spans[-1] += tail[:need]
    out: list[tuple[str, str]] = []
    for (k, m), span in zip(matched, spans, strict=True):
        cells: list[list[str]] = [[] for _ in range(_LEFT_CELLS)]
        rule: list[str] = []
        starts, basis, rule_from = grid[lines[k].page]
        for i in span:
            if i == k:
                cut = placed[k][0][0] + m.start("basis")
                for x, text in placed[k]:
                    if x < cut:  # (a piece may run into the 依据: one space apart)
                        cells[left(x, starts)].append(text[: cut - x].strip())
                if m.group("rule"):
                    rule.append(m.group("rule").strip())
                continue
            for x, text in placed[i]:
                if x >= rule_from - 1:
                    rule.append(text)
                elif x < basis - 1:  # (not the 依据's, 上年完成值's or 权重's)
                    cells[left(x, starts)].append(text)
        out.append((" ".join(filter(None, map(_joined, cells))), _joined(rule)))
    return out


def _indicator_rows(doc: Document, start: int, end: int) -> list[StatedIndicator]:
    """Indicators printed one per line (a table extracted row by row):
    ``产出指标 数量指标 保障用车数量 =5辆 计划标准 7 按照正常比例赋分``.

    Wrapped cells print their lines in reading order (``pdftotext -raw``): the lines before
    a row's line are its first cells' (levels, indicator, target: ``经济成本指`` / ``标`` /
    ``定制 85寸的液晶`` / ``电视机成本`` / ``=0.85 万元 计划标准 0 5``), the lines after it
    the rest of its 赋分规则 (``按照正常比例赋`` / ``分``).  Text that pads its columns with
    spaces (``pdftotext -layout``) prints them centred on the row's line instead, half above,
    half below: :func:`_centred_cells`."""
    out: list[StatedIndicator] = []
    l1 = l2 = ""
    lines = doc.lines
    rows = [k for k in range(start, end) if "标准" in lines[k].text]  # (every row has it)
    matched = [(k, m) for k in rows if (m := _ROW.match(lines[k].text)) is not None]
    # pdftotext -layout pads its columns with spaces (a cell's words are one space apart)
    padded = sum(bool(_PADDED(lines[k].text)) for k, _ in matched) * 2 > len(matched)
    centred = _centred_cells(doc, start, end, matched) if padded else None
    free = start  # the first line no row has taken
    for n, (k, m) in enumerate(matched):
        if centred is not None:
            pre, rule = centred[n]
        elif padded:  # (its cells not placed by column: each row's line alone, as printed)
            pre, rule = (m.group("pre") or "").strip(), (m.group("rule") or "").strip()
        else:
            rule, after = _rule_lines(
                doc,
                k + 1,
                matched[n + 1][0] if n + 1 < len(matched) else end,
                (m.group("rule") or "").strip(),
            )
            pre = ""
            header = False  # (a line of the header printed again on a new page before)
            for i in range(free, k):
                words = lines[i].text.split()
                header = _header_line(words, 1 if header else 4)
                if not header:
                    pre = _join_cells(pre, " ".join(words))
            pre = f"{pre} {(m.group('pre') or '').strip()}".strip()  # (a cell begins the line)
            free = after
        a, rest = _strip(pre, _L1)
        if a:
            l1 = a
            rest = rest.strip()
        b, rest2 = _strip(rest, _L2)
        if b:
            l2 = b
            rest = rest2.strip()
        t = _TARGET.search(" " + rest)
        if t and t.start() > 0:
            name, target = (" " + rest)[: t.start()].strip(), t.group("t").strip()
        else:
            name, target = rest, ""
        prior = m.group("prior")
        out.append(
            trusted(  # (strings stripped above)
                StatedIndicator,
                level1=l1,
                level2=l2,
                name=name,
                target=target,
                basis=m.group("basis"),
                prior_value=prior if prior and prior != m.group("w") else None,
                weight=Decimal(m.group("w")),
                scoring_rule=rule,
                line=doc.lines[k].no,
            )
        )
    return out


_FUNDS_HEAD = re.compile(r"年度预算总额其中[:：]?财政拨款其他资金")
_FUNDS_ROW = re.compile(rf"({_NUM})\s+({_NUM})\s+({_NUM})")


def _funds_under_header(
    doc: Document, start: int, end: int
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """项目资金 printed one cell per column (yusuan's own PDF): the header line 年度预算总额 /
    其中：财政拨款 / 其他资金, then a line of the three amounts."""
    seen = False
    for i in range(start, end):
        text = doc.lines[i].text
        if not seen:
            seen = bool(_FUNDS_HEAD.search(_WS.sub("", text)))
            continue
        m = _FUNDS_ROW.fullmatch(text.strip())
        if m:
            a, b, c = (Decimal(g.replace(",", "")) for g in m.groups())
            return a, b, c
        if "指标" in text:
            break
    return None, None, None


_TARGET_MARK = re.compile(r"[\d=<>%≥≤]")
_NUMBER_END = re.compile(r"\d$|[=<>≥≤]")
_OPERATOR = re.compile(r"[<>]=?|=|≥|≤")
_PERF_NAME = re.compile(r"项目名称(.+?)项目负责人(.*?)项目资金")
_PERF_FUNDS = tuple(
    re.compile(p + rf"[:：]?({_NUM})") for p in ("年度预算总额", "其中[:：]?财政拨款", "其他资金")
)
_PERF_GOAL = re.compile(r"项目总体目标(?:一级指)?(.+?)标?[一二]级指标")


def extract_performance(
    doc: Document, blocks: list[tuple[int, int]]
) -> list[StatedPerformanceTable]:
    out: list[StatedPerformanceTable] = []
    rules = _rules()
    for start, end in blocks:
        texts = list(map(_TEXT, doc.lines[start:end]))
        lines = [t if " " not in t and t.isprintable() else _compact(t) for t in texts]
        stream = _stream(doc, list(range(start, end)), texts, lines, with_sections=False)
        text = stream.text
        name_m = _PERF_NAME.search(text)
        if not name_m:
            continue
        project, manager = name_m.group(1), name_m.group(2) or None

        def num(pattern: re.Pattern[str], text: str = text) -> Decimal | None:
            mm = pattern.search(text)
            return Decimal(mm.group(1).replace(",", "")) if mm else None

        total, fiscal, other = (num(p) for p in _PERF_FUNDS)
        if total is None or fiscal is None or other is None:
            # the three labels printed as a header row, the amounts on the next line (read
            # run together, "其他资金14.0014.000.00" is no amount of 其他资金)
            under = _funds_under_header(doc, start, end)
            if under != (None, None, None):
                total, fiscal, other = under
        goal_m = _PERF_GOAL.search(text)
        goal = stream.original(goal_m.start(1), goal_m.end(1)) if goal_m else ""
        # indicator rows: from the line after the header's 佐证资料
        head = None
        acc_head = ""
        rules_seen = False
        for k, piece in enumerate(lines):
            acc_head += piece
            tail = acc_head[-len(piece) - 5 :]  # where a word completed by this piece ends
            rules_seen = rules_seen or "指标赋分规则" in tail
            if "佐证资料" in tail or (
                rules_seen
                and k + 1 < len(lines)
                and (lines[k + 1].startswith(("产出", "效益", "成本", "满意")))
            ):
                head = k
                break
        indicators: list[StatedIndicator] = []
        rows = _indicator_rows(doc, start + (head or 0) + 1, end) if head is not None else []
        if rows:
            indicators = rows
        elif head is not None:
            i = head + 1
            pend = i  # lines since the last indicator: its name and target (range(pend, i))
            l1 = l2 = ""
            # each 标准 (its lines from the first, blank lines before it included)
            joined = "\n" + "\n".join(lines[i:])
            n = len(lines)
            row = at = 0
            for bm in _BASIS_LINE.finditer(joined):
                row += joined.count("\n", at, bm.start())  # (the line it begins on)
                at = bm.start()
                if head + 1 + row < i:
                    continue
                i = head + 1 + row
                word = bm.group(1)
                basis_end = i + word.count("\n")
                if basis_end > i + 2 or pend >= i or basis_end + 1 >= n:  # (three lines at most)
                    i += 1
                    continue
                acc = word.replace("\n", "")
                # 上年完成值 and 权重 may share the line: "0 6"
                *before, last = texts[basis_end + 1].split() or [""]  # its words
                if not _WEIGHT.match(last):
                    i += 1
                    continue
                # the lines since the last indicator, whitespace runs as single spaces
                pending = [" ".join(t.split()) for t in texts[pend:i]]
                target = pending.pop()
                if (
                    pending
                    and len(target) <= 2
                    and not _TARGET_MARK.search(target)
                    and _NUMBER_END.search(pending[-1])
                ):
                    # a target wrapped before its unit: ">=7.30平方" / "米"
                    prev = pending.pop()
                    op = _OPERATOR.search(prev)
                    if op and op.start() > 0:
                        pending.append(prev[: op.start()])
                        target = _join(prev[op.start() :], target)
                    else:
                        target = _join(prev, target)
                prefix = ""
                for piece in pending:
                    prefix = _join(prefix, piece)
                a, prefix = _strip(prefix, _L1)
                l1 = a or l1
                b, prefix = _strip(prefix, _L2)
                l2 = b or l2
                i = basis_end + 2
                pieces: list[str] = []  # words of the rule's lines
                rule = ""
                while i < n and not rule.endswith("分"):
                    if len(rule) >= 40:
                        break
                    pieces += texts[i].split() or [""]  # (a blank line: one empty word)
                    rule = "".join(pieces)
                    i += 1
                if rule not in rules and len(pieces) > 2:
                    # a name's last line printed among the rule's (cells centred)
                    for k in range(1, len(pieces) - 1):
                        rest = "".join(pieces[:k] + pieces[k + 1 :])
                        if rest in rules:
                            prefix, rule = _join(prefix, pieces[k]), rest
                            break
                indicators.append(
                    trusted(  # (only the name's pieces can leave a space at an end)
                        StatedIndicator,
                        level1=l1,
                        level2=l2,
                        name=prefix.strip(_TRIM),
                        target=target,
                        basis=acc,
                        prior_value=" ".join(before) or None,
                        weight=Decimal(last),
                        scoring_rule=rule,
                        line=doc.lines[start + basis_end].no,
                    )
                )
                pend = i
        line = doc.lines[start]
        loc = _trimmed(Location, part="performance", row=project, line=line.no, page=line.page)
        for tok in chain.from_iterable(map(_TOKENS, doc.lines[start:end])):
            tok.role = "performance"
            tok.where = loc
        out.append(
            _trimmed(
                StatedPerformanceTable,
                project=project,
                manager=manager,
                total=total,
                fiscal=fiscal,
                other=other,
                goal=goal,
                indicators=tuple(indicators),
                location=loc,
            )
        )
    return out
