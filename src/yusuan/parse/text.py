"""PDF text → logical lines: variant characters, page furniture, numbers split over lines.

Every number token of the input is found here once (:class:`Token`); readers mark the
tokens they use through :class:`Ledger`, so that the report can list the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import chain, compress, count
from operator import attrgetter, itemgetter

from yusuan.model.disclosure import Location
from yusuan.parse.layouts import layout

#: a number as printed: 5,935.22 / 4467.47 / 100.00% / 59
NUMBER = re.compile(r"(?<![\d.,A-Za-z])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
#: an amount cell of a table: decimals required (or thousands separators)
AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,4})?|\d+\.\d{1,4})$")
_SPLIT_HEAD = re.compile(r"(?:^|[\s\u4e00-\u9fff])-?(?:\d{1,3}(?:,\d{3})+|\d+)\.$")
_SPLIT_TAIL = re.compile(r"^(\d{1,2})(?=\s|$)")
_SPACE = re.compile(r"\s+")
#: text printed with a space between every character
_SPACED = re.compile(r"^(?:\S ){4,}\S$")
#: two amounts printed without a gap: 82,096,797.4282,096,797.42 → two cells
_GLUED = re.compile(r"(\d,\d{3}\.\d{2})(?=\d{1,3}(?:,\d{3})+\.\d{2}(?!\d))")
#: small amounts glued the same way (决算 PDF: 公用经费合计 0.0010.23 → 0.00 10.23)
_GLUED_SMALL = re.compile(r"(?<![\d.,])(\d+\.\d{2})(?=\d+\.\d{2}(?![\d.,]))")
#: what both glued patterns need: no match, nothing to split (the common case)
_GLUED_ANY = re.compile(r"\.\d{3}")
#: NUMBER's matches, found fast: every match starts with a character of one class (so the
#: regex engine skips to candidates), and a run of letters, digits, ``.`` and ``,`` that cannot
#: start a number is consumed whole.  Group 1 is a number's text after its first character;
#: a match without group 1 is such a run.  Same tokens as ``NUMBER.finditer``.
_SCAN = re.compile(
    r"[-\d.,A-Za-z](?:(?<=[.,A-Za-z])[\d.,A-Za-z]*"
    r"|((?:(?<![\d.,A-Za-z]-)(?<=-)(?:\d{1,3}(?:,\d{3})+|\d+)"
    r"|(?<=\d)(?:\d{0,2}(?:,\d{3})+|\d*))(?:\.\d+)?%?)(?:(?<=%)|[\d.,A-Za-z]*))"
)
#: first characters of the lines read_text looks at one by one: page breaks, page markers,
#: a number's split tail
_SPECIAL_START = frozenset("=-─—–第0123456789")
#: a line printed with a space between every character (after a line break)
_SPACED_LINE = re.compile(r"\n(?:\S ){4,}\S(?![^\n])")


@dataclass(slots=True)
class Token:
    """One number token: where it is (line index, span) and, once used, its role."""

    line: int  # index into Document.lines
    start: int
    end: int
    text: str
    role: str | None = None  # cell, code, claim, date, index, reference, …
    where: Location | None = None

    @property
    def value(self) -> Decimal:
        return Decimal(self.text.rstrip("%").replace(",", ""))


@dataclass(slots=True)
class Line:
    no: int  # 1-based line number in the source (first physical line)
    text: str
    page: int | None
    tokens: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    source: str
    lines: list[Line]
    raw_line_count: int
    pages: int = 0
    #: every token in line order, when the reader kept them (else gathered from the lines)
    all_tokens: list[Token] | None = None

    def tokens(self) -> list[Token]:
        if self.all_tokens is not None:
            return list(self.all_tokens)
        return list(chain.from_iterable(map(attrgetter("tokens"), self.lines)))


@dataclass(frozen=True, slots=True)
class _Conf:
    variants: re.Pattern[str] | None  # the characters to replace (identity entries left out)
    table: dict[int, str]
    markers: re.Pattern[str]
    page: re.Pattern[str]


@cache
def _conf() -> _Conf:
    data = layout("text")
    table = {ord(k): v for k, v in data["variants"].items() if k != v}
    variants = re.compile("[" + "".join(re.escape(chr(k)) for k in table) + "]") if table else None
    markers = re.compile("|".join(f"(?:{p})" for p in data["page_markers"]))
    page = re.compile(data["page_break"])
    return _Conf(variants, table, markers, page)


def compact(text: str) -> str:
    """Text without whitespace (labels broken as 收 入 总 计)."""
    return _SPACE.sub("", text)


def _normalise(text: str) -> str:
    conf = _conf()
    if conf.variants is not None and conf.variants.search(text):
        table = conf.table
        text = conf.variants.sub(lambda m: table[ord(m.group())], text)
    if _GLUED_ANY.search(text):
        text = _GLUED.sub(r"\1 ", text)
        text = _GLUED_SMALL.sub(r"\1 ", text)
    return text


def read_text(text: str, source: str) -> Document:
    """Normalise extracted PDF text into logical lines with their number tokens."""
    raw = _normalise(text).splitlines()
    stripped = list(map(str.strip, raw))
    texts = list(filter(None, stripped))
    nos = list(compress(count(1), stripped))
    n = len(texts)
    # Most lines are kept as printed.  Lines printed spaced out lose their spaces; lines that
    # start like page furniture, a page break or a number's split tail are looked at one by one.
    joined = "\n" + "\n".join(texts)
    idx = pos = 0
    for m in _SPACED_LINE.finditer(joined):
        idx += joined.count("\n", pos + 1, m.start() + 1)
        pos = m.start()
        if texts[idx][0] not in _SPECIAL_START:  # special lines: below, in order
            texts[idx] = texts[idx].replace(" ", "")  # 其 他 商 品 和 服 务 支 出
    keep = bytearray(b"\x01") * n
    breaks: list[tuple[int, int]] = []  # (line index, page) of each page break
    conf = _conf()
    markers = conf.markers.match
    split_tail = _SPLIT_TAIL.match
    special = list(compress(count(), map(_SPECIAL_START.__contains__, map(itemgetter(0), texts))))
    for idx in special:
        line = texts[idx]
        first = line[0]
        if first == "=":
            if line.startswith("===="):
                m_page = conf.page.match(line)
                if m_page:
                    breaks.append((idx, int(m_page.group(1))))
                    keep[idx] = 0
                    continue
        else:
            prev = idx - 1
            while prev >= 0 and not keep[prev]:
                prev -= 1
            prev_dot = prev >= 0 and texts[prev].endswith(".")
            if markers(line) and not (prev_dot and split_tail(line)):
                keep[idx] = 0
                continue
            if prev_dot and first.isdigit():
                m_tail = split_tail(line)
                if m_tail and _SPLIT_HEAD.search(texts[prev]):
                    texts[prev] += m_tail.group(1)
                    line = line[m_tail.end() :].strip()
                    if not line:
                        keep[idx] = 0
                        continue
        if len(line) > 8 and line[1] == " " and _SPACED.match(line):
            line = line.replace(" ", "")
        texts[idx] = line
    pages: list[int | None] = [None] * n
    for k, (at, page) in enumerate(breaks):
        upto = breaks[k + 1][0] if k + 1 < len(breaks) else n
        pages[at + 1 : upto] = [page] * (upto - at - 1)
    if not all(keep):
        texts = list(compress(texts, keep))
        nos = list(compress(nos, keep))
        pages = list(compress(pages, keep))
    # every number token, in one scan of all lines joined
    tokens: list[list[Token]] = [[] for _ in texts]
    joined = "\n".join(texts)
    size = len(joined)
    li, start, nxt = 0, 0, joined.find("\n") % (size + 1)  # nxt: where the line ends
    toks = tokens[0] if tokens else []
    every: list[Token] = []
    for m in _SCAN.finditer(joined):
        pos, end = m.span(1)
        if end < 0:
            continue  # a run of letters and digits, not a number
        pos -= 1  # group 1 follows the number's first character
        if pos > nxt:  # a later line
            li += joined.count("\n", nxt, pos)
            start = joined.rfind("\n", 0, pos) + 1
            nxt = joined.find("\n", pos) % (size + 1)
            toks = tokens[li]
        tok = Token(li, pos - start, end - start, joined[pos:end])
        toks.append(tok)
        every.append(tok)
    lines = list(map(Line, nos, texts, pages, tokens))
    return Document(source, lines, len(raw), max((p for _, p in breaks), default=0), every)


@cache
def _roles() -> list[tuple[str, re.Pattern[str]]]:
    data = layout("claims")["token_roles"]
    return [(r["role"], re.compile(r["pattern"])) for r in data]


def classify_rest(doc: Document) -> None:
    """Give a role to tokens no reader used when their context says what they are."""
    roles = _roles()
    lines = doc.lines
    for tok in doc.tokens():
        if tok.role is not None:
            continue
        text = lines[tok.line].text
        before = text[max(0, tok.start - 12) : tok.start]
        after = text[tok.end : tok.end + 8]
        probe = f"{before}\x00{tok.text}\x01{after}"
        for role, pattern in roles:
            if pattern.search(probe):
                tok.role = role
                break


def context(doc: Document, tok: Token, width: int = 24) -> str:
    text = doc.lines[tok.line].text
    return text[max(0, tok.start - width) : tok.end + width]
