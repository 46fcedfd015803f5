"""Web load test: requests/s of the budget page and the API, 20 concurrent clients, loopback.

Starts ``uvicorn`` (one worker process, as ``yusuan serve`` does) on a free 127.0.0.1 port
with a temporary SQLite database holding the built-in sample, then for each route keeps
20 clients busy for a few seconds.  Any non-200 answer or transport error fails the bench.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

CLIENTS = 20
SECONDS = 5.0
ROUTES = (
    ("预算页面 /budgets/1", "/budgets/1"),
    ("API 预算列表 /api/budgets", "/api/budgets"),
    ("API 公开表 /api/budgets/1/tables", "/api/budgets/1/tables"),
    ("API 审核问题 /api/budgets/1/findings", "/api/budgets/1/findings"),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(base: str, path: str) -> tuple[int, int, list[float], float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await client.get(path)  # warm the caches
        stop = time.perf_counter() + SECONDS

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                start = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200 or not r.content:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - start)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - began
    return len(latencies), errors, latencies, elapsed


def main() -> None:
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        env.pop("YUSUAN_ADMIN_TOKEN", None)
        cmd = [sys.executable, "-m", "uvicorn", "yusuan.web:create_app", "--factory"]
        cmd += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
        server = subprocess.Popen(cmd, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/api/budgets", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("网页服务未能启动")
                time.sleep(0.2)
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"   （本机 {os.cpu_count()} 核，负载 {load}；服务与压测客户端同机）", flush=True)
            failed = []
            for label, path in ROUTES:
                count, errors, latencies, elapsed = asyncio.run(_load(base, path))
                p50 = statistics.median(latencies) * 1000
                p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
                print(
                    f"   {label}：{count / elapsed:,.0f} 次/秒（{CLIENTS} 个并发客户端，"
                    f"{count} 次请求，{errors} 个错误；中位 {p50:.0f} ms，P95 {p95:.0f} ms）",
                    flush=True,
                )
                if errors:
                    failed.append(label)
            if failed:
                raise RuntimeError(f"有错误的路由：{'、'.join(failed)}")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
