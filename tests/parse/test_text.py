"""read_text's searches over the whole text find what looking at each line alone finds."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.parse import text
from yusuan.parse.text import _SCAN, _SPECIAL_START, NUMBER, Document, read_text

#: pieces of lines: page furniture, page breaks, numbers split over lines, spaced-out text
_PIECES = [
    "==== page 3 ====",
    "==== page 12 ====",
    "====",
    "=",
    "- 3 -",
    "— 12 —",
    "第 2 页",
    "第 3 页，共 9 页",
    "1/3",
    " 2 / 5 ",
    "161.",
    "1,234.",
    "8.",
    "31",
    "31 行政运行",
    "5",
    "56 元",
    "7.5",
    "-5",
    "100%",
    "１２",
    "ISO9001",
    "a b c d e",
    "1 2 3 4 5",
    "其 他 商 品 和",
    "- 1 2 3 4",
    "第 一 二 三 四",
    "20 21 22 23 24",
    "收入 1,234.56",
    "2010101 行政运行 12.00",
    "0.0010.23",
    "1,234.561,234.56",
    "\u3000全角\u3000",
    "abc.",
    ". 3",
    "x",
    " ",
    "\t",
    "",
]


def _reference(source: str) -> list[tuple[int, str, int | None, list[tuple[int, int, str]]]]:
    """read_text as it reads: every line in turn, each number by NUMBER on its line."""
    conf = text._conf()
    raw = text._normalise(source).splitlines()
    lines = [(no, s.strip()) for no, s in enumerate(raw, 1) if s.strip()]
    texts = [s for _, s in lines]
    keep = [True] * len(texts)
    pages: list[int | None] = [None] * len(texts)
    page: int | None = None
    for idx, line in enumerate(texts):
        pages[idx] = page
        if line[0] in _SPECIAL_START:
            first = line[0]
            m_page = conf.page.match(line) if line.startswith("====") else None
            if m_page:
                page = int(m_page.group(1))
                keep[idx] = False
                continue
            if first != "=":
                prev = max((k for k in range(idx) if keep[k]), default=-1)
                prev_dot = prev >= 0 and texts[prev].endswith(".")
                tail = text._SPLIT_TAIL.match(line)
                if conf.markers.match(line) and not (prev_dot and tail):
                    keep[idx] = False
                    continue
                if prev_dot and first.isdigit() and tail and text._SPLIT_HEAD.search(texts[prev]):
                    texts[prev] += tail.group(1)
                    line = line[tail.end() :].strip()
                    if not line:
                        keep[idx] = False
                        continue
        if text._SPACED.match(line):
            line = line.replace(" ", "")
        texts[idx] = line
    kept = [(lines[k][0], texts[k], pages[k]) for k in range(len(texts)) if keep[k]]
    return [
        (no, t, p, [(m.start(), m.end(), m.group()) for m in NUMBER.finditer(t)])
        for no, t, p in kept
    ]


def _read(doc: Document) -> list[tuple[int, str, int | None, list[tuple[int, int, str]]]]:
    out = []
    for k, ln in enumerate(doc.lines):
        assert all(t.line == k for t in ln.tokens)
        out.append((ln.no, ln.text, ln.page, [(t.start, t.end, t.text) for t in ln.tokens]))
    return out


_DOCS = st.lists(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map(" ".join), max_size=14
).map("\n".join)


@settings(max_examples=2000, deadline=None)
@given(_DOCS)
def test_read_text_equals_reading_line_by_line(source: str) -> None:
    doc = read_text(source, "t")
    assert _read(doc) == _reference(source)
    assert doc.text() == "\n".join(ln.text for ln in doc.lines)
    assert doc.tokens() == [t for ln in doc.lines for t in ln.tokens]


@settings(max_examples=300, deadline=None)
@given(_DOCS)
def test_page_markers_that_are_not_line_local_are_looked_at_on_every_line(source: str) -> None:
    conf = text._conf()
    markers = [f"(?!x){p}" for p in text.layout("text")["page_markers"]]
    candidates = text._candidates(markers)
    # every line starting like page furniture
    assert candidates.pattern == f"\\n(?:{text._SPACED_AHEAD}|{text._SPECIAL_AHEAD})"
    fallback = replace(conf, candidates=candidates)
    with patch.object(text, "_conf", lambda: fallback):
        doc = read_text(source, "t")
    assert _read(doc) == _reference(source)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789-.,%aZ元 \n１٣年", max_size=16))
def test_the_fast_number_scan_finds_what_number_finds(source: str) -> None:
    assert [m.span() for m in _SCAN.finditer(source)] == [m.span() for m in NUMBER.finditer(source)]


def test_the_number_scan_on_the_seed_and_corpus() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared"
    for path in [*shared.glob("seeds/*.txt"), *shared.glob("corpus/*.txt")]:
        source = path.read_text(encoding="utf-8")
        assert [m.span() for m in _SCAN.finditer(source)] == [
            m.span() for m in re.finditer(NUMBER.pattern, source)
        ]


def test_form_feeds_are_page_breaks_and_keep_line_numbers() -> None:
    """pdftotext separates pages with a form feed at the start of a page's first line: the
    pages are numbered from it, a bare number ending a page is its page number (dropped), and
    line numbers stay those an editor shows (the form feed does not start a line)."""
    source = "表1\n合 计 5,935.22\n\n   4\n\f表3\n201 一般公共服务支出 1.00\n12.\n34\n\f"
    doc = read_text(source, "x.txt")
    assert [(ln.no, ln.text, ln.page) for ln in doc.lines] == [
        (1, "表1", 1),
        (2, "合 计 5,935.22", 1),
        (5, "表3", 2),
        (6, "201 一般公共服务支出 1.00", 2),
        (7, "12.34", 2),  # a split number, not a page number
    ]
    assert doc.pages == 2
    # without form feeds nothing changes: a bare number stays
    assert [ln.text for ln in read_text("表1\n合计 1.00\n4\n", "y.txt").lines][-1] == "4"
