"""``yusuan serve`` as a real process: defaults, the sample on an empty database, bad input."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

YUSUAN = [sys.executable, "-c", "from yusuan.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_help_names_the_loopback_defaults() -> None:
    done = subprocess.run([*YUSUAN, "serve", "--help"], capture_output=True, text=True, check=True)
    assert "127.0.0.1" in done.stdout and "8000" in done.stdout


def test_serves_the_sample_from_an_empty_database(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "YUSUAN_ADMIN_TOKEN")}
    proc = subprocess.Popen(
        [*YUSUAN, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/budgets", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "yusuan serve did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["count"] == 1
        assert (tmp_path / "yusuan.sqlite").exists()  # the default store: a file in the cwd
        upload = httpx.post(
            f"http://127.0.0.1:{port}/api/budgets",
            files={"file": ("a.yaml", b"year: 2024\n")},
            headers={"Authorization": "Bearer anything"},
        )
        assert upload.status_code == 403  # no admin token configured: read-only
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=20)
    assert "YUSUAN_ADMIN_TOKEN" in err and f"http://127.0.0.1:{port}/" in err


def test_unreachable_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    done = subprocess.run(
        [*YUSUAN, "serve", "--db", f"postgresql+psycopg://nobody@127.0.0.1:{port}/x"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("错误：无法打开数据库") and "Traceback" not in done.stderr


def test_port_in_use_is_one_chinese_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        done = subprocess.run(
            [*YUSUAN, "serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr.strip() == f"错误：127.0.0.1:{port}：端口已被占用或地址不可用，请换一个 --port"
    )
    assert not (tmp_path / "x.sqlite").exists()  # refused before anything was created
