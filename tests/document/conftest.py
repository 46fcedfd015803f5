"""Fixtures of the document tests: the sample's whole disclosure, and smaller budgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import yusuan
from yusuan.model.budget import Budget
from yusuan.model.load import load_budget
from yusuan.render.document import Document, document

SAMPLE = Path(yusuan.__file__).parent / "samples" / "atushi-2023.yaml"
DATA = Path(__file__).parent / "data"
SEED_FIGURES = Path(__file__).parent.parent / "narrative" / "seed_figures.yaml"


@pytest.fixture(scope="session")
def sample() -> Budget:
    return load_budget(SAMPLE)


@pytest.fixture(scope="session")
def sample_doc(sample: Budget) -> Document:
    return document(sample)


@pytest.fixture(scope="session")
def minimal() -> Budget:
    return load_budget(DATA / "minimal-2024.yaml")


@pytest.fixture(scope="session")
def small() -> Budget:
    return load_budget(DATA / "small-2024.yaml")


@pytest.fixture(scope="session")
def seed_figures() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SEED_FIGURES.read_text("utf-8"))
    return data
