"""Fixtures for the renderer tests: the built-in sample, compiled."""

from __future__ import annotations

from importlib.resources import as_file, files

import pytest

from yusuan.compile import Table, compile_tables
from yusuan.model.budget import Budget
from yusuan.model.load import load_budget


@pytest.fixture(scope="session")
def sample_budget() -> Budget:
    with as_file(files("yusuan") / "samples" / "atushi-2023.yaml") as path:
        return load_budget(path)


@pytest.fixture(scope="session")
def sample_tables(sample_budget: Budget) -> list[Table]:
    return compile_tables(sample_budget)
