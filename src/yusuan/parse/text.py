"""PDF text → logical lines: variant characters, page furniture, numbers split over lines.

Every number token of the input is found here once (:class:`Token`); readers mark the
tokens they use through :class:`Ledger`, so that the report can list the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

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

    def tokens(self) -> list[Token]:
        return [t for ln in self.lines for t in ln.tokens]


@cache
def _conf() -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    data = layout("text")
    table: dict[int, str] = {ord(k): v for k, v in data["variants"].items()}
    markers = re.compile("|".join(f"(?:{p})" for p in data["page_markers"]))
    page = re.compile(data["page_break"])
    return table, markers, page


@cache
def _variant_re() -> re.Pattern[str]:
    keys = layout("text")["variants"].keys()
    return re.compile("[" + "".join(re.escape(k) for k in keys) + "]")


def compact(text: str) -> str:
    """Text without whitespace (labels broken as 收 入 总 计)."""
    return _SPACE.sub("", text)


def read_text(text: str, source: str) -> Document:
    """Normalise extracted PDF text into logical lines with their number tokens."""
    table, markers, page_re = _conf()
    variants = _variant_re()
    if variants.search(text):
        text = variants.sub(lambda m: table[ord(m.group())], text)
    text = _GLUED.sub(r"\1 ", text)
    text = _GLUED_SMALL.sub(r"\1 ", text)
    raw = text.splitlines()
    lines: list[Line] = []
    append = lines.append
    page: int | None = None
    pages = 0
    marker_start = "-─—–第0123456789"
    spaced = _SPACED.match
    split_tail = _SPLIT_TAIL.match
    split_head = _SPLIT_HEAD.search
    for i, physical in enumerate(raw, start=1):
        stripped = physical.strip()
        if not stripped:
            continue
        first = stripped[0]
        if first == "=" and stripped.startswith("===="):
            m = page_re.match(stripped)
            if m:
                page = int(m.group(1))
                pages = max(pages, page)
                continue
        if first in marker_start:
            if markers.match(stripped) and not (
                lines and lines[-1].text.endswith(".") and split_tail(stripped)
            ):
                continue
            if first.isdigit() and lines and lines[-1].text.endswith("."):
                prev = lines[-1]
                m_tail = split_tail(stripped)
                if m_tail and split_head(prev.text):
                    prev.text += m_tail.group(1)
                    stripped = stripped[m_tail.end() :].strip()
                    if not stripped:
                        continue
        if len(stripped) > 8 and stripped[1] == " " and spaced(stripped):
            stripped = stripped.replace(" ", "")  # 其 他 商 品 和 服 务 支 出
        append(Line(i, stripped, page))
    # one pass over all lines joined: far fewer regex calls than one per line
    joined = "\n".join(ln.text for ln in lines)
    idx = 0
    start = 0
    end = len(lines[0].text) if lines else 0
    for m in NUMBER.finditer(joined):
        pos = m.start()
        while pos > end:
            idx += 1
            start = end + 1
            end = start + len(lines[idx].text)
        lines[idx].tokens.append(Token(idx, pos - start, m.end() - start, m.group()))
    return Document(source, lines, len(raw), pages)


@cache
def _roles() -> list[tuple[str, re.Pattern[str]]]:
    data = layout("claims")["token_roles"]
    return [(r["role"], re.compile(r["pattern"])) for r in data]


def classify_rest(doc: Document) -> None:
    """Give a role to tokens no reader used when their context says what they are."""
    roles = _roles()
    for ln in doc.lines:
        for tok in ln.tokens:
            if tok.role is not None:
                continue
            before = ln.text[max(0, tok.start - 12) : tok.start]
            after = ln.text[tok.end : tok.end + 8]
            probe = f"{before}\x00{tok.text}\x01{after}"
            for role, pattern in roles:
                if pattern.search(probe):
                    tok.role = role
                    break


def context(doc: Document, tok: Token, width: int = 24) -> str:
    text = doc.lines[tok.line].text
    return text[max(0, tok.start - width) : tok.end + width]
