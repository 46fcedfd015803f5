"""Golden parse results: what the parser gives, to the byte, on real and generated documents.

A guard for work that must not change what the parser finds (speed work, refactoring): the
seed text, every corpus file (text and PDF), and the sample and generated budgets rendered
and read back as noisy PDF-like text.  Each file under ``data/golden/`` holds the parsed
disclosure and the parse report as JSON.

Regenerate only when the parser's output is meant to change (and say so in the commit)::

    .venv/bin/python tests/parse/golden.py --write
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[1])]

from pdf_noise import html_text, noisy_text  # noqa: E402

from factory import make_budget  # noqa: E402
from yusuan.model.load import load_budget  # noqa: E402
from yusuan.parse import ParseResult, parse_file, parse_text  # noqa: E402
from yusuan.render.html import render_tables_html  # noqa: E402

HERE = Path(__file__).parent
DATA = HERE / "data" / "golden"
SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLE = Path(__file__).resolve().parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"


def _rendered(seed: int | None) -> Callable[[], ParseResult]:
    def run() -> ParseResult:
        budget = load_budget(SAMPLE) if seed is None else make_budget(seed)
        text = noisy_text(html_text(render_tables_html(budget)), seed=seed or 5)
        return parse_text(text, f"rendered-{seed or 'sample'}.txt")

    return run


def _file(path: Path, exact: bool = False) -> Callable[[], ParseResult]:
    return lambda: parse_file(path, exact=exact)


def cases() -> dict[str, Callable[[], ParseResult]]:
    """Document name → how to parse it (the corpus only where shared/ is beside us)."""
    out: dict[str, Callable[[], ParseResult]] = {
        "seed": _file(SHARED / "seeds" / "000_2b87194ee213430c.txt"),
        "rendered-sample": _rendered(None),
    }
    for seed in (3, 8, 14):
        out[f"rendered-{seed}"] = _rendered(seed)
    corpus = SHARED / "corpus"
    for path in sorted(corpus.glob("*.txt")) + sorted(corpus.glob("*.pdf")):
        out[path.name] = _file(path)
        if path.suffix == ".pdf":
            out[f"{path.name}-exact"] = _file(path, exact=True)
    return out


def result_data(result: ParseResult) -> dict[str, Any]:
    return {
        "disclosure": result.disclosure.model_dump(mode="json"),
        "report": result.report.model_dump(mode="json"),
    }


def path(name: str) -> Path:
    return DATA / f"{name}.json.gz"


@cache
def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gzip.decompress(path(name).read_bytes()))
    return data


def write() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name, run in cases().items():
        text = json.dumps(result_data(run()), ensure_ascii=False, indent=1, sort_keys=True)
        path(name).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        print(name, len(text))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: golden.py --write")
    write()
