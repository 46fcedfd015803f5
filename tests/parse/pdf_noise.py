"""Helpers for round trips: HTML tables → text the way PDF extractors give it, with noise."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

_CELL_BREAK = 8  # characters per line in narrow wrapped cells


class _Text(HTMLParser):
    """Rows of cells joined by a space, blank cells dropped; headings on their own lines."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.block: list[str] | None = None
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head"):
            self.skip += 1
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in ("div", "h1", "h2", "h3", "p", "span", "caption") and self.row is None:
            self.block = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self.skip -= 1
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            if text:
                self.row.append(text)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.lines.append(self.row)
            self.row = None
        elif tag in ("div", "h1", "h2", "h3", "p", "span", "caption") and self.block is not None:
            text = " ".join("".join(self.block).split())
            if text:
                self.lines.append([text])
            self.block = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.block is not None:
            self.block.append(data)


def html_text(html: str) -> list[list[str]]:
    parser = _Text()
    parser.feed(html)
    return parser.lines


def noisy_text(rows: list[list[str]], seed: int) -> str:
    """PDF-extractor text with the seed's noise: wrapped names, numbers split after the
    point, page markers, blank lines, 岀 for 出, header cells broken into pieces."""
    rng = random.Random(seed)
    out: list[str] = []
    page = 1
    for cells in rows:
        if rng.random() < 0.04:
            out += ["", f"- {page} -", ""]
            page += 1
        line_cells = list(cells)
        # wrap a long name cell onto the following lines (code first, then the name)
        long = [
            i
            for i, c in enumerate(line_cells)
            if i > 0 and len(c) > 14 and not re.search(r"\d\.\d", c)
        ]
        if long and rng.random() < 0.5 and re.match(r"^\d{3}", line_cells[0]):
            i = long[0]
            name = line_cells[i]
            head = " ".join(line_cells[:i])
            rest = " ".join(line_cells[i + 1 :])
            out.append(head)
            out.append("")
            for k in range(0, len(name), _CELL_BREAK):
                out.append(name[k : k + _CELL_BREAK])
                out.append("")
            line = rest
        else:
            line = " ".join(line_cells)
        # split an amount after its point: "4,128." / "" / "34"
        m = re.search(r"(\d[\d,]*\.)(\d\d)$", line)
        if m and rng.random() < 0.3:
            out.append(line[: m.start(2)])
            out.append("")
            out.append(m.group(2))
        else:
            out.append(line)
        if rng.random() < 0.5:
            out.append("")
    text = "\n".join(out)
    if rng.random() < 0.5:
        text = text.replace("出", "岀", 3)
    return text
