"""Where a parse + audit of the seed text spends its time, stage by stage (CPU ms per document).

Each stage is timed by wrapping the function the parser calls, so the figures add up to the
whole parse (less the glue between stages); the audit of the parsed document comes last.
The target (parse + audit ≥ 200 documents/s) leaves 5 ms for everything.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yusuan
import yusuan.parse as parse
from yusuan.audit import audit

SEED = Path(yusuan.__file__).parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
STAGES = (
    "read_text",
    "read_tables",
    "make_stream",
    "extract_projects",
    "extract_claims",
    "extract_performance",
    "classify_rest",
    "rebuild",
    "Disclosure",
    "ParseReport",
)


def _timed(acc: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[name] += time.process_time() - start

    return run


def main() -> None:
    if not SEED.exists():
        print(f"   没有种子文件 {SEED}，跳过")
        return
    text = SEED.read_text(encoding="utf-8")
    acc: dict[str, float] = defaultdict(float)
    saved = {name: getattr(parse, name) for name in STAGES}
    try:
        for name in STAGES:
            setattr(parse, name, _timed(acc, name, saved[name]))
        for _ in range(3):
            parse.parse_text(text, SEED.name)
        acc.clear()
        n, start = 0, time.process_time()
        audit_time = 0.0
        while time.process_time() - start < 3.0:
            result = parse.parse_text(text, SEED.name)
            mid = time.process_time()
            audit(result.disclosure)
            audit_time += time.process_time() - mid
            n += 1
        whole = time.process_time() - start
    finally:
        for name, fn in saved.items():
            setattr(parse, name, fn)
    for name in STAGES:
        print(f"   {name:20s} {1000 * acc[name] / n:6.2f} ms")
    glue = whole - audit_time - sum(acc.values())
    print(f"   {'(其余衔接)':18s} {1000 * glue / n:6.2f} ms")
    print(f"   {'audit':20s} {1000 * audit_time / n:6.2f} ms")
    print(f"   {'合计':18s} {1000 * whole / n:6.2f} ms（{n / whole:.1f} 份/秒，目标 ≥ 200）")


if __name__ == "__main__":
    main()
