"""Batch import: ``yusuan import`` of a folder of seed-sized text documents into SQLite.

The whole path a researcher's folder takes (read, parse, audit, store, one transaction per
file), run as the real command with one worker process and with one per core.  Each is run
on a small and a large folder: the difference gives the steady rate (documents per second
once started), the small run the start-up (imports, database, workers).  Wall-clock time:
it moves with the machine's load.
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
SMALL, LARGE = 10, 90


def _run(folder: Path, db: Path, jobs: int) -> float:
    command = [sys.executable, "-c", "from yusuan.cli import main; main()", "import"]
    command += [str(folder), "--db", f"sqlite:///{db}", "-j", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(Path(yusuan.__file__).parents[1])}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "失败")
    return seconds


def _folder(root: Path, text: str, n: int) -> Path:
    folder = root / f"docs{n}"
    folder.mkdir()
    for k in range(n):  # distinct files (a byte-identical one would not be stored again)
        (folder / f"{k:03d}.txt").write_text(f"{text}\n- {k + 100} -\n", encoding="utf-8")
    return folder


def main() -> None:
    if not SEED.exists():
        print(f"   没有种子文件 {SEED}，跳过")
        return
    text = SEED.read_text(encoding="utf-8")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        small, large = _folder(root, text, SMALL), _folder(root, text, LARGE)
        for jobs in sorted({1, cores}):
            a = _run(small, root / f"s{jobs}.sqlite", jobs)
            b = _run(large, root / f"l{jobs}.sqlite", jobs)
            rate = (LARGE - SMALL) / max(b - a, 1e-9)
            print(
                f"   种子大小的文本，{jobs} 个进程：{rate:5.1f} 份/秒（启动后；"
                f"{SMALL} 份共 {a:.1f} 秒，{LARGE} 份共 {b:.1f} 秒）"
            )


if __name__ == "__main__":
    main()
