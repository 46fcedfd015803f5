"""Render: compiled tables (and, later, narrative) → HTML, XLSX, PDF, DOCX.

``render_tables_html(budget)`` and ``write_xlsx(budget, path)`` are the entry points;
:data:`WRITERS` lists every output format by name for ``yusuan build``.
"""

from yusuan.render.html import environment, render_tables_html, tables_html, write_html
from yusuan.render.layout import DisplayCell, display_cells, money_text, sheet_name
from yusuan.render.writers import (
    DEFAULT_FORMATS,
    WRITERS,
    UnknownFormatError,
    Writer,
    parse_formats,
    write_outputs,
)
from yusuan.render.xlsx import tables_workbook, write_xlsx

__all__ = [
    "DEFAULT_FORMATS",
    "WRITERS",
    "DisplayCell",
    "UnknownFormatError",
    "Writer",
    "display_cells",
    "environment",
    "money_text",
    "parse_formats",
    "render_tables_html",
    "sheet_name",
    "tables_html",
    "tables_workbook",
    "write_html",
    "write_outputs",
    "write_xlsx",
]
