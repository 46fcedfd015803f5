"""``yusuan build``: an output path that is a file, and a prior-year file of another department."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from yusuan.cli import app

runner = CliRunner()

BUDGET = """\
year: {year}
department:
  name: {name}
basic:
  - {{functional_code: "2013101", economic_code: "30101", amount: 10.00}}
"""


def test_output_that_is_an_existing_file_is_bad_input(tmp_path: Path) -> None:
    budget = tmp_path / "budget.yaml"
    budget.write_text(BUDGET.format(year=2023, name="甲局"), encoding="utf-8")
    result = runner.invoke(app, ["build", str(budget), "-o", str(budget)])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"错误：{budget}：已存在同名文件，不是目录；-o 应为输出目录"
    assert budget.read_text(encoding="utf-8").startswith("year: 2023")


def test_prior_year_of_another_department_is_pointed_out(tmp_path: Path) -> None:
    budget = tmp_path / "2023.yaml"
    budget.write_text(BUDGET.format(year=2023, name="甲局"), encoding="utf-8")
    other = tmp_path / "2022.yaml"
    other.write_text(BUDGET.format(year=2022, name="乙局"), encoding="utf-8")
    result = runner.invoke(
        app, ["build", str(budget), "-o", str(tmp_path / "out"), "--prior", str(other)]
    )
    assert result.exit_code == 0, result.output
    assert "乙局" in result.stderr and "甲局" in result.stderr and "不同" in result.stderr
    assert (tmp_path / "out" / "disclosure.html").is_file()
