"""Command-line mistakes (unknown command or option, missing argument, bad value) are one
Chinese line naming what to fix, with exit code 2 — not click's English usage block."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from yusuan.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--version"], "错误：没有选项 --version（用法见 yusuan --help）"),
        (
            ["biuld"],
            "错误：没有命令 biuld，是否应为 build？（可用：audit、build、demo",
        ),
        (["build"], "错误：缺少参数 BUDGET.yaml（用法见 yusuan build --help）"),
        (["build", "a.yaml", "--formt", "html"], "错误：没有选项 --formt，是否应为 --format？"),
        (["build", "a.yaml", "b.yaml"], "错误：多余的参数：b.yaml"),
        (["tables", "a.yaml", "--table", "x"], "错误：--table / -t 应为整数"),
        (
            ["audit", "a.yaml", "--format", "xml"],
            "错误：--format / -f 应为 text、json、html 之一，而不是 xml",
        ),
    ],
)
def test_usage_mistake_is_one_chinese_line(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args, prog_name="yusuan")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected), lines[0]
    assert "Error" not in result.output and "Usage" not in result.output


def test_no_arguments_still_shows_the_help() -> None:
    result = runner.invoke(app, [], prog_name="yusuan")
    assert "部门预算的编制、公开表生成与审核" in result.output
    assert "错误：" not in result.output
