"""The output formats of ``yusuan build``: one entry per format, extensible.

A writer renders a whole budget to one file.  Add a format by adding an entry to
:data:`WRITERS` (import heavy libraries inside the write function, so that listing the
formats stays cheap).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from yusuan.model.budget import Budget


@dataclass(frozen=True)
class Writer:
    """One output format: its file name in the output directory and its write function."""

    filename: str
    write: Callable[[Budget, Path], None]
    description: str = ""


def _write_html(budget: Budget, path: Path) -> None:
    from yusuan.render.html import write_html

    write_html(budget, path)


def _write_xlsx(budget: Budget, path: Path) -> None:
    from yusuan.render.xlsx import write_xlsx

    write_xlsx(budget, path)


#: Format name → writer, in the order ``yusuan build`` writes them.
WRITERS: dict[str, Writer] = {
    "html": Writer("disclosure.html", _write_html, "网页（十张公开表，可直接打印为 A4）"),
    "xlsx": Writer("disclosure.xlsx", _write_xlsx, "Excel 工作簿（每表一个工作表）"),
}
