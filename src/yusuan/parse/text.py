"""PDF text → logical lines: variant characters, page furniture, numbers split over lines.

Every number token of the input is found here once (:class:`Token`); readers mark the
tokens they use through :class:`Ledger`, so that the report can list the rest.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import chain, compress, count
from operator import attrgetter

from yusuan.model.disclosure import Location
from yusuan.parse.layouts import layout

#: a number as printed: 5,935.22 / 4467.47 / 100.00% / 59
NUMBER = re.compile(r"(?<![\d.,A-Za-z])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
#: an amount cell of a table: decimals required (or thousands separators)
AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,4})?|\d+\.\d{1,4})$")
_SPLIT_HEAD = re.compile(r"(?:^|[\s\u4e00-\u9fff])-?(?:\d{1,3}(?:,\d{3})+|\d+)\.$")
_SPLIT_TAIL = re.compile(r"^(\d{1,2})(?=\s|$)")
#: a form feed while the lines are split (a character splitlines does not break at)
_PAGE_START = "\x00"
#: a page number printed alone at the foot of a page
_PAGE_NUMBER = re.compile(r"\d{1,3}$")
#: text printed with a space between every character
_SPACED = re.compile(r"^(?:\S ){4,}\S$")
#: two amounts printed without a gap: 82,096,797.4282,096,797.42 → two cells
_GLUED = re.compile(r"(\d,\d{3}\.\d{2})(?=\d{1,3}(?:,\d{3})+\.\d{2}(?!\d))")
#: small amounts glued the same way (决算 PDF: 公用经费合计 0.0010.23 → 0.00 10.23)
_GLUED_SMALL = re.compile(r"(?<![\d.,])(\d+\.\d{2})(?=\d+\.\d{2}(?![\d.,]))")
#: what both glued patterns need: no match, nothing to split (the common case)
_GLUED_ANY = re.compile(r"\.\d{3}")
#: NUMBER's matches, found fast: every match starts with a character of one class (so the
#: regex engine skips to candidates); the look-behind after it is NUMBER's, on the character
#: before the match; the two branches (after a digit, after "-") exclude each other; nothing
#: after a quantifier can fail, so none needs to give back (possessive).  Same matches as
#: ``NUMBER.finditer`` (tests/parse/test_text.py).
_SCAN = re.compile(
    r"[-\d](?<![\d.,A-Za-z].)"
    r"(?:(?<=\d)(?:\d{0,2},\d{3}(?:,\d{3})*+|\d*+)|(?<=-)(?:\d{1,3},\d{3}(?:,\d{3})*+|\d++))"
    r"(?:\.\d++)?+%?"
)
#: first characters of the lines read_text looks at one by one: page breaks, page markers,
#: a number's split tail
_DIGITS = frozenset("0123456789")
_SPECIAL_START = frozenset("=-─—–第") | _DIGITS
#: after a line break, the lines read_text looks at one by one (a superset: each is checked
#: alone): lines printed with a space between every character; among the lines starting like
#: page furniture, a page break or a number's split tail, page breaks and split tails after a
#: line ending in "." (the page markers follow: see _candidates)
_SPACED_AHEAD = r"(?=\S (?:\S ){3,}\S(?![^\n]))"
_SPECIAL_AHEAD = "(?=[" + re.escape("".join(sorted(_SPECIAL_START))) + "])"
_CANDIDATE_ALTS = ("(?=====)", r"(?<=\.\n)(?=[0-9])")
#: constructs that may match a line alone but not the same line followed by a line break
_LINE_BOUND = re.compile(r"\(\?[<!>]|\\[AZ]|[*+?}]\+")


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
    tokens: tuple[Token, ...] = ()


@dataclass(slots=True)
class Document:
    source: str
    lines: list[Line]
    raw_line_count: int
    pages: int = 0
    #: every token in line order, when the reader kept them (else gathered from the lines)
    all_tokens: list[Token] | None = None
    #: the lines' texts joined by "\n", when the reader kept them (see :meth:`text`)
    joined: str | None = None
    #: the source's lines as printed, indentation kept (line ``no`` is ``raw[no - 1]``), when
    #: read from text: ``pdftotext -layout`` puts each cell at its column (see :func:`columns`)
    raw: list[str] | None = None

    def text(self) -> str:
        """The lines' texts joined by "\n" (for searches over the whole text in one pass)."""
        if self.joined is None:
            self.joined = "\n".join(map(attrgetter("text"), self.lines))
        return self.joined

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
    #: on "\n" + the lines joined: the lines that may be page markers, page breaks, a number's
    #: split tail or spaced out (every line starting like a marker when the markers could miss
    #: a line in that search)
    candidates: re.Pattern[str]


@cache
def _conf() -> _Conf:
    data = layout("text")
    table = {ord(k): v for k, v in data["variants"].items() if k != v}
    variants = re.compile("[" + "".join(re.escape(chr(k)) for k in table) + "]") if table else None
    markers = re.compile("|".join(f"(?:{p})" for p in data["page_markers"]))
    page = re.compile(data["page_break"])
    return _Conf(variants, table, markers, page, _candidates(data["page_markers"]))


def _candidates(markers: list[str]) -> re.Pattern[str]:
    """The search for _Conf.candidates: the page markers as one look-ahead when each is
    line-local (else every line starting like page furniture)."""
    if not any(_LINE_BOUND.search(p) for p in markers):
        alts = "|".join((*_CANDIDATE_ALTS, "(?=" + "|".join(f"(?:{p})" for p in markers) + ")"))
        try:
            return re.compile(f"\\n(?:{_SPACED_AHEAD}|{_SPECIAL_AHEAD}(?:{alts}))", re.MULTILINE)
        except re.error:
            pass
    return re.compile(f"\\n(?:{_SPACED_AHEAD}|{_SPECIAL_AHEAD})")


def compact(text: str) -> str:
    """Text without whitespace (labels broken as 收 入 总 计).

    ``str.split`` splits at the whitespace a pattern's whitespace class matches (the
    characters of ``str.isspace``), without a regular expression's cost."""
    return "".join(text.split())


def _normalise(text: str) -> str:
    conf = _conf()
    if conf.variants is not None and conf.variants.search(text):
        table = conf.table
        text = conf.variants.sub(lambda m: table[ord(m.group())], text)
    if _GLUED_ANY.search(text):
        text = _GLUED.sub(r"\1 ", text)
        text = _GLUED_SMALL.sub(r"\1 ", text)
    return text


def _unspaced(line: str) -> str:
    """A line printed with a space between every character, without them (其 他 商 品 和 服
    务 支 出); any other line as it is."""
    if len(line) > 8 and line[1] == " " and _SPACED.match(line):
        return line.replace(" ", "")
    return line


def _form_feeds(stripped: list[str]) -> list[int]:
    """The lines (indexes into ``stripped``) that begin a page, marked by the form feed that
    pdftotext and other tools print between pages (taken out of the lines)."""
    starts = []
    for i, line in enumerate(stripped):
        if _PAGE_START in line:
            starts.append(i)
            stripped[i] = line.replace(_PAGE_START, "").strip()
    return starts


def numbered_lines(text: str) -> list[str]:
    """The text's lines as :func:`read_text` numbers them: a form feed (a page break, as
    pdftotext prints it) stays in its line, it does not end one; it is left out of the line."""
    if "\f" not in text:
        return text.splitlines()
    return [line.replace(_PAGE_START, "") for line in text.replace("\f", _PAGE_START).splitlines()]


def read_text(text: str, source: str) -> Document:
    """Normalise extracted PDF text into logical lines with their number tokens."""
    form_feeds = "\f" in text
    if form_feeds:  # kept in its line (splitlines would break there and shift line numbers)
        text = text.replace("\f", _PAGE_START)
    raw = _normalise(text).splitlines()
    stripped = list(map(str.strip, raw))
    feeds = _form_feeds(stripped) if form_feeds else []
    texts = list(filter(None, stripped))
    nos = list(compress(count(1), stripped))
    n = len(texts)
    conf = _conf()
    # Most lines are kept as printed.  Lines printed spaced out lose their spaces; lines that
    # start like page furniture, a page break or a number's split tail are looked at one by
    # one, in order, with the line after each (it may follow a line dropped).
    joined = "\n" + "\n".join(texts)
    special: set[int] = set()
    idx = pos = 0
    for m in conf.candidates.finditer(joined):
        idx += joined.count("\n", pos + 1, m.start() + 1)
        pos = m.start()
        line = texts[idx]
        if line[0] in _SPECIAL_START:
            special.add(idx)
            if idx + 1 < n and texts[idx + 1][0] in _DIGITS:
                special.add(idx + 1)
        else:
            texts[idx] = _unspaced(line)
    keep = bytearray(b"\x01") * n
    breaks: list[tuple[int, int]] = []  # (line index, page) of each page break
    markers = conf.markers.match
    split_tail = _SPLIT_TAIL.match
    for idx in sorted(special):
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
        texts[idx] = _unspaced(line)
    pages: list[int | None] = [None] * n
    for k, (at, page) in enumerate(breaks):
        upto = breaks[k + 1][0] if k + 1 < len(breaks) else n
        pages[at + 1 : upto] = [page] * (upto - at - 1)
    if feeds:
        # page k + 1 runs from the k-th start (the first page from the first line); a page's
        # last line that is a bare number of up to 3 digits is its page number
        starts = [0, *(bisect_left(nos, i + 1) for i in feeds)]
        if starts[-1] == n:  # a form feed after the last page
            starts.pop()
        for k, at in enumerate(starts):
            upto = starts[k + 1] if k + 1 < len(starts) else n
            pages[at:upto] = [k + 1] * (upto - at)
            last = upto - 1
            if (
                last > at
                and keep[last]
                and _PAGE_NUMBER.match(texts[last])
                and not texts[last - 1].endswith(".")
            ):
                keep[last] = 0
    if not all(keep):
        texts = list(compress(texts, keep))
        nos = list(compress(nos, keep))
        pages = list(compress(pages, keep))
    # every number token, in one scan of all lines joined
    joined = "\n".join(texts)
    size = len(joined)
    every: list[Token] = []
    tokens: list[tuple[Token, ...]] = [()] * len(texts)  # each line's (most have none)
    li = first_tok = 0
    start, nxt = 0, joined.find("\n") % (size + 1)  # the line's start and end
    for m in _SCAN.finditer(joined):
        pos, end = m.span()
        if pos > nxt:  # a later line
            if len(every) > first_tok:
                tokens[li] = tuple(every[first_tok:])
                first_tok = len(every)
            li += joined.count("\n", nxt, pos)
            start = joined.rfind("\n", 0, pos) + 1
            nxt = joined.find("\n", pos) % (size + 1)
        every.append(Token(li, pos - start, end - start, m.group()))
    if len(every) > first_tok:
        tokens[li] = tuple(every[first_tok:])
    lines = list(map(Line, nos, texts, pages, tokens))
    pages_seen = max((p for _, p in breaks), default=0)
    if feeds:
        pages_seen = max(pages_seen, max(filter(None, pages), default=0))
    return Document(source, lines, len(raw), pages_seen, every, joined, raw)


_RUN = re.compile(r"\S+(?: \S+)*")


def printed(doc: Document, index: int) -> str | None:
    """Line ``index`` as its source prints it, indentation kept; ``None`` when the reader
    changed it (a line spaced out, a number's split tail) or kept no source lines."""
    raw, line = doc.raw, doc.lines[index]
    if raw is None or not 0 < line.no <= len(raw):
        return None
    text = raw[line.no - 1].replace(_PAGE_START, "")
    return text if text.strip() == line.text else None


def columns(doc: Document, index: int) -> list[tuple[int, str]] | None:
    """The cells of line ``index`` at the columns where the text prints them: runs of text
    two spaces or more apart, each with the column it begins at (``pdftotext -layout``);
    ``None`` when the line is not as its source prints it."""
    text = printed(doc, index)
    if text is None:
        return None
    return [(m.start(), m.group()) for m in _RUN.finditer(text)]


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
