"""The package layering of docs/architecture.md holds: each package imports only what it may.

Every edge depends on the model; the model depends on no edge; the web and the command line
are thin shells over the rest, and nothing imports them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import yusuan

ROOT = Path(yusuan.__file__).parent

ALLOWED: dict[str, set[str]] = {
    "catalog": set(),
    "model": {"catalog"},
    "compile": {"model", "catalog"},
    "render": {"compile", "model", "catalog"},
    "parse": {"model", "catalog"},
    "audit": {"model", "compile", "catalog"},
    "store": {"model", "audit", "compile", "catalog"},
    "web": {"store", "audit", "parse", "render", "compile", "model", "catalog"},
    "cli": {"web", "store", "audit", "parse", "render", "compile", "model", "catalog"},
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "yusuan" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_it_may(package: str) -> None:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for target in _imports(path) - ALLOWED[package] - {package}:
            if target in ALLOWED:
                bad.append(f"{path.relative_to(ROOT)} imports yusuan.{target}")
    assert not bad, f"yusuan.{package} may import only {sorted(ALLOWED[package])}: {bad}"


def test_every_package_is_covered() -> None:
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(ALLOWED)
