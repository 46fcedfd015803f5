"""Batch import: ``yusuan import`` of a folder of seed-sized text documents into SQLite.

The whole path a researcher's folder takes (read, parse, audit, store, one transaction per
file), run as the real command, once with one worker process and once with one per core.
Wall-clock documents per second, so the figure counts start-up and the database too, and it
moves with the machine's load.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yusuan

SEED = Path(yusuan.__file__).parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
COPIES = 60


def _run(folder: Path, db: Path, jobs: int) -> float:
    command = [sys.executable, "-c", "from yusuan.cli import main; main()", "import"]
    command += [str(folder), "--db", f"sqlite:///{db}", "-j", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(Path(yusuan.__file__).parents[1])}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "失败")
    return COPIES / seconds


def main() -> None:
    if not SEED.exists():
        print(f"   没有种子文件 {SEED}，跳过")
        return
    text = SEED.read_text(encoding="utf-8")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for k in range(COPIES):  # distinct files (a byte-identical one would be skipped)
            (folder / f"{k:03d}.txt").write_text(f"{text}\n- {k + 100} -\n", encoding="utf-8")
        for jobs in sorted({1, cores}):
            rate = _run(folder, Path(tmp) / f"j{jobs}.sqlite", jobs)
            print(f"   {COPIES} 份种子大小的文本，{jobs} 个进程：{rate:6.1f} 份/秒（含启动与入库）")


if __name__ == "__main__":
    main()
