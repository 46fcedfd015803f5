"""Command line: ``yusuan build | tables | demo`` and the commands other modules add.

Every public module of this package (``build.py``, ``parse.py``, ``audit.py`` …) is a
command module: it imports :data:`yusuan.cli.app.app` and registers its commands with
``@app.command()``.  They are imported here, so adding a command needs no edit to this
file.  Import heavy libraries inside the command functions, not at module level, so that
every command starts quickly.  Helper modules that are not command modules start with ``_``.
"""

from __future__ import annotations

import importlib
import pkgutil

from yusuan.cli.app import app

__all__ = ["app", "main"]


def _load_command_modules() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_") and info.name != "app":
            importlib.import_module(f"{__name__}.{info.name}")


_load_command_modules()


def main() -> None:
    """Entry point of the ``yusuan`` console script."""
    app(prog_name="yusuan")
