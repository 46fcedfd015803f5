"""The output formats of ``yusuan build``: one entry per format, extensible.

A writer renders a whole budget to one file.  Add a format by adding an entry to
:data:`WRITERS` (import heavy libraries inside the write function, so that listing the
formats stays cheap).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
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
    from yusuan.render.document import write_document_html

    write_document_html(budget, path)


def _write_xlsx(budget: Budget, path: Path) -> None:
    from yusuan.render.document import write_document_xlsx

    write_document_xlsx(budget, path)


def _write_pdf(budget: Budget, path: Path) -> None:
    from yusuan.render.pdf import write_pdf

    write_pdf(budget, path)


def _write_docx(budget: Budget, path: Path) -> None:
    from yusuan.render.docx import write_docx

    write_docx(budget, path)


#: Format name → writer, in the order ``yusuan build`` writes them.  Every format holds the
#: whole disclosure: 概况, the ten tables, 情况说明 with the 绩效目标表, 名词解释.
WRITERS: dict[str, Writer] = {
    "html": Writer("disclosure.html", _write_html, "网页（完整公开文件，可直接打印为 A4）"),
    "xlsx": Writer("disclosure.xlsx", _write_xlsx, "Excel 工作簿（每表一个工作表，另含文字部分）"),
    "pdf": Writer("disclosure.pdf", _write_pdf, "PDF（A4，内嵌中文字体）"),
    "docx": Writer("disclosure.docx", _write_docx, "Word 文档"),
}

#: The formats ``yusuan build`` and ``yusuan demo`` write when none are asked for.
DEFAULT_FORMATS: tuple[str, ...] = ("html", "xlsx")


class UnknownFormatError(ValueError):
    """A format name that no writer handles."""

    def __init__(self, name: str) -> None:
        super().__init__(f"未知的输出格式：{name}（可选：{'、'.join(WRITERS)}）")
        self.name = name


def parse_formats(text: str) -> list[str]:
    """``"html, xlsx"`` → ``["html", "xlsx"]`` (order kept, duplicates dropped)."""
    names: list[str] = []
    for part in text.replace("，", ",").split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in WRITERS:
            raise UnknownFormatError(name)
        if name not in names:
            names.append(name)
    if not names:
        raise UnknownFormatError(text.strip() or "（空）")
    return names


def _file_mode() -> int:
    """The mode ``open()`` would give a new file: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_outputs(budget: Budget, directory: str | Path, formats: Sequence[str]) -> list[Path]:
    """Write every format into ``directory``, all or nothing.

    Each format is rendered into a temporary file beside its target; only when every one of
    them has been written are they moved into place (``os.replace``).  On any error the
    temporary files are removed and the directory holds what it held before.
    """
    writers = [WRITERS[name] for name in formats]
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    pending: list[tuple[Path, Path]] = []
    try:
        for writer in writers:
            fd, name = tempfile.mkstemp(dir=out, prefix=f".{writer.filename}.", suffix=".tmp")
            os.close(fd)
            tmp = Path(name)
            pending.append((tmp, out / writer.filename))
            writer.write(budget, tmp)
        mode = _file_mode()
        for tmp, _ in pending:
            os.chmod(tmp, mode)  # mkstemp makes 0600; a published file is readable like any other
        for tmp, target in pending:
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    return [target for _, target in pending]
