"""``yusuan build | tables | demo`` through Typer's runner and as a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from yusuan.cli import app
from yusuan.compile import compile_tables
from yusuan.model.load import load_budget

SAMPLE = Path(str(files("yusuan") / "samples" / "atushi-2023.yaml"))
YUSUAN = Path(sys.executable).parent / "yusuan"

runner = CliRunner()


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _replace_line(old: str, new: str) -> Callable[[str], tuple[str, int]]:
    """A mutation of the sample: the first line containing ``old`` gets ``new`` instead."""

    def mutate(text: str) -> tuple[str, int]:
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if old in line:
                lines[i] = line.replace(old, new, 1)
                return "".join(lines), i + 1
        raise AssertionError(f"sample has no line with {old!r}")

    return mutate


def _insert_after(anchor: str, new_line: str) -> Callable[[str], tuple[str, int]]:
    def mutate(text: str) -> tuple[str, int]:
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if anchor in line:
                lines.insert(i + 1, new_line + "\n")
                return "".join(lines), i + 2
        raise AssertionError(f"sample has no line with {anchor!r}")

    return mutate


BASIC = 'economic_code: "30101", amount: 361.39'
#: name → (mutation of the sample, words the one-line message must contain)
BAD_INPUTS: dict[str, tuple[Callable[[str], tuple[str, int]], str]] = {
    "malformed_yaml": (_replace_line("year: 2023", "year: 2023: 年"), ""),  # wording: loader
    "unknown_key": (_insert_after("  kind: administrative", "  colour: red"), "colour"),
    "not_a_number": (_replace_line(BASIC, 'economic_code: "30101", amount: 三百'), "数字"),
    "three_decimals": (_replace_line(BASIC, 'economic_code: "30101", amount: 361.391'), "两位"),
    "negative": (_replace_line(BASIC, 'economic_code: "30101", amount: -361.39'), "负"),
    "unknown_code": (_replace_line(BASIC, 'economic_code: "30166", amount: 361.39'), "30166"),
    "stated_total_disagrees": (_replace_line("amount: 133.70", "amount: 133.71"), "不一致"),
}


@pytest.fixture(params=sorted(BAD_INPUTS))
def bad_budget(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, int, str]:
    mutate, words = BAD_INPUTS[request.param]
    text, line = mutate(sample_text())
    path = tmp_path / f"{request.param}.yaml"
    path.write_text(text, encoding="utf-8")
    return path, line, words


def _line_of(message: str, path: Path) -> int:
    m = re.match(rf"^错误：{re.escape(str(path))}:(\d+): ", message)
    assert m, message
    return int(m.group(1))


def _assert_one_line_error(stderr: str, path: Path, line: int, words: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    reported = _line_of(lines[0], path)
    # the line of the change, or (for a record-level rule) the first line of its record
    assert line - 2 <= reported <= line, (reported, line, lines[0])
    assert words in lines[0]


def _disclosure_files(directory: Path) -> list[str]:
    if not directory.exists():
        return []
    return sorted(p.name for p in directory.iterdir())


# ------------------------------------------------------------------ in-process (CliRunner)
def test_build_writes_html_and_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _disclosure_files(out) == ["disclosure.html", "disclosure.xlsx"]
    html = (out / "disclosure.html").read_text(encoding="utf-8")
    assert "部门收支总体情况表" in html and "5,935.22" in html
    wb = load_workbook(out / "disclosure.xlsx")
    tables = compile_tables(load_budget(SAMPLE))
    assert {f"表{t.number} {t.title}" for t in tables} <= set(wb.sheetnames)
    assert "disclosure.html" in result.output


def test_build_one_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(tmp_path), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert _disclosure_files(tmp_path) == ["disclosure.xlsx"]


def test_build_unknown_format_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(tmp_path), "--format", "odt"])
    assert result.exit_code == 2
    from yusuan.render.writers import WRITERS

    choices = "、".join(WRITERS)
    assert "html、xlsx" in choices
    assert result.stderr.splitlines() == [f"错误：未知的输出格式：odt（可选：{choices}）"]
    assert _disclosure_files(tmp_path) == []


def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    bad_budget: tuple[Path, int, str], tmp_path: Path
) -> None:
    path, line, words = bad_budget
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    _assert_one_line_error(result.stderr, path, line, words)
    assert result.stdout == ""
    assert _disclosure_files(out) == []


def test_existing_outputs_survive_a_failed_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(SAMPLE), "-o", str(out)]).exit_code == 0
    before = (out / "disclosure.html").read_bytes()
    bad = tmp_path / "bad.yaml"
    bad.write_text(sample_text().replace("amount: 133.70", "amount: 133.71", 1), "utf-8")
    result = runner.invoke(app, ["build", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert (out / "disclosure.html").read_bytes() == before
    assert _disclosure_files(out) == ["disclosure.html", "disclosure.xlsx"]


def test_failing_writer_leaves_no_partial_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yusuan.render import writers

    def broken(budget: object, path: Path) -> None:
        path.write_bytes(b"half")
        raise RuntimeError("磁盘已满")

    monkeypatch.setitem(writers.WRITERS, "xlsx", writers.Writer("disclosure.xlsx", broken))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "错误：内部错误 RuntimeError：磁盘已满（加 --debug 查看详细信息）"
    ]
    assert _disclosure_files(out) == []  # html was rendered first, yet not moved in
    debug = runner.invoke(app, ["--debug", "build", str(SAMPLE), "-o", str(out)])
    assert isinstance(debug.exception, RuntimeError)
    assert _disclosure_files(out) == []


def test_tables_prints_table_6(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tables", str(SAMPLE), "--table", "6"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "表6 一般公共预算基本支出情况表" in out
    assert "表5" not in out and "表7" not in out
    t6 = compile_tables(load_budget(SAMPLE))[5]
    for row in t6.rows:
        for value in row.cells:
            if isinstance(value, Decimal) and value:
                assert f"{value:,.2f}" in out
    assert "1,645.57" in out and "人员经费" in out and "编制部门：中共阿图什市委员会办公室" in out


def test_tables_all_and_notes() -> None:
    result = runner.invoke(app, ["tables", str(SAMPLE)])
    assert result.exit_code == 0
    for n in range(1, 11):
        assert f"表{n} " in result.stdout
    assert result.stdout.count("备注：") == 2


def test_tables_rejects_table_11() -> None:
    result = runner.invoke(app, ["tables", str(SAMPLE), "--table", "11"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["错误：--table 应为 1–10 之间的表号，而不是 11"]
    assert result.stdout == ""


def test_tables_leave_out_empty_columns_and_say_so() -> None:
    result = runner.invoke(app, ["tables", str(SAMPLE), "--table", "2"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "5,935.22" in out and "161.31" in out and "单位资金" in out
    hidden = out.split("未显示：", 1)[1]
    assert "政府性基金预算" in hidden and "财政拨款结转" in hidden
    assert "单位资金" not in hidden
    # an empty table keeps its columns
    empty = runner.invoke(app, ["tables", str(SAMPLE), "--table", "8"]).stdout
    assert "基本支出" in empty and "未显示" not in empty and "备注：" in empty


def test_demo_builds_the_sample_into_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert _disclosure_files(tmp_path / "out") == ["disclosure.html", "disclosure.xlsx"]
    assert "out/disclosure.html" in result.stdout
    assert (tmp_path / "out" / "disclosure.html").resolve().as_uri() in result.stdout


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(app, ["build", str(missing), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"错误：{missing}: 文件不存在"]


# ------------------------------------------------------------------ a real process
def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("YUSUAN_DEBUG", None)
    return subprocess.run(
        [str(YUSUAN), *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


def test_console_script_builds(tmp_path: Path) -> None:
    assert YUSUAN.exists(), "install with pip install -e ."
    proc = _run("build", str(SAMPLE), "-o", "dist", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert _disclosure_files(tmp_path / "dist") == ["disclosure.html", "disclosure.xlsx"]


def test_console_script_bad_input(bad_budget: tuple[Path, int, str], tmp_path: Path) -> None:
    path, line, words = bad_budget
    proc = _run("build", str(path), "-o", "dist", cwd=tmp_path)
    assert proc.returncode == 2
    _assert_one_line_error(proc.stderr, path, line, words)
    assert _disclosure_files(tmp_path / "dist") == []


def test_console_script_tables(tmp_path: Path) -> None:
    proc = _run("tables", str(SAMPLE), "--table", "6", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "表6 一般公共预算基本支出情况表" in proc.stdout
    assert "1,577.48" in proc.stdout and "30.72" in proc.stdout


def test_output_path_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", str(target)])
    assert result.exit_code == 2  # a wrong -o is bad input, like a wrong --format
    assert result.stderr.splitlines() == [
        f"错误：{target}：已存在同名文件，不是目录；-o 应为输出目录"
    ]
    assert target.read_text(encoding="utf-8") == "mine"
