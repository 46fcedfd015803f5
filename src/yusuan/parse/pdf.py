"""PDF → text by pypdfium2 (BSD-3/Apache-2.0), then the text readers.

pypdfium2 was chosen over pdfplumber (MIT) for speed: on this machine it extracts text at
170-420 pages/s against pdfplumber's 11-13 (``make bench`` prints both on the corpus), and
it exposes each character's box where a layout needs positions.  PyMuPDF is faster still
but AGPL-3.0, which an Apache-2.0 toolkit cannot take on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_raw  # type: ignore[import-untyped]

from yusuan.parse.report import ParseResult
from yusuan.parse.text import Document, read_text

_NUMBER_GAP = re.compile(r"(\d[.,]) +(\d)")

#: A page with fewer characters than this counts as having no text layer.
MIN_CHARS = 20


def _page_lines(page: pdfium.PdfPage) -> list[str]:
    """The page's text as lines rebuilt from the positions of its text runs.

    pdfium's own text order runs table rows together on some pages; grouping runs by
    their baseline (by x on pages rotated 90°/270°) and ordering them along the line
    restores one printed row per line, with a space wherever there is a visible gap.
    """
    textpage = page.get_textpage()
    try:
        rotated = page.get_rotation() in (90, 270)
        runs: list[tuple[float, float, float, float, str]] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top)
            text = text.replace("\r", " ").replace("\n", " ")
            if not text.strip():
                continue
            if rotated:  # the line runs along y; lines follow each other along x
                runs.append(((left + right) / 2, right - left, bottom, top, text))
            else:
                runs.append((-(bottom + top) / 2, top - bottom, left, right, text))
    finally:
        textpage.close()
    if not runs:
        return []
    runs.sort(key=lambda r: r[0])
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for run in runs:
        if lines:
            last = lines[-1]
            anchor = sum(r[0] for r in last) / len(last)
            height = max(max(r[1] for r in last), run[1], 1.0)
            if abs(run[0] - anchor) <= height * 0.45:
                last.append(run)
                continue
        lines.append([run])
    # each line as cells: runs closer than a visible gap belong to one cell
    rows: list[_Line] = []
    for line in lines:
        line.sort(key=lambda r: r[2])
        size = max(max(r[1] for r in line), 1.0)
        cells: list[_Cell] = []
        for _key, _, start, end, text in line:
            piece = text.strip()
            if not piece:
                continue
            if cells and start - cells[-1].end <= size * 0.6:
                cells[-1].text += piece
                cells[-1].end = end
            else:
                cells.append(_Cell(start, end, piece))
        if cells:
            rows.append(_Line(sum(r[0] for r in line) / len(line), size, _unglue(cells)))
    rules: tuple[list[_Rule], list[_Rule]] = ([], [])
    if not rotated and _unanchored_table(rows):
        rules = _rules(page)
        rows = _join_cells(rows, rules)
    out = [
        _NUMBER_GAP.sub(r"\1\2", row.text) if row else ""
        for row in _stack_headers(_fill_blanks(_rows(rows, rules[0])))
    ]
    if out and re.fullmatch(r"\d{1,3}", out[-1]):  # the page number in the footer
        out.pop()
    return out


@dataclass
class _Cell:
    start: float  # along the line
    end: float
    text: str


@dataclass
class _Line:
    key: float  # across the lines: top to bottom
    height: float
    cells: list[_Cell]

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)


#: a ruling line: (position across it, from, to) — a horizontal rule as (key, left, right) in
#: the lines' own axis (key grows downwards), a vertical one as (x, top key, bottom key)
_Rule = tuple[float, float, float]
#: thinner than this (pt), a path is a line; a cell's box is at least this big both ways
_THIN = 2.0
#: a drawn box taller than this (pt) frames more than a cell
_TALL = 150.0


def _rules(page: pdfium.PdfPage) -> tuple[list[_Rule], list[_Rule]]:
    """The page's ruling lines, horizontal and vertical (each sorted): thin paths, and the
    sides of drawn boxes (some producers draw every table cell as a rectangle)."""
    hor: list[_Rule] = []
    ver: list[_Rule] = []
    width = page.get_width()
    for obj in page.get_objects(max_depth=3):
        if obj.type != pdfium_raw.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        wide, tall = right - left > _THIN, top - bottom > _THIN
        if wide and tall and (right - left > 0.8 * width or top - bottom > _TALL):
            continue  # a frame around a whole table, caption or page: not a cell
        if wide:
            hor.append((-top, left, right))
            if tall:
                hor.append((-bottom, left, right))
        if tall:
            ver.append((left, -top, -bottom))
            if wide:
                ver.append((right, -top, -bottom))
    hor.sort()
    ver.sort()
    return hor, ver


def _unanchored_table(lines: list[_Line]) -> bool:
    """Whether the page holds a table whose rows do not begin with a code or 合计 (绩效目标表,
    表1's income/expenditure pairs): coded tables' wrapped cells are joined by :func:`_rows`,
    which needs no ruling lines."""
    table_rows = sum(1 for ln in lines if len(ln.cells) >= 3)
    anchored = sum(1 for ln in lines if _ANCHOR.match(ln.text))
    return table_rows >= 2 and anchored < 2


#: a figure and a CJK character side by side, with or without a space between (2023 年, 12月)
_FIGURE_WORD = re.compile(r"\d( ?)[\u4e00-\u9fff]|[\u4e00-\u9fff]( ?)\d")


def _joined(pieces: list[str]) -> str:
    """A wrapped cell's pieces, top to bottom, as one text.  A line end drops the space a wrap
    fell on, so where a figure meets a CJK character across a wrap, the space the cell puts
    between figures and words elsewhere (2023 年 12 月) is put back."""
    spaced = [m.group(1) or m.group(2) for p in pieces for m in _FIGURE_WORD.finditer(p)]
    if not spaced or not all(spaced):
        return "".join(pieces)
    out = pieces[0]
    for piece in pieces[1:]:
        gap = " " if piece and _FIGURE_WORD.match(out[-1:] + piece[0]) else ""
        out += gap + piece
    return out


def _join_cells(lines: list[_Line], rules: tuple[list[_Rule], list[_Rule]]) -> list[_Line]:
    """Wrapped table cells put back together, where ruling lines draw the cells.

    A cell's text wrapped over lines prints partly above and partly below its row's main line
    (renderers centre it vertically).  Each piece of text is given the box the ruling lines
    draw around it (the nearest rule above, below, left and right that reaches it); pieces
    sharing a box are one cell, joined top to bottom and put where a one-line cell would print:
    on the line nearest the box's centre among those holding cells printed whole (the row's
    main line).  Text in no box (prose, titles between tables)
    or in a box taller than twenty lines is left alone.
    """
    hor, ver = rules
    if len(hor) < 4 or len(ver) < 4:
        return lines
    hkeys = [r[0] for r in hor]
    vkeys = [r[0] for r in ver]

    def box(line: _Line, c: _Cell) -> tuple[int, int, int, int] | None:
        mid_x, y = (c.start + c.end) / 2, line.key
        top = bottom = left = right = None
        at = bisect_left(hkeys, y)
        for k in range(at - 1, -1, -1):  # the nearest rule above that spans the piece
            key, a, b = hor[k]
            if a <= mid_x <= b:
                top = key
                break
        for k in range(at, len(hor)):
            key, a, b = hor[k]
            if a <= mid_x <= b:
                bottom = key
                break
        if top is None or bottom is None or bottom - top > 20 * line.height:
            return None
        at = bisect_left(vkeys, mid_x)
        for k in range(at - 1, -1, -1):
            x, a, b = ver[k]
            if x <= c.start + 1 and a <= y <= b:
                left = x
                break
        for k in range(at, len(ver)):
            x, a, b = ver[k]
            if x >= c.end - 1 and a <= y <= b:
                right = x
                break
        if left is None or right is None:
            return None
        return round(top), round(bottom), round(left), round(right)

    pieces: dict[tuple[int, int, int, int], list[tuple[int, _Cell]]] = {}
    for i, line in enumerate(lines):
        for c in line.cells:
            found = box(line, c)
            if found is not None:
                pieces.setdefault(found, []).append((i, c))
    wrapped = {k for k, parts in pieces.items() if len({i for i, _ in parts}) > 1}
    gone: set[int] = {id(c) for k in wrapped for _, c in pieces[k]}  # pieces to take out
    # the row's main line holds its cells printed whole (not a piece of a wrapped one)
    whole = [sum(1 for c in ln.cells if id(c) not in gone) for ln in lines]
    moved: dict[int, list[_Cell]] = {}  # line → the joined cells it receives
    for key in wrapped:
        top, bottom, _, _ = key
        centre = (top + bottom) / 2
        parts = pieces[key]
        rows = [i for i, ln in enumerate(lines) if top <= ln.key <= bottom]
        # where a one-line cell would print: the row line nearest the box's centre (a label
        # spanning rows prints in its middle), of two as near the one with more cells
        main = min(
            [i for i in rows if whole[i]] or rows,
            key=lambda i: (round(abs(lines[i].key - centre)), -whole[i]),
        )
        parts.sort(key=lambda p: (lines[p[0]].key, p[1].start))
        text = _joined([c.text for _, c in parts])
        start = min(c.start for _, c in parts)
        end = max(c.end for _, c in parts)
        moved.setdefault(main, []).append(_Cell(start, end, text))
    if not moved:
        return lines
    out: list[_Line] = []
    for i, line in enumerate(lines):
        cells = [c for c in line.cells if id(c) not in gone] + moved.get(i, [])
        if cells:
            out.append(_Line(line.key, line.height, sorted(cells, key=lambda c: c.start)))
    return out


_ANCHOR = re.compile(r"^(?:\d{3}(?:\s\d{1,2}){0,2}|\d{5}|\d{7})(?:\s|$)|^合\s*计|^总\s*计")
_NOT_FRAGMENT = re.compile(r"^(?:注|备注|说明|表\s*\d|单位)|[。；]|^\d{1,3}$")


_AMOUNT_CELL = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")


_GLUED_CELL = re.compile(r"^(-?\d{1,3}(?:,\d{3})*\.\d{2})(\d{1,3}(?:,\d{3})*\.\d{2})$")


def _unglue(cells: list[_Cell]) -> list[_Cell]:
    """Two amounts printed without a gap (``82,096,797.4282,096,797.42``) are two cells."""
    out: list[_Cell] = []
    for c in cells:
        m = _GLUED_CELL.match(c.text)
        if m is None:
            out.append(c)
            continue
        cut = c.start + (c.end - c.start) * len(m.group(1)) / len(c.text)
        out += [_Cell(c.start, cut, m.group(1)), _Cell(cut, c.end, m.group(2))]
    return out


def _header_columns(header: list[_Line]) -> list[tuple[float, float]]:
    """Column extents from the header lines above a table's first row.

    The bottom header line gives the finest columns; a cell above joins the one column
    it overlaps, starts a column where it overlaps none (a label spanning the header's
    rows), and is a group label (ignored) where it overlaps several.
    """
    cols: list[list[float]] = []
    for line in reversed(header):
        for c in line.cells:
            hits = [k for k, (a, b) in enumerate(cols) if min(b, c.end) - max(a, c.start) > 0]
            if not hits:
                cols.append([c.start, c.end])
            elif len(hits) == 1:
                col = cols[hits[0]]
                col[0], col[1] = min(col[0], c.start), max(col[1], c.end)
    cols.sort()
    return [(a, b) for a, b in cols]


#: the most lines a table's header may take above its first row (表2's twelve source columns
#: with wrapped labels take nine; the title, 编制部门 and 单位 lines end it earlier)
_HEADER_LINES = 16
#: the lines above a table's header: its number, 编制部门 and the unit (单位：万元; not a
#: column "单位资金")
_HEADER_END = re.compile(r"^表\s*\d|编制部门|编制单位|单位[:：]")


def _fill_blanks(lines: list[_Line]) -> list[_Line]:
    """Write 0.00 into the blank amount cells of table rows, found by column position.

    Text loses blank cells (``… 链路租赁费 38.25 38.25``: which economic column?); the
    page's header says where the columns are.  A column is an amount column when some
    row has an amount in it, or when it lies right of one and no row has text in it (an
    economic column no project uses).  Rows are the lines that begin with a code.
    """
    anchors = [i for i, ln in enumerate(lines) if _ANCHOR.match(ln.text) and len(ln.cells) > 1]
    if len(anchors) < 2:
        return lines
    first = anchors[0]
    header: list[_Line] = []
    for j in range(first - 1, max(first - _HEADER_LINES, -1), -1):
        text = lines[j].text
        if _HEADER_END.search(text):
            break
        header.insert(0, lines[j])
    cols = _header_columns(header)
    if len(cols) < 3:
        return lines

    centres = [(a + b) / 2 for a, b in cols]
    bounds = [(centres[k] + centres[k + 1]) / 2 for k in range(len(cols) - 1)]

    def column_of(c: _Cell) -> int | None:
        """The column whose share of the line (between its neighbours' midpoints) holds
        the cell's centre: header labels are centred, amounts right-aligned."""
        mid = (c.start + c.end) / 2
        for k, b in enumerate(bounds):
            if mid < b:
                return k
        return len(cols) - 1

    money = [False] * len(cols)
    text_in = [False] * len(cols)
    for i in anchors:
        for c in lines[i].cells[1:]:
            k = column_of(c)
            if k is None:
                continue
            if _AMOUNT_CELL.match(c.text):
                money[k] = True
            else:
                text_in[k] = True
    if not any(money):
        return lines
    start = money.index(True)
    for k in range(start, len(cols)):
        if not money[k] and not text_in[k]:
            money[k] = True
    out = list(lines)
    for i in anchors:
        ln = lines[i]
        used = {column_of(c) for c in ln.cells}
        after = ln.cells[0].end
        extra = [
            _Cell(centres[k] - 1, centres[k] + 1, "0.00")
            for k in range(len(cols))
            if money[k] and k not in used and centres[k] > after
        ]
        if extra:
            cells = sorted([*ln.cells, *extra], key=lambda c: c.start)
            out[i] = _Line(ln.key, ln.height, cells)
    return out


def _stack_headers(lines: list[_Line]) -> list[_Line | None]:
    """Each table header wrapped over lines, put back together column by column.

    A narrow column's label wraps (``事业收`` / ``入``), so the header's lines hold pieces of
    words that the layouts chosen by a header's words (``header`` in tables.yaml) would not
    find.  The header is the lines between the unit line (or 编制部门, 表 N) and the table's
    first row, none with an amount; with two lines or more, its first line becomes the labels
    spanning several columns (if any), the next each column's pieces joined top to bottom, in
    column order, and the rest ``None`` (no line: the lines after keep their numbers).
    """
    out: list[_Line | None] = list(lines)
    for i, ln in enumerate(lines):
        if (
            not _ANCHOR.match(ln.text)
            or len(ln.cells) < 2
            or (i and _ANCHOR.match(lines[i - 1].text))
        ):
            continue
        header: list[_Line] = []
        ended = False
        for j in range(i - 1, max(i - _HEADER_LINES, -1), -1):
            above = lines[j]
            if _HEADER_END.search(above.text):
                ended = True
                break
            if _ANCHOR.match(above.text) or any(_AMOUNT_CELL.match(c.text) for c in above.cells):
                break
            header.insert(0, above)
        if not ended or len(header) < 2:
            continue
        cols = _header_columns(header)
        if len(cols) < 3:
            continue
        pieces: list[list[str]] = [[] for _ in cols]
        groups: list[_Cell] = []
        for line in header:
            for c in line.cells:
                hits = [k for k, (a, b) in enumerate(cols) if min(b, c.end) - max(a, c.start) > 0]
                if len(hits) == 1:
                    pieces[hits[0]].append(c.text)
                else:
                    groups.append(c)
        stacked = _Line(
            header[-1].key,
            header[-1].height,
            [_Cell(a, b, "".join(p)) for (a, b), p in zip(cols, pieces, strict=True) if p],
        )
        first = lines.index(header[0], i - len(header) - 1)
        top: list[_Line | None] = []
        if groups:
            top.append(
                _Line(header[0].key, header[0].height, sorted(groups, key=lambda c: c.start))
            )
        top.append(stacked)
        top += [None] * (len(header) - len(top))
        out[first : first + len(header)] = top
    return out


def _rows(lines: list[_Line], hor: Sequence[_Rule] = ()) -> list[_Line]:
    """Table rows put back together: a wrapped cell's lines joined into its row.

    Renderers centre wrapped cells vertically, so a long name prints partly above and
    partly below the row's code line.  A line that is not itself a row (no code, no 合计)
    and lies between two rows, closer than 1.6 line heights to one of them, belongs to the
    nearer; its pieces join the cell they overlap, in top-to-bottom order.  Where the page's
    horizontal rules (``hor``, when read) part a line from that row under each of its pieces,
    it is a row of its own (表1's label-only lines above its 总计).
    """
    anchors = [i for i, ln in enumerate(lines) if _ANCHOR.match(ln.text)]
    if not anchors:
        return lines
    hkeys = [r[0] for r in hor]

    def apart(j: int, a: int) -> bool:
        """A rule runs between lines ``j`` and ``a`` under every piece of line ``j``."""
        low, high = sorted((lines[j].key, lines[a].key))
        between = hor[bisect_left(hkeys, low) : bisect_left(hkeys, high)]
        return bool(between) and all(
            any(x <= (c.start + c.end) / 2 <= y for _, x, y in between) for c in lines[j].cells
        )

    owner: dict[int, int] = {}
    for k in range(len(anchors) - 1):
        a, b = anchors[k], anchors[k + 1]
        for j in range(a + 1, b):
            ln = lines[j]
            if _NOT_FRAGMENT.search(ln.text):
                continue
            da = abs(ln.key - lines[a].key)
            db = abs(lines[b].key - ln.key)
            near, dist = (a, da) if da <= db else (b, db)
            if dist <= 1.8 * max(ln.height, lines[near].height) and not apart(j, near):
                owner[j] = near
    first = anchors[0]
    for j in range(first - 1, -1, -1):  # the top of a wrapped first row on a page
        ln = lines[j]
        below = lines[j + 1] if j + 1 in owner or j + 1 == first else None
        if (
            below is None
            or len(ln.cells) > 2
            or _NOT_FRAGMENT.search(ln.text)
            or abs(below.key - ln.key) > 1.8 * max(ln.height, below.height)
            or apart(j, first)
        ):
            break
        owner[j] = first
    last = anchors[-1]
    if not re.match(r"^合\s*计|^总\s*计", lines[last].text):
        for j in range(last + 1, len(lines)):
            ln = lines[j]
            if (
                _NOT_FRAGMENT.search(ln.text)
                or abs(ln.key - lines[last].key) > 1.6 * ln.height
                or apart(j, last)
            ):
                break
            owner[j] = last
    if not owner:
        return lines
    parts: dict[int, list[tuple[float, _Cell]]] = {}
    for j, a in owner.items():
        parts.setdefault(a, []).extend((lines[j].key, c) for c in lines[j].cells)
    out: list[_Line] = []
    for i, ln in enumerate(lines):
        if i in owner:
            continue
        if i not in parts:
            out.append(ln)
            continue
        columns: list[tuple[float, float, list[tuple[float, str]]]] = [
            (c.start, c.end, [(ln.key, c.text)]) for c in ln.cells
        ]
        for key, cell in parts[i]:
            best = None
            overlap = 0.0
            for k, (start, end, _) in enumerate(columns):
                o = min(end, cell.end) - max(start, cell.start)
                if o > overlap:
                    best, overlap = k, o
            if best is None:
                columns.append((cell.start, cell.end, [(key, cell.text)]))
            else:
                start, end, texts = columns[best]
                texts.append((key, cell.text))
                columns[best] = (min(start, cell.start), max(end, cell.end), texts)
        columns.sort(key=lambda c: c[0])
        cells = [
            _Cell(start, end, "".join(t for _, t in sorted(texts, key=lambda x: x[0])))
            for start, end, texts in columns
        ]
        out.append(_Line(ln.key, ln.height, cells))
    return out


def pdf_text(data: bytes, name: str) -> tuple[str, int, int]:
    """The PDF's text, pages marked ``==== page N ====``; (text, pages, pages with text)."""
    from yusuan.parse import ParseError

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ParseError(name, f"不是有效的 PDF 文件（{exc}）") from exc
    parts: list[str] = []
    with_text = 0
    try:
        count = len(pdf)
        for i in range(count):
            page = pdf[i]
            lines = _page_lines(page)
            page.close()
            if sum(len(x) for x in lines) >= MIN_CHARS:
                with_text += 1
            parts.append(f"==== page {i + 1} ====")
            parts.extend(lines)
    finally:
        pdf.close()
    return "\n".join(parts), count, with_text


def pdf_document(data: bytes, name: str) -> tuple[Document, list[str], str]:
    """The PDF's text layer as logical lines, warnings about pages without text, and the text
    (raises ParseError for a PDF with no page or no text at all)."""
    from yusuan.parse import ParseError

    text, pages, with_text = pdf_text(data, name)
    if pages == 0:
        raise ParseError(name, "PDF 没有页面")
    if with_text == 0:
        raise ParseError(
            name, f"PDF 共 {pages} 页，均没有文字层（扫描件？），无法解析；请先做文字识别"
        )
    warnings = []
    if with_text < pages:
        warnings.append(f"PDF 有 {pages - with_text} 页没有文字层，这些页的内容未能读取")
    return read_text(text, name), warnings, text


def parse_pdf(data: bytes, name: str, exact: bool = False) -> ParseResult:
    from yusuan.parse import _parse_document

    doc, warnings, _ = pdf_document(data, name)
    return _parse_document(doc, kind="pdf", extra_warnings=warnings, exact=exact)
