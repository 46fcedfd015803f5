from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.parse import ParseResult, parse_file

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seeds" / "000_2b87194ee213430c.txt"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def seed_result() -> ParseResult:
    return parse_file(SEED)
