"""Parse speed: seed-sized text documents per second; PDF pages per second against pdfplumber.

Targets: ≥ 200 seed-sized text documents per second per core.  Measured in-process, imports
done, one core: the whole parse (tables, claims, projects, targets, rebuilt budget, report),
then text extraction alone, then PDF → parse, with pdfplumber's ``extract_text`` on the same
files for comparison.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import yusuan

SHARED = Path(yusuan.__file__).parents[3] / "shared"
SEED = SHARED / "seeds" / "000_2b87194ee213430c.txt"
CORPUS = SHARED / "corpus"
TARGET = 200.0


def _rate(fn: Callable[[], object], seconds: float = 3.0) -> float:
    """Calls per second of one core's CPU time (the machine is shared: wall time would
    count other jobs' time too)."""
    fn()
    n, start, wall = 0, time.process_time(), time.perf_counter()
    while time.perf_counter() - wall < seconds:
        fn()
        n += 1
    return n / max(time.process_time() - start, 1e-9)


def main() -> None:
    from yusuan.parse import parse_bytes, parse_text
    from yusuan.parse.pdf import pdf_text
    from yusuan.parse.text import read_text

    if not SEED.exists():
        print(f"   没有种子文件 {SEED}，跳过")
        return
    text = SEED.read_text("utf-8")
    full = _rate(lambda: parse_text(text, "seed"))
    mark = "达标" if full >= TARGET else f"未达目标 {TARGET:.0f}"
    print(f"   种子文本完整解析：{full:.1f} 份/秒/核（CPU 时间；{mark}）")
    norm = _rate(lambda: read_text(text, "s"))
    print(f"   其中文本规整（断行数字、页码、异体字）：{norm:.1f} 份/秒")
    pdfs = sorted(CORPUS.glob("*.pdf"))
    if not pdfs:
        return
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - dev extra
        pdfplumber = None
    for path in pdfs:
        data = path.read_bytes()
        _, pages, _ = pdf_text(data, path.name)
        ours = _rate(lambda d=data, n=path.name: pdf_text(d, n), 2.0) * pages
        whole = _rate(lambda d=data, n=path.name: parse_bytes(d, n), 2.0) * pages
        line = (
            f"   {path.name}（{pages} 页）：pypdfium2 取文本 {ours:.0f} 页/秒，"
            f"取文本+解析 {whole:.0f} 页/秒"
        )
        if pdfplumber is not None:

            def plumber(p: Path = path) -> None:
                with pdfplumber.open(p) as pdf:
                    for page in pdf.pages:
                        page.extract_text()

            line += f"；pdfplumber 取文本 {_rate(plumber, 2.0) * pages:.1f} 页/秒"
        print(line, flush=True)


if __name__ == "__main__":
    main()
