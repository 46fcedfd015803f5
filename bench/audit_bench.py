"""Audit speed: documents per second per core (target: parse + audit of the seed text ≥ 200/s).

Measured in-process, best of several runs, imports done: the audit alone of the parsed
seed, of the compiled sample with its prose, and parse + audit of the seed text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import yusuan
from yusuan.audit import audit
from yusuan.compile.disclose import disclose
from yusuan.compile.narrative import narrative_claims
from yusuan.model.load import load_budget

SEED = Path(yusuan.__file__).parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
SAMPLE = Path(yusuan.__file__).parent / "samples" / "atushi-2023.yaml"
TARGET = 200.0


def _rate(fn: Callable[[], object], seconds: float = 3.0) -> float:
    """Documents per second of CPU time (per core: other processes' load does not count)."""
    fn()
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        fn()
        n += 1
    return n / (time.process_time() - start)


def main() -> None:
    budget = load_budget(SAMPLE)
    compiled = disclose(budget, narrative_claims(budget))
    print(f"   审核编制结果（样例，含情况说明）：{_rate(lambda: audit(compiled)):.1f} 份/秒")
    if not SEED.exists():
        print(f"   没有种子文件 {SEED}，跳过解析+审核")
        return
    from yusuan.parse import parse_text

    text = SEED.read_text(encoding="utf-8")
    parsed = parse_text(text, SEED.name).disclosure
    print(f"   审核已解析的种子文件：{_rate(lambda: audit(parsed)):.1f} 份/秒")
    both = _rate(lambda: audit(parse_text(text, SEED.name).disclosure))
    verdict = "达标" if both >= TARGET else "未达标"
    print(f"   解析 + 审核种子文本：{both:.1f} 份/秒（目标 ≥ {TARGET:.0f}，{verdict}）")


if __name__ == "__main__":
    main()
