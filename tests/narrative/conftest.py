"""Fixtures of the narrative tests: the built-in sample and the seed's figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import yusuan
from yusuan.model.budget import Budget
from yusuan.model.load import load_budget

SAMPLE = Path(yusuan.__file__).parent / "samples" / "atushi-2023.yaml"
HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def sample() -> Budget:
    return load_budget(SAMPLE)


@pytest.fixture(scope="session")
def seed_figures() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((HERE / "seed_figures.yaml").read_text("utf-8"))
    return data
