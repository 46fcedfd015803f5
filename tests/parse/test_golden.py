"""The parser gives exactly its pinned results (tests/parse/golden.py) on every golden document."""

from __future__ import annotations

from typing import Any

import pytest
from golden import cases, expected, path, result_data

CASES = cases()


def _first_difference(a: Any, b: Any, where: str = "") -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{where}.{k}: only in {'pinned' if k in a else 'parsed'}"
            d = _first_difference(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            d = _first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        return None if len(a) == len(b) else f"{where}: {len(a)} pinned, {len(b)} parsed items"
    return None if a == b else f"{where}: pinned {a!r}, parsed {b!r}"


@pytest.mark.parametrize("name", list(CASES))
def test_parser_output_is_unchanged(name: str) -> None:
    if not path(name).exists():
        pytest.fail(f"no golden result for {name}: run tests/parse/golden.py --write")
    got = result_data(CASES[name]())
    assert _first_difference(expected(name), got) is None
