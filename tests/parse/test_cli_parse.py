"""``yusuan parse``: the report in the terminal and as JSON, the model written to a file."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from yusuan.cli import app

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
runner = CliRunner()


def test_report_in_the_terminal() -> None:
    result = runner.invoke(app, ["parse", str(SEED)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "中共阿图什市委员会办公室" in result.output
    assert "一般公共预算项目支出情况表" in result.output
    assert "未定位 1 个" in result.output
    assert "绩效目标表 8 张" in result.output


def test_json_report() -> None:
    result = runner.invoke(app, ["parse", str(SEED), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert [u["text"] for u in report["unplaced"]] == ["161.31"]
    assert {t["key"] for t in report["tables"] if t["status"] == "found"} >= {
        "overview",
        "general_budget_projects",
        "three_public",
    }


def test_model_written_as_yaml_and_json(tmp_path: Path) -> None:
    out = tmp_path / "seed.yaml"
    result = runner.invoke(app, ["parse", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text("utf-8"))
    t7 = data["disclosure"]["tables"]["general_budget_projects"]
    assert len([r for r in t7["rows"] if r["kind"] == "project"]) == 27
    assert data["disclosure"]["budget"]["department"]["name"] == "中共阿图什市委员会办公室"
    out_json = tmp_path / "seed.json"
    result = runner.invoke(app, ["parse", str(SEED), "-o", str(out_json), "--report"])
    assert result.exit_code == 0
    assert "公开表" in result.output
    assert json.loads(out_json.read_text("utf-8"))["report"]["claims"] > 100


def test_bad_output_suffix_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "seed.txt"
    result = runner.invoke(app, ["parse", str(SEED), "-o", str(out)])
    assert result.exit_code == 2
    assert not out.exists()
    assert result.output.startswith("错误：")
