"""Run every benchmark in bench/ (files named *_bench.py, each with a main()) and print figures."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    failed = 0
    for path in sorted(here.glob("*_bench.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        print(f"== {path.stem}", flush=True)
        start = time.perf_counter()
        try:
            spec.loader.exec_module(module)
            module.main()
        except Exception as exc:  # a benchmark that fails is reported, the others still run
            failed += 1
            print(f"   失败：{type(exc).__name__}: {exc}")
        print(f"   ({time.perf_counter() - start:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
