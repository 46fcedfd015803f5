"""write_outputs: the published files are ordinary files a web server or colleague can read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from yusuan.model import load_budget
from yusuan.render.writers import write_outputs

SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_written_files_follow_the_umask_not_private_temp_mode(
    tmp_path: Path, umask_022: None
) -> None:
    written = write_outputs(load_budget(SAMPLE), tmp_path, ["html", "xlsx"])
    assert [p.name for p in written] == ["disclosure.html", "disclosure.xlsx"]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disclosure.html", "disclosure.xlsx"]
