"""``yusuan import``: a folder of documents into a real SQLite database, in worker processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.factory import budget_to_yaml, make_budget
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app
from yusuan.model import load_budget
from yusuan.parse import MAX_BYTES
from yusuan.render.writers import write_outputs
from yusuan.store import make_engine
from yusuan.store.queries import count_budgets, list_budgets, versions

runner = CliRunner()
SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"


def _folder(root: Path) -> Path:
    """Two generated budget files, the sample published as XLSX, and files that must fail or
    be skipped."""
    docs = root / "下载"
    (docs / "子目录").mkdir(parents=True)
    for seed in (3, 7):
        (docs / f"预算{seed}.yaml").write_text(budget_to_yaml(make_budget(seed)), "utf-8")
    write_outputs(load_budget(SAMPLE), docs / "子目录", ["xlsx"])
    (docs / "损坏.pdf").write_bytes(bytes(range(256)) * 8)  # binary, not a PDF
    (docs / "空.txt").write_bytes(b"")
    (docs / ".隐藏.txt").write_text("部门预算 1.00", "utf-8")  # hidden: skipped
    (docs / "说明.doc").write_bytes(b"not looked at")  # not a suffix searched for
    return docs


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from yusuan.cli import main; main()", *args]
    env = {**os.environ, "PYTHONPATH": str(Path(yusuan.__file__).parents[1])}  # this checkout
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _stored(url: str) -> list[tuple[str, int, int, int]]:
    engine = make_engine(url)
    try:
        return sorted((b.department, b.year, b.versions, b.errors) for b in list_budgets(engine))
    finally:
        engine.dispose()


def test_a_folder_is_imported_in_worker_processes_and_bad_files_are_named(
    tmp_path: Path,
) -> None:
    docs = _folder(tmp_path)
    url = f"sqlite:///{tmp_path / '研究.sqlite'}"
    run = _cli("import", str(docs), "--db", url, "--jobs", "2", cwd=tmp_path)
    assert run.returncode == 2, run.stderr  # two files failed
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("错误：")]
    refused = "不支持的文件类型（只接受 PDF、PDF 文本、XLSX 和预算 YAML 文件）"
    assert errors == [
        f"错误：{docs / '损坏.pdf'}：{refused}",
        f"错误：{docs / '空.txt'}：文件为空",
    ]
    assert "共 5 个文件：新版本 3，与已存相同 0，失败 2" in run.stderr
    assert "2 个进程" in run.stderr
    imported = run.stdout.splitlines()
    assert len(imported) == 3 and all("第 1 版" in line for line in imported)
    assert str(docs / "子目录" / "disclosure.xlsx") in run.stdout
    stored = _stored(url)
    assert len(stored) == 3 and all(n == 1 for _, _, n, _ in stored)
    assert ("中共阿图什市委员会办公室", 2023, 1, 0) in stored  # the XLSX, audited clean
    names = {make_budget(seed).department.name for seed in (3, 7)}
    assert names <= {department for department, *_ in stored}


def test_importing_again_writes_nothing_new(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for seed in (3, 7):
        (docs / f"{seed}.yaml").write_text(budget_to_yaml(make_budget(seed)), "utf-8")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    first = runner.invoke(app, ["import", str(docs), "--db", url, "-j", "1"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["import", str(docs), "--db", url, "-j", "1"])
    assert again.exit_code == 0, again.output
    assert again.stdout.count("与已存的第 1 版相同，未写入") == 2
    assert "新版本 0，与已存相同 2，失败 0" in again.stderr
    engine = make_engine(url)
    try:
        assert count_budgets(engine) == 2
        for budget in list_budgets(engine):
            assert len(versions(engine, budget.budget_id)) == 1
    finally:
        engine.dispose()


def test_version_numbers_follow_the_order_given_not_the_workers(tmp_path: Path) -> None:
    # Two different files of the same budget: whichever worker finishes first, the file named
    # first on the command line becomes version 1.
    budget = load_budget(SAMPLE)
    one, two = tmp_path / "一", tmp_path / "二"
    (first,) = write_outputs(budget, one, ["xlsx"])
    second = two / "预算.yaml"
    two.mkdir()
    second.write_bytes(SAMPLE.read_bytes())
    for order, jobs in (((second, first), "2"), ((first, second), "1")):
        url = f"sqlite:///{tmp_path / f'{jobs}.sqlite'}"
        run = _cli("import", *map(str, order), "--db", url, "-j", jobs, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        lines = run.stdout.splitlines()
        assert lines[0].startswith(f"{order[0]}：") and "第 1 版" in lines[0]
        assert lines[1].startswith(f"{order[1]}：") and "第 2 版" in lines[1]


def test_a_path_that_does_not_exist_stops_before_anything_is_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    missing = tmp_path / "没有"
    result = runner.invoke(app, ["import", str(SAMPLE), str(missing), "--db", url])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：{missing}：路径不存在"
    assert not (tmp_path / "db.sqlite").exists()


def test_a_folder_without_documents_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "笔记.doc").write_bytes(b"x")
    result = runner.invoke(app, ["import", str(tmp_path), "--db", "sqlite:///:memory:"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"错误：{tmp_path}：没有可导入的文件")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_too_large_is_refused_without_reading_it(tmp_path: Path, jobs: str) -> None:
    huge = tmp_path / "大.pdf"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk used, nothing read
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = runner.invoke(app, ["import", str(huge), str(SAMPLE), "--db", url, "-j", jobs])
    assert result.exit_code == 2
    assert f"错误：{huge}：文件过大（64 MB，上限 64 MB）" in result.stderr.splitlines()
    assert "新版本 1，与已存相同 0，失败 1" in result.stderr
