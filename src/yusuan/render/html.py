"""HTML: the ten disclosure tables as one self-contained page (inline CSS, no external assets).

Templates live in ``render/templates/``: ``table.html.j2`` holds the ``table(t)`` macro for one
table, ``tables.css`` its styles (screen and A4 print), ``tables.html.j2`` the page.  A larger
document template includes them through :func:`environment`, which also provides the filters
and globals the macro needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from yusuan.compile import compile_tables
from yusuan.compile.table import Table
from yusuan.model.budget import Budget
from yusuan.render.layout import display_cells, is_compact, is_wide, money_text


def html_environment(*packages: str) -> Environment:
    """A new autoescaped environment over the templates of ``packages`` and then render's own.

    It carries what the ``table(t)`` macro needs, so a page of another package (the web app)
    can include the official tables and add its own filters.
    """
    loaders = [PackageLoader(p, "templates") for p in (*packages, "yusuan.render")]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["money"] = money_text
    env.globals["display_cells"] = display_cells
    env.globals["is_wide"] = is_wide
    env.globals["is_compact"] = is_compact
    return env


@cache
def environment() -> Environment:
    """The Jinja2 environment of every yusuan HTML template (autoescaped)."""
    return html_environment()


def tables_html(tables: Sequence[Table], department: str, year: int) -> str:
    """A page with the given compiled tables."""
    template = environment().get_template("tables.html.j2")
    return template.render(tables=tables, department=department, year=year)


def render_tables_html(budget: Budget) -> str:
    """The ten disclosure tables of ``budget`` as one self-contained HTML document."""
    return tables_html(compile_tables(budget), budget.department.name, budget.year)


def write_html(budget: Budget, path: str | Path) -> None:
    """Write :func:`render_tables_html` to ``path`` (UTF-8)."""
    Path(path).write_text(render_tables_html(budget), encoding="utf-8")
