"""Audit speed: documents per second per core (target: parse + audit of the seed text ≥ 200/s).

Measured in-process, imports done, in CPU time of this process (other processes' load on
the shared machine does not count): the audit alone of the compiled sample with its prose
and of the parsed seed, then parsing alone and parse + audit of the seed text, so the two
shares of the target are seen apart.

"Audit alone" audits a fresh copy of the document each round (``model_validate_json`` of a
dump made once; only the audit is timed): auditing the same objects again would find
whatever a previous audit left cached on them and measure less than a new document costs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import yusuan
from yusuan.audit import audit
from yusuan.compile.disclose import disclose
from yusuan.compile.narrative import narrative_claims
from yusuan.model.disclosure import Disclosure
from yusuan.model.load import load_budget

SEED = Path(yusuan.__file__).parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
SAMPLE = Path(yusuan.__file__).parent / "samples" / "atushi-2023.yaml"
TARGET = 200.0


def _rate(fn: Callable[[], object], seconds: float = 3.0) -> float:
    """Documents per second of CPU time (per core), best of three rounds."""
    fn()
    best = 0.0
    for _ in range(3):
        n, start = 0, time.process_time()
        while time.process_time() - start < seconds / 3:
            fn()
            n += 1
        best = max(best, n / (time.process_time() - start))
    return best


def _audit_rate(document: Disclosure, seconds: float = 3.0) -> float:
    """Audits per second of CPU time, each of a fresh copy of ``document``, best of three
    rounds; the copies are made outside the timed part."""
    dump = document.model_dump_json()
    audit(Disclosure.model_validate_json(dump))
    best = 0.0
    for _ in range(3):
        n, spent = 0, 0.0
        while spent < seconds / 3:
            fresh = Disclosure.model_validate_json(dump)
            start = time.process_time()
            audit(fresh)
            spent += time.process_time() - start
            n += 1
        best = max(best, n / spent)
    return best


def _show(what: str, rate: float, target: float | None = None) -> None:
    line = f"   {what}：{rate:.1f} 份/秒（每份 {1000 / rate:.1f} 毫秒）"
    if target is not None:
        line += f"（目标 ≥ {target:.0f}，{'达标' if rate >= target else '未达标'}）"
    print(line, flush=True)


def main() -> None:
    print(f"   负载（1/5/15 分钟）：{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    budget = load_budget(SAMPLE)
    compiled = disclose(budget, narrative_claims(budget))
    _show("仅审核：编制结果（样例，含情况说明）", _audit_rate(compiled))
    if not SEED.exists():
        print(f"   没有种子文件 {SEED}，跳过解析+审核")
        return
    from yusuan.parse import parse_text

    text = SEED.read_text(encoding="utf-8")
    parsed = parse_text(text, SEED.name).disclosure
    _show("仅审核：已解析的种子文件", _audit_rate(parsed))
    _show("仅解析：种子文本", _rate(lambda: parse_text(text, SEED.name)))
    both = _rate(lambda: audit(parse_text(text, SEED.name).disclosure))
    _show("解析 + 审核：种子文本", both, TARGET)


if __name__ == "__main__":
    main()
